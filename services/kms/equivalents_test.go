package kms_test

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/kms"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

// Arguments of the Terraform resources as terraform-provider-ibm documents them (website/docs/r/*.html.markdown):
// every one the console may write, and the required ones.
var (
	terraformArgs = map[string][]string{
		"ibm_iam_authorization_policy": servicetest.AuthorizationPolicyArgs,
		appconfig.TerraformKMS:         {"guid", "integration_id", "kms_instance_crn", "kms_endpoint", "root_key_id", "depends_on"},
	}
	terraformRequired = map[string][]string{
		"ibm_iam_authorization_policy": servicetest.AuthorizationPolicyRequired,
		appconfig.TerraformKMS:         {"guid", "integration_id", "kms_instance_crn", "kms_endpoint", "root_key_id"},
	}
)

// TestEquivalents prints the commands and Terraform of Create for each state of the panel; where Create runs, it runs
// Create against cloudsim and checks that the printed commands and blocks name exactly what Create left there.
func TestEquivalents(t *testing.T) {
	tests := []struct {
		name              string
		app, target, key  string
		authorize         bool
		existing          bool  // an authorization grants the access before Create
		checkErr          error // the panel could not check the authorization
		refusal           kms.Refusal
		wantPending       string
		wantAuthorization bool // the commands create the authorization
		wantNote          string
		runCreate         bool
	}{
		{name: "nothing chosen", app: cloudsim.AppConfigEnterpriseGUID, wantPending: kms.PendingChoice},
		{name: "instance chosen, no key yet", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			wantPending: kms.PendingChoice},
		{name: "Hyper Protect Crypto Services refuses new integrations", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.HPCSUSSouthGUID,
			key: cloudsim.KYOKRootKeyID, authorize: true, refusal: kms.RefusalServiceClosed, wantPending: kms.PendingHPCS},
		{name: "Lite plan", app: cloudsim.AppConfigLiteGUID, target: cloudsim.KeyProtectUSSouthGUID, key: cloudsim.AppConfigRootKeyID,
			authorize: true, refusal: kms.RefusalPlan, wantPending: kms.PendingPlan},
		{name: "already connected", app: cloudsim.AppConfigEUGUID, target: cloudsim.KeyProtectEUDEGUID, key: cloudsim.EURootKeyID,
			refusal: kms.RefusalConnected, wantPending: kms.PendingConnected},
		{name: "authorization missing and not ticked", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, wantPending: kms.PendingAuthorize},
		{name: "authorization ticked", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, wantAuthorization: true, wantNote: "takes effect", runCreate: true},
		{name: "authorization exists", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.BackupRootKeyID, authorize: true, existing: true, wantNote: "already authorized", runCreate: true},
		{name: "authorization not checked, ticked", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, authorize: true, checkErr: errors.New("IAM unavailable"), wantAuthorization: true,
			wantNote: "only if none does"},
		{name: "authorization not checked, not ticked", app: cloudsim.AppConfigEnterpriseGUID, target: cloudsim.KeyProtectUSSouthGUID,
			key: cloudsim.AppConfigRootKeyID, checkErr: errors.New("IAM unavailable"), wantNote: "Create stops if none does"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			req := kms.ConnectRequest{AccountID: cloudsim.DemoAccountID, AppConfig: f.Instance(t, tt.app), KeyID: tt.key, Authorize: tt.authorize}
			if tt.target != "" {
				req.KMS = f.Instance(t, tt.target)
			}
			read := kms.Panel{Refusal: tt.refusal, AuthorizationErr: tt.checkErr}
			if tt.existing {
				a, err := f.IAM.CreateAuthorization(ctx, f.Admin, kms.NewAuthorization(req.AccountID, req.AppConfig, req.KMS))
				if err != nil {
					t.Fatal(err)
				}
				read.Authorization = &a
			}
			eq := kms.Equivalents(req, read)
			printed := servicetest.Want{Pending: tt.wantPending, Note: tt.wantNote, Args: terraformArgs, Required: terraformRequired,
				Lines: []string{"ibmcloud app-configuration integration-create"}, Types: []string{appconfig.TerraformKMS}}
			if tt.wantAuthorization {
				printed.Lines = append([]string{"ibmcloud iam authorization-policy-create apprapp kms Reader"}, printed.Lines...)
				printed.Types = append([]string{"ibm_iam_authorization_policy"}, printed.Types...)
			}
			commands, blocks, ready := servicetest.CheckEquivalents(t, eq.Pending, eq.Ready(), eq.CLI, eq.Terraform, printed)
			if !ready {
				return
			}
			if !strings.Contains(eq.Terraform, `region = "`+req.AppConfig.Region+`"`) {
				t.Errorf("Terraform does not name the region %s:\n%s", req.AppConfig.Region, eq.Terraform)
			}
			integration := commands[len(commands)-1]
			block := blocks[len(blocks)-1]
			if block.Args["guid"] != integration.Flags["--guid"] || block.Args["integration_id"] != integration.Flags["--integration-id"] ||
				block.Args["kms_instance_crn"] != integration.Flags["--metadata-kms-instance-crn"] ||
				block.Args["kms_endpoint"] != integration.Flags["--metadata-kms-endpoint"] ||
				block.Args["root_key_id"] != integration.Flags["--metadata-root-key-id"] {
				t.Errorf("the Terraform block %v differs from the command %v", block.Args, integration.Flags)
			}
			if tt.wantAuthorization != (block.Args["depends_on"] == "[ibm_iam_authorization_policy."+blocks[0].Name+"]") {
				t.Errorf("depends_on = %q", block.Args["depends_on"])
			}
			if !tt.runCreate {
				return
			}
			// What Create leaves in cloudsim is what the commands and the blocks name.
			connections := connect.NewConnector(f.Integrations, f.IAM, kms.NewKeyCache(f.Keys, usercache.DefaultTTL, nil, nil), nil, testWait, nil)
			if _, err := connections.ConnectKMS(ctx, cloudsim.AdminIAMID, f.Admin, req); err != nil {
				t.Fatal(err)
			}
			list, err := f.Integrations.ListIntegrations(ctx, f.Admin, appconfig.InstanceOf(req.AppConfig))
			if err != nil {
				t.Fatal(err)
			}
			made := kms.IntegrationOf(list)
			if made == nil {
				t.Fatal("Create left no KMS integration")
			}
			want := map[string]string{"--guid": req.AppConfig.GUID, "--region": req.AppConfig.Region, "--integration-type": made.Type,
				"--metadata-kms-instance-crn": made.KMSInstanceCRN, "--metadata-kms-endpoint": made.KMSEndpoint,
				"--metadata-root-key-id": made.RootKeyID, "--integration-id": integration.Flags["--integration-id"]}
			if !maps.Equal(integration.Flags, want) {
				t.Errorf("integration-create flags %v, Create left %v", integration.Flags, want)
			}
			checkAuthorization(t, f, ctx, req, tt.wantAuthorization, commands[0], blocks[0])
		})
	}
}

// checkAuthorization checks that there is one authorization from the App Configuration instance to the key management
// instance after Create and, when the commands create it, that the authorization-policy-create command and its
// Terraform block name it exactly.
func checkAuthorization(t *testing.T, f servicetest.Env, ctx context.Context, req kms.ConnectRequest, created bool, c servicetest.Command, block servicetest.Resource) {
	t.Helper()
	all, err := f.IAM.ListAuthorizations(ctx, f.Admin, cloudsim.DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	var made []iam.Authorization
	for _, a := range all {
		if a.Source.InstanceGUID == req.AppConfig.GUID && a.Target.InstanceGUID == req.KMS.GUID {
			made = append(made, a)
		}
	}
	if len(made) != 1 {
		t.Fatalf("%d authorizations from the App Configuration instance to the target, want 1", len(made))
	}
	if !created {
		return
	}
	servicetest.CheckAuthorization(t, made[0], c, block)
}
