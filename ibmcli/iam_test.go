package ibmcli_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/iam"
)

func TestAuthorizationPolicyCreate(t *testing.T) {
	t.Parallel()
	policyFile := `{"type": "authorization",
  "subjects": [{"attributes": [{"name": "accountId", "value": "` + cloudsim.DemoAccountID + `"}, {"name": "serviceName", "value": "apprapp"}]}],
  "roles": [{"role_id": "crn:v1:bluemix:public:iam::::serviceRole:Reader"}],
  "resources": [{"attributes": [{"name": "accountId", "value": "` + cloudsim.DemoAccountID + `", "operator": "stringEquals"}, {"name": "serviceName", "value": "hs-crypto", "operator": "stringEquals"}]}]}`
	tests := []struct {
		name     string
		apiKey   string
		args     []string
		file     string // written to a temporary file, whose path follows --file
		wantCode int
		wantOut  []string
		wantErr  []string
		// wantPolicy, when set, is "source>target" of the one policy the command must create.
		wantPolicy string
		// wantResource lists "name=value" resource attributes the created policy must have.
		wantResource []string
	}{
		{name: "names and instance names", args: []string{"apprapp", "kms", "Reader", "--source-service-instance-name", "app-config-enterprise",
			"--target-service-instance-name", "key-protect-us-south"},
			wantOut: []string{"Creating authorization policy under account " + cloudsim.DemoAccountID + " as demo@example.com...\nOK\nAuthorization policy ",
				"Source service name:       apprapp\nSource service instance:   " + cloudsim.AppConfigEnterpriseGUID,
				"Target service instance:   " + cloudsim.KeyProtectUSSouthGUID, "Roles:                     Reader"},
			wantPolicy: "apprapp>kms"},
		{name: "display names", args: []string{"App Configuration", "Key Protect", "reader"},
			wantOut: []string{"Source service instance:   All instances", "Target service name:       kms"}, wantPolicy: "apprapp>kms"},
		{name: "quiet", args: []string{"apprapp", "hs-crypto", "Reader", "-q", "--target-resource-group-id", cloudsim.DefaultResourceGroupID},
			wantOut: []string{"Target resource group:     " + cloudsim.DefaultResourceGroupID}, wantPolicy: "apprapp>hs-crypto"},
		{name: "json", args: []string{"apprapp", "event-notifications", "Event Source Manager", "--output", "JSON"},
			wantOut: []string{`"type": "authorization"`, `"role_id": "` + cloudsim.RoleEventSourceManagerCRN + `"`}, wantPolicy: "apprapp>event-notifications"},
		{name: "one key", args: []string{"apprapp", "kms", "Reader", "--target-service-instance-id", cloudsim.KeyProtectUSSouthGUID,
			"--target-resource-type", "key", "--target-resource", cloudsim.AppConfigRootKeyID},
			wantOut: []string{"Target resource type:      key\n"}, wantPolicy: "apprapp>kms",
			wantResource: []string{"resourceType=key", "resource=" + cloudsim.AppConfigRootKeyID, "serviceInstance=" + cloudsim.KeyProtectUSSouthGUID}},
		{name: "file without operators", file: strings.ReplaceAll(policyFile, `, "operator": "stringEquals"`, ""),
			wantOut: []string{"Target service name:       hs-crypto"}, wantPolicy: "apprapp>hs-crypto"},
		{name: "file", file: policyFile, wantOut: []string{"Target service name:       hs-crypto"}, wantPolicy: "apprapp>hs-crypto"},
		{name: "unknown flag", args: []string{"apprapp", "kms", "Reader", "--source-service", "x"}, wantCode: 1,
			wantErr: []string{"FAILED\nIncorrect Usage: flag provided but not defined: -source-service\n\nNAME:\n   ibmcloud iam authorization-policy-create"}},
		{name: "exclusive flags", args: []string{"apprapp", "kms", "Reader", "--source-resource-group-id", cloudsim.DefaultResourceGroupID,
			"--source-service-instance-id", cloudsim.AppConfigEnterpriseGUID}, wantCode: 1,
			wantErr: []string{"Incorrect Usage: '--source-resource-group-id' and '--source-service-instance-id' can't be used together"}},
		{name: "file and arguments", args: []string{"apprapp", "kms", "Reader"}, file: policyFile, wantCode: 1,
			wantErr: []string{"Incorrect Usage: '--file' can't be used with"}},
		{name: "missing roles", args: []string{"apprapp", "kms"}, wantCode: 1, wantErr: []string{"Incorrect Usage: Incorrect number of arguments"}},
		{name: "unknown role", args: []string{"apprapp", "kms", "Reader,Owner"}, wantCode: 1,
			wantErr: []string{"FAILED\nRole 'Owner' is not a valid role for source service 'apprapp' and target service 'kms'."}},
		{name: "unknown service", args: []string{"apprapp", "Key Protector", "Reader"}, wantCode: 1, wantErr: []string{"FAILED\nService 'Key Protector' was not found."}},
		{name: "unknown instance", args: []string{"apprapp", "kms", "Reader", "--target-service-instance-name", "nosuch"}, wantCode: 1,
			wantErr: []string{"FAILED\nService instance 'nosuch' of service 'kms' was not found."}},
		{name: "output yaml", args: []string{"apprapp", "kms", "Reader", "--output", "yaml"}, wantCode: 1,
			wantErr: []string{"Incorrect Usage: Invalid output format 'yaml'. Only 'JSON' is supported."}},
		{name: "bad file", file: `{"type": "access"}`, wantCode: 1, wantErr: []string{"FAILED\nThe policy in '", "has type 'access'"}},
		{name: "viewer", apiKey: cloudsim.DemoViewerAPIKey, args: []string{"apprapp", "kms", "Reader"}, wantCode: 1,
			wantErr: []string{"FAILED\n", "Status code: 403 (IAM)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			key := tt.apiKey
			if key == "" {
				key = cloudsim.DemoAdminAPIKey
			}
			c.login(key)
			before := len(c.inspect().policies())
			args := append([]string{"iam", "authorization-policy-create"}, tt.args...)
			if tt.file != "" {
				args = append(args, "--file", writeFile(t, "policy.json", tt.file))
			}
			out, errOut, code := c.run(args...)
			checkRun(t, out, errOut, code, tt.wantCode, tt.wantOut, tt.wantErr)
			after := c.inspect().policies()
			if tt.wantPolicy == "" {
				if len(after) != before {
					t.Errorf("%d policies after a refused command, %d before", len(after), before)
				}
				return
			}
			if len(after) != before+1 {
				t.Fatalf("%d policies after, %d before: want one more", len(after), before)
			}
			created := after[len(after)-1]
			if got := created.Source.Service + ">" + created.Target.Service; got != tt.wantPolicy {
				t.Errorf("created %s, want %s", got, tt.wantPolicy)
			}
			for _, w := range tt.wantResource {
				if !slices.ContainsFunc(created.ResourceAttributes, func(at iam.Attribute) bool { return at.Name+"="+at.Value == w }) {
					t.Errorf("the created policy has no resource attribute %s: %+v", w, created.ResourceAttributes)
				}
			}
			if !strings.Contains(out, created.ID) {
				t.Errorf("stdout does not name the created policy %s:\n%s", created.ID, out)
			}
			if strings.Contains(out, "Creating authorization policy") == (slices.Contains(tt.args, "-q") || slices.Contains(tt.args, "--output")) {
				t.Errorf("-q and --output print no progress, other runs do:\n%s", out)
			}
		})
	}
}

