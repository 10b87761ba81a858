package ibmcli_test

import (
	"testing"

	"appconfig-console/cloudsim"
)

func TestResourceCommands(t *testing.T) {
	t.Parallel()
	c := adminCLI(t)
	runCases(t, c, "resource", []cliCase{
		{name: "all instances", args: []string{"service-instances"}, wantOut: []string{
			"Retrieving instances with type service_instance in all resource groups in all locations under account Demo Account as demo@example.com...\nOK\n",
			"Name                           Location   State    Type               Resource Group ID\n",
			"key-protect-us-south           us-south   active   service_instance   " + cloudsim.DefaultResourceGroupID}},
		{name: "by service and group", args: []string{"service-instances", "--service-name", "kms", "-g", "production"},
			wantOut: []string{"in resource group production in all locations", "key-protect-eu-de"}, notOut: []string{"key-protect-us-south", "Resource Group ID"}},
		{name: "long", args: []string{"service-instances", "--location", "eu-de", "--long"}, wantOut: []string{"in location eu-de", cloudsim.AppConfigEUCRN},
			notOut: []string{"us-south"}},
		{name: "json", args: []string{"service-instances", "--service-name", "apprapp", "--output", "json"}, wantOut: []string{`"guid": "` + cloudsim.AppConfigEnterpriseGUID + `"`}},
		{name: "one by name", args: []string{"service-instance", "app-config-enterprise"}, wantOut: []string{
			"Retrieving service instance app-config-enterprise in all resource groups under account Demo Account as demo@example.com...\nOK\n",
			"Name:                  app-config-enterprise\nID:                    " + cloudsim.AppConfigEnterpriseCRN + "\nGUID:                  " + cloudsim.AppConfigEnterpriseGUID,
			"Service Plan Name:     enterprise", "Resource Group Name:   Default"}},
		{name: "id only", args: []string{"service-instance", "key-protect-us-south", "--id"}, wantOut: []string{cloudsim.KeyProtectUSSouthCRN + "\n"}, notOut: []string{"Retrieving"}},
		{name: "one by GUID", args: []string{"service-instance", cloudsim.HPCSUSSouthGUID}, wantOut: []string{"Name:                  hpcs-us-south"}},
		{name: "unknown", args: []string{"service-instance", "nosuch"}, wantCode: 1, wantErr: []string{"FAILED\nService instance nosuch was not found\n"}},
		{name: "no name", args: []string{"service-instance"}, wantCode: 1, wantErr: []string{"Incorrect Usage: Incorrect number of arguments"}},
		{name: "group and all groups", args: []string{"service-instances", "-g", "Default", "--all-resource-groups"}, wantCode: 1,
			wantErr: []string{"Incorrect Usage: '-g' and '--all-resource-groups' can't be used together"}},
	})
}

func TestHelpAndUnknownCommands(t *testing.T) {
	t.Parallel()
	tests := []cliCase{
		{name: "global", args: nil, wantOut: []string{"USAGE:\n   ibmcloud [global options] command", "iam authorization-policy-create"}},
		{name: "command --help", args: []string{"iam", "authorization-policy-create", "--help"}, wantOut: []string{
			"NAME:\n   ibmcloud iam authorization-policy-create - Create an authorization policy",
			"USAGE:\n   ibmcloud iam authorization-policy-create { SOURCE_SERVICE_NAME TARGET_SERVICE_NAME ROLE_NAME1,ROLE_NAME2...",
			"--source-service-account ACCOUNT_GUID", "--file JSON_FILE"}},
		{name: "help command", args: []string{"help", "app-configuration", "integration-create"}, wantOut: []string{"--metadata-root-key-id", "--integration-type KMS | EVENT_NOTIFICATIONS"}},
		{name: "short name's help", args: []string{"help", "ac", "integration-create"}, wantOut: []string{"ibmcloud app-configuration integration-create"}},
		{name: "short name's namespace", args: []string{"ac"}, wantOut: []string{"COMMANDS:\n", "integration-create"}},
		{name: "short name's unknown subcommand", args: []string{"ac", "integration-rotate"}, wantCode: 1,
			wantErr: []string{"FAILED\n'integration-rotate' is not a registered command. See 'ibmcloud app-configuration --help'.\n"}},
		{name: "namespace", args: []string{"iam"}, wantOut: []string{"COMMANDS:\n", "authorization-policy-delete", "authorization-policies"}},
		{name: "namespace help command", args: []string{"resource", "help", "service-instance"}, wantOut: []string{"ibmcloud resource service-instance (NAME|ID)"}},
		{name: "short help", args: []string{"login", "-h"}, wantOut: []string{"--apikey KEY"}},
		{name: "unknown command", args: []string{"ks", "clusters"}, wantCode: 1, wantErr: []string{"FAILED\n'ks' is not a registered command. See 'ibmcloud help'.\n"}},
		{name: "unknown subcommand", args: []string{"iam", "users"}, wantCode: 1, wantErr: []string{"FAILED\n'users' is not a registered command. See 'ibmcloud iam --help'.\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, cliOf(t, nil))
		})
	}
}

func TestKeyProtectCommands(t *testing.T) {
	t.Parallel()
	kp := cloudsim.KeyProtectUSSouthGUID
	c := adminCLI(t)
	runCases(t, c, "kp", []cliCase{
		{name: "keys", args: []string{"keys", "-i", kp}, wantOut: []string{"Retrieving keys...\nOK\nKey ID                                 Key Name\n",
			cloudsim.AppConfigRootKeyID + "   app-config-root-key"}},
		{name: "root keys with CRN from the environment", env: map[string]string{"KP_INSTANCE_ID": kp}, args: []string{"keys", "-t", "root-key", "-c", "--key-states", "Active"},
			wantOut: []string{"CRN", "key:" + cloudsim.AppConfigRootKeyID}, notOut: []string{"standard-data-key", "suspended-root-key"}},
		{name: "keys json", args: []string{"keys", "-i", kp, "--output", "json", "-n", "1"}, wantOut: []string{`"state": 2`, `"name": "suspended-root-key"`},
			notOut: []string{"Retrieving", "app-config-root-key"}},
		{name: "registrations", args: []string{"registrations", "-i", cloudsim.KeyProtectEUDEGUID, "-k", cloudsim.EURootKeyID},
			wantOut: []string{"Retrieving registrations...\nOK\n", cloudsim.AppConfigEUCRN}},
		{name: "no instance", args: []string{"keys"}, wantCode: 1, wantErr: []string{"Incorrect Usage: an instance ID is required"}},
		{name: "bad key type", args: []string{"keys", "-i", kp, "-t", "root"}, wantCode: 1, wantErr: []string{"Incorrect Usage: Invalid key type 'root'."}},
		{name: "key search", args: []string{"keys", "-i", kp, "-l", "name:app"}, wantCode: 1, wantErr: []string{"FAILED\n--key-search is not available in this console's CLI."}},
	})
}
