package ibmcli_test

import (
	"strings"
	"testing"

	"appconfig-console/cloudsim"
)

func TestIntegrationCommands(t *testing.T) {
	t.Parallel()
	enterprise := []string{"--guid", cloudsim.AppConfigEnterpriseGUID}
	kmsMetadata := []string{"--metadata-kms-instance-crn", cloudsim.KeyProtectUSSouthCRN, "--metadata-kms-endpoint", "{sim}",
		"--metadata-root-key-id", cloudsim.AppConfigRootKeyID}
	authorizeKMS := []string{"iam", "authorization-policy-create", "apprapp", "kms", "Reader", "--source-service-instance-id", cloudsim.AppConfigEnterpriseGUID}
	authorizeEN := []string{"iam", "authorization-policy-create", "apprapp", "event-notifications", "Event Source Manager"}
	authorizeHPCS := []string{"iam", "authorization-policy-create", "apprapp", "hs-crypto", "Reader"}
	enMetadata := `{"event_notifications_instance_crn": "` + cloudsim.EventNotificationsCRN + `", "event_notifications_endpoint": "{sim}",
		"event_notifications_source_name": "app-config-enterprise", "event_notifications_source_description": "All the events"}`
	tests := []struct {
		name     string
		apiKey   string
		setup    [][]string // commands run first, which must succeed
		args     []string
		file     string // --metadata @FILE with this content
		wantCode int
		wantOut  []string
		wantErr  []string
		// wantCreated is the type of the one integration app-config-enterprise must have after the command ("" for none).
		wantCreated string
	}{
		{name: "list expanded", args: []string{"integrations", "--guid", cloudsim.AppConfigEUGUID, "--region", "eu-de", "--expand=true"},
			wantOut: []string{"Integration ID   Integration Type   Created Time", "kms-eu4h7k2m9p   KMS", `"root_key_id":"` + cloudsim.EURootKeyID + `"`}},
		{name: "list json", args: []string{"integrations", "--guid", cloudsim.AppConfigEUGUID, "--region", "eu-de", "--output", "json"},
			wantOut: []string{`"integration_id": "kms-eu4h7k2m9p"`, `"total_count": 1`, `"limit": 10`}},
		{name: "list in the targeted region", args: append([]string{"integrations"}, enterprise...), wantOut: []string{"Integration ID   Integration Type"}},
		{name: "show", args: []string{"integration", "--guid", cloudsim.AppConfigEUGUID, "--region", "eu-de", "--integration-id", cloudsim.EUKMSIntegrationID},
			wantOut: []string{"Integration ID     kms-eu4h7k2m9p\nIntegration Type   KMS\nMetadata           {"}},
		{name: "create kms", setup: [][]string{authorizeKMS},
			args:    append(append([]string{"integration-create", "--integration-id", "kms-cli", "--integration-type", "KMS"}, enterprise...), kmsMetadata...),
			wantOut: []string{"Integration ID     kms-cli\nIntegration Type   KMS\n", `"kms_scheme_type":"BYOK"`}, wantCreated: "KMS"},
		{name: "create event notifications from JSON", setup: [][]string{authorizeEN},
			args:    append([]string{"integration-create", "--integration-id", "en.cli_1", "--integration-type", "EVENT_NOTIFICATIONS", "--metadata", enMetadata, "--output", "json"}, enterprise...),
			wantOut: []string{`"integration_id": "en.cli_1"`, `"integration_type": "EVENT_NOTIFICATIONS"`}, wantCreated: "EVENT_NOTIFICATIONS"},
		{name: "create event notifications from a file", setup: [][]string{authorizeEN}, file: enMetadata,
			args: append([]string{"integration-create", "--integration-id", "en-file", "--integration-type", "EVENT_NOTIFICATIONS"}, enterprise...), wantCreated: "EVENT_NOTIFICATIONS"},
		{name: "create kms without authorization",
			args:     append(append([]string{"integration-create", "--integration-id", "kms-cli", "--integration-type", "KMS"}, enterprise...), kmsMetadata...),
			wantCode: 1, wantErr: []string{"FAILED\nApp Configuration is not authorized to access the key management instance key-protect-us-south", "Status code: 403 (App Configuration)"}},
		{name: "hyper protect refused", setup: [][]string{authorizeHPCS},
			args: append([]string{"integration-create", "--integration-id", "kms-hpcs", "--integration-type", "KMS", "--metadata-kms-instance-crn", cloudsim.HPCSUSSouthCRN,
				"--metadata-kms-endpoint", "{sim}", "--metadata-root-key-id", cloudsim.KYOKRootKeyID}, enterprise...),
			wantCode: 1, wantErr: []string{"FAILED\nApp Configuration no longer supports new integrations with Hyper Protect Crypto Services (since 17 March 2026)"}},
		{name: "lite plan refused", setup: [][]string{authorizeKMS},
			args:     append([]string{"integration-create", "--guid", cloudsim.AppConfigLiteGUID, "--integration-id", "kms-cli", "--integration-type", "KMS"}, kmsMetadata...),
			wantCode: 1, wantErr: []string{"are available only on the Enterprise plan; instance app-config-lite is on the Lite plan."}},
		{name: "viewer refused", apiKey: cloudsim.DemoViewerAPIKey,
			args:     append(append([]string{"integration-create", "--integration-id", "kms-cli", "--integration-type", "KMS"}, enterprise...), kmsMetadata...),
			wantCode: 1, wantErr: []string{"FAILED\n", "(App Configuration)"}},
		{name: "bad type", args: append(append([]string{"integration-create", "--integration-id", "kms-cli", "--integration-type", "kms"}, enterprise...), kmsMetadata...),
			wantCode: 1, wantErr: []string{"Incorrect Usage: Invalid value 'kms' for --integration-type. Allowable values are: KMS, EVENT_NOTIFICATIONS."}},
		{name: "bad id", args: append(append([]string{"integration-create", "--integration-id", "kms cli", "--integration-type", "KMS"}, enterprise...), kmsMetadata...),
			wantCode: 1, wantErr: []string{"Incorrect Usage: --integration-id: allowed special characters are dot"}},
		{name: "metadata twice", args: append(append([]string{"integration-create", "--integration-id", "kms-cli", "--integration-type", "KMS", "--metadata", "{}"}, enterprise...), kmsMetadata...),
			wantCode: 1, wantErr: []string{"Incorrect Usage: '--metadata' and '--metadata-kms-instance-crn' can't be used together"}},
		{name: "no guid", args: []string{"integrations"}, wantCode: 1, wantErr: []string{`Incorrect Usage: required flag(s) "guid" not set`}},
		{name: "unknown flag", args: append([]string{"integrations", "--instance"}, enterprise...), wantCode: 1,
			wantErr: []string{"Incorrect Usage: flag provided but not defined: -instance", "ibmcloud app-configuration integrations --guid GUID"}},
		{name: "delete event notifications", setup: [][]string{authorizeEN, append([]string{"app-configuration", "integration-create", "--integration-id", "en-1",
			"--integration-type", "EVENT_NOTIFICATIONS", "--metadata", enMetadata}, enterprise...)},
			args: append([]string{"integration-delete", "--integration-id", "en-1"}, enterprise...), wantOut: []string{"OK\n"}},
		{name: "delete unknown", args: append([]string{"integration-delete", "--integration-id", "en-nosuch"}, enterprise...),
			wantCode: 1, wantErr: []string{"FAILED\n", "Status code: 404 (App Configuration)"}},
		{name: "delete kms refused", args: []string{"integration-delete", "--guid", cloudsim.AppConfigEUGUID, "--region", "eu-de", "--integration-id", cloudsim.EUKMSIntegrationID},
			wantCode: 1, wantErr: []string{"FAILED\nCustomer-managed encryption cannot be disabled", "Status code: 400 (App Configuration)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := adminCLI(t)
			for _, setup := range tt.setup {
				s := make([]string, len(setup))
				for i, arg := range setup {
					s[i] = strings.ReplaceAll(arg, "{sim}", c.sim.URL)
				}
				if out, errOut, code := c.run(s...); code != 0 {
					t.Fatalf("%v: exit %d\n%s%s", s, code, out, errOut)
				}
			}
			if tt.apiKey != "" {
				c.login(tt.apiKey)
			}
			args := append([]string{"app-configuration"}, tt.args...)
			if tt.file != "" {
				args = append(args, "--metadata", "@"+writeFile(t, "metadata.json", strings.ReplaceAll(tt.file, "{sim}", c.sim.URL)))
			}
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "{sim}", c.sim.URL)
			}
			out, errOut, code := c.run(args...)
			checkRun(t, out, errOut, code, tt.wantCode, tt.wantOut, tt.wantErr)
			checkJSONOutput(t, tt.args, out)
			list := c.inspect().integrations(cloudsim.AppConfigEnterpriseGUID, "us-south")
			switch {
			case tt.wantCreated == "" && len(list) != 0:
				t.Errorf("app-config-enterprise has %d integrations, want none", len(list))
			case tt.wantCreated != "" && (len(list) != 1 || list[0].Type != tt.wantCreated):
				t.Errorf("app-config-enterprise has %+v, want one %s integration", list, tt.wantCreated)
			}
			if lite := c.inspect().integrations(cloudsim.AppConfigLiteGUID, "us-south"); len(lite) != 0 {
				t.Errorf("app-config-lite has %d integrations, want none", len(lite))
			}
			if eu := c.inspect().integrations(cloudsim.AppConfigEUGUID, "eu-de"); len(eu) != 1 {
				t.Errorf("app-config-eu has %d integrations, want its one", len(eu))
			}
		})
	}
}
