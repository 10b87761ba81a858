package eventnotifications_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/servicetest"
)

// Arguments of the Terraform resources as terraform-provider-ibm documents them (website/docs/r/*.html.markdown):
// every one the console may write, and the required ones.
var (
	terraformArgs = map[string][]string{
		"ibm_iam_authorization_policy": servicetest.AuthorizationPolicyArgs,
		appconfig.TerraformEN:          {"guid", "integration_id", "en_instance_crn", "en_endpoint", "en_source_name", "description", "depends_on"},
	}
	terraformRequired = map[string][]string{
		"ibm_iam_authorization_policy": servicetest.AuthorizationPolicyRequired,
		appconfig.TerraformEN:          {"guid", "integration_id", "en_instance_crn", "en_endpoint", "en_source_name"},
	}
)

// TestEquivalents prints the commands and Terraform of Save for each state of the panel; where Save runs, it runs
// Connect against cloudsim and checks that the printed commands and blocks name exactly what it left there.
func TestEquivalents(t *testing.T) {
	source := eventnotifications.Source{Name: " Checkout 'flags' ", Description: "Events of ${app}, 100% of them"}
	tests := []struct {
		name              string
		app, en           string
		source            eventnotifications.Source
		existing          bool
		grantErr          error
		wantPending       string
		wantAuthorization bool
		wantNote          string
		runSave           bool
	}{
		{name: "nothing chosen", app: cloudsim.AppConfigEnterpriseGUID, source: source, wantPending: eventnotifications.PendingChoice},
		{name: "Lite plan", app: cloudsim.AppConfigLiteGUID, en: cloudsim.EventNotificationsGUID, source: source,
			wantPending: eventnotifications.PendingPlan},
		{name: "no source name", app: cloudsim.AppConfigEnterpriseGUID, en: cloudsim.EventNotificationsGUID,
			source: eventnotifications.Source{Name: "  "}, wantPending: eventnotifications.PendingSource},
		{name: "role not offered", app: cloudsim.AppConfigEnterpriseGUID, en: cloudsim.EventNotificationsGUID, source: source,
			grantErr: eventnotifications.ErrRoleUnavailable, wantPending: eventnotifications.PendingRole},
		{name: "authorization missing", app: cloudsim.AppConfigEnterpriseGUID, en: cloudsim.EventNotificationsGUID, source: source,
			wantAuthorization: true, wantNote: "takes effect", runSave: true},
		{name: "authorization exists, no description", app: cloudsim.AppConfigEnterpriseGUID, en: cloudsim.EventNotificationsGUID,
			source: eventnotifications.Source{Name: "checkout"}, existing: true, wantNote: "already authorized", runSave: true},
		{name: "authorization not checked", app: cloudsim.AppConfigEnterpriseGUID, en: cloudsim.EventNotificationsGUID, source: source,
			grantErr: errors.New("IAM unavailable"), wantAuthorization: true, wantNote: "only if none does"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			in := eventnotifications.ConnectInput{AccountID: cloudsim.DemoAccountID, AppConfig: f.Instance(t, tt.app), Source: tt.source}
			var grant eventnotifications.Grant
			if tt.en != "" {
				in.EventNotifications = f.Instance(t, tt.en)
				var err error
				if grant, err = f.svc.Grant(ctx, f.Admin, cloudsim.DemoAccountID, in.AppConfig, in.EventNotifications); err != nil {
					t.Fatal(err)
				}
			}
			if tt.existing {
				a, err := f.IAM.CreateAuthorization(ctx, f.Admin, eventnotifications.NewAuthorization(in, grant.Role))
				if err != nil {
					t.Fatal(err)
				}
				grant.Existing = &a
			}
			if tt.grantErr != nil {
				grant = eventnotifications.Grant{}
			}
			eq := eventnotifications.Equivalents(in, grant, tt.grantErr)
			printed := servicetest.Want{Pending: tt.wantPending, Note: tt.wantNote, Args: terraformArgs, Required: terraformRequired,
				Lines: []string{"ibmcloud app-configuration integration-create"}, Types: []string{appconfig.TerraformEN}}
			if tt.wantAuthorization {
				printed.Lines = append([]string{"ibmcloud iam authorization-policy-create apprapp event-notifications " + eventnotifications.RoleName}, printed.Lines...)
				printed.Types = append([]string{"ibm_iam_authorization_policy"}, printed.Types...)
			}
			commands, blocks, ready := servicetest.CheckEquivalents(t, eq.Pending, eq.Ready(), eq.CLI, eq.Terraform, printed)
			if !ready {
				return
			}
			integration, block := commands[len(commands)-1], blocks[len(blocks)-1]
			src := tt.source.Normalize()
			want := map[string]string{"--region": in.AppConfig.Region, "--guid": in.AppConfig.GUID,
				"--integration-id": block.Args["integration_id"], "--integration-type": appconfig.TypeEventNotifications,
				"--metadata-event-notifications-instance-crn": block.Args["en_instance_crn"],
				"--metadata-event-notifications-endpoint":     block.Args["en_endpoint"],
				"--metadata-event-notifications-source-name":  src.Name}
			if src.Description != "" {
				want["--metadata-event-notifications-source-description"] = src.Description
			}
			if !maps.Equal(integration.Flags, want) || block.Args["guid"] != in.AppConfig.GUID || block.Args["en_source_name"] != src.Name ||
				block.Args["description"] != src.Description {
				t.Errorf("integration-create flags %v, Terraform %v; want %v", integration.Flags, block.Args, want)
			}
			if tt.wantAuthorization != (block.Args["depends_on"] == "[ibm_iam_authorization_policy."+blocks[0].Name+"]") {
				t.Errorf("depends_on = %q", block.Args["depends_on"])
			}
			if !tt.runSave {
				return
			}
			// What Save leaves in cloudsim is what the commands and the blocks name.
			res, err := f.svc.Connect(ctx, f.Admin, in)
			if err != nil {
				t.Fatal(err)
			}
			made := res.Integration
			if made.ENInstanceCRN != integration.Flags["--metadata-event-notifications-instance-crn"] ||
				made.ENEndpoint != integration.Flags["--metadata-event-notifications-endpoint"] || made.Type != integration.Flags["--integration-type"] {
				t.Errorf("Save left %+v, the command names %v", made, integration.Flags)
			}
			a := f.granting(t)
			if a == nil || res.AuthorizationCreated != tt.wantAuthorization {
				t.Fatalf("authorization %+v, created %v; want created %v", a, res.AuthorizationCreated, tt.wantAuthorization)
			}
			if !tt.wantAuthorization {
				return
			}
			servicetest.CheckAuthorization(t, *a, commands[0], blocks[0])
		})
	}
}