func TestAuthorizationPolicyShowListDelete(t *testing.T) {
	t.Parallel()
	c := adminCLI(t)
	id := cloudsim.EUAuthorizationPolicyID

	out, _, code := c.run("iam", "authorization-policies")
	if code != 0 {
		t.Fatalf("list: exit %d", code)
	}
	checkContains(t, "list", out, "Getting authorization policies under account "+cloudsim.DemoAccountID+" as demo@example.com...\nOK\n",
		"\nID:                        "+id+"\nSource service name:       apprapp\n")

	out, _, _ = c.run("iam", "authorization-policies", "--output", "json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != len(c.inspect().policies()) {
		t.Errorf("list --output json: %v, %d policies\n%s", err, len(list), out)
	}

	out, _, code = c.run("iam", "authorization-policy", id)
	if code != 0 {
		t.Fatalf("show: exit %d", code)
	}
	checkContains(t, "show", out, "Getting authorization policy "+id+" under account ", "Target service instance:   "+cloudsim.KeyProtectEUDEGUID)
	out, _, _ = c.run("iam", "authorization-policy", id, "--output", "json")
	var one map[string]any
	if err := json.Unmarshal([]byte(out), &one); err != nil || one["id"] != id {
		t.Errorf("show --output json: %v %v\n%s", err, one["id"], out)
	}
	if _, errOut, code := c.run("iam", "authorization-policy", "00000000-0000-4000-8000-000000000000"); code != 1 || !strings.Contains(errOut, "Status code: 404 (IAM)") {
		t.Errorf("show unknown: exit %d, %s", code, errOut)
	}

	c.stdin = "n\n"
	out, _, code = c.run("iam", "authorization-policy-delete", id)
	if code != 0 || !strings.Contains(out, "Really delete authorization policy "+id+"? [y/N]>") || strings.Contains(out, "Deleting") {
		t.Errorf("delete answered no: exit %d\n%s", code, out)
	}
	if !hasPolicy(c.inspect().policies(), id) {
		t.Fatal("the policy was deleted although the answer was no")
	}
	c.stdin = ""
	out, _, code = c.run("iam", "authorization-policy-delete", id, "-f")
	if code != 0 || !strings.Contains(out, "Deleting authorization policy "+id+" under account "+cloudsim.DemoAccountID+" as demo@example.com...\nOK\n") {
		t.Errorf("delete -f: exit %d\n%s", code, out)
	}
	if hasPolicy(c.inspect().policies(), id) {
		t.Error("the policy is still there after delete -f")
	}
	if _, errOut, code := c.run("iam", "authorization-policy-delete", "-f", id); code != 1 || !strings.HasPrefix(errOut, "FAILED\n") {
		t.Errorf("delete again: exit %d, %s", code, errOut)
	}
}

// hasPolicy reports whether list holds the policy id.
func hasPolicy(list []iam.Authorization, id string) bool {
	for _, a := range list {
		if a.ID == id {
			return true
		}
	}
	return false
}
