package ibmcli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		keyFile    string
		wantCode   int
		wantOut    []string
		wantErr    []string
		wantRegion string
		wantGroup  string
	}{
		{name: "api key flag", args: []string{"--apikey", cloudsim.DemoAdminAPIKey, "-r", "eu-de"}, wantOut: []string{
			"API endpoint: ", "Authenticating...\nOK\n\nTargeted account Demo Account (" + cloudsim.DemoAccountID + ")",
			"Targeted region eu-de", "User:              demo@example.com"}, wantRegion: "eu-de"},
		{name: "IBMCLOUD_API_KEY", env: map[string]string{"IBMCLOUD_API_KEY": cloudsim.DemoViewerAPIKey},
			wantOut: []string{"User:              viewer@example.com", "No region targeted"}},
		{name: "key file", keyFile: `{"apikey": "` + cloudsim.DemoAdminAPIKey + `"}`, args: []string{"-g", "production"},
			wantOut: []string{"Targeted resource group production"}, wantGroup: cloudsim.ProductionResourceGroupID},
		{name: "unknown key", args: []string{"--apikey", "not-a-key"}, wantCode: 1, wantErr: []string{"FAILED\nUnable to authenticate."}},
		{name: "no key", wantCode: 1, wantErr: []string{"FAILED\nAn API key is required"}},
		{name: "other account", args: []string{"--apikey", cloudsim.DemoAdminAPIKey, "-c", cloudsim.OtherAccountID}, wantCode: 1,
			wantErr: []string{"FAILED\nAccount '" + cloudsim.OtherAccountID + "' is not the account of this API key"}},
		{name: "unknown group", args: []string{"--apikey", cloudsim.DemoAdminAPIKey, "-g", "nosuch"}, wantCode: 1,
			wantErr: []string{"FAILED\nResource group 'nosuch' was not found."}},
		{name: "unknown flag", args: []string{"--apikey", cloudsim.DemoAdminAPIKey, "--sso"}, wantCode: 1,
			wantErr: []string{"FAILED\nIncorrect Usage: flag provided but not defined: -sso", "USAGE:\n   ibmcloud login"}},
		{name: "region and no region", args: []string{"--apikey", cloudsim.DemoAdminAPIKey, "-r", "us-south", "--no-region"}, wantCode: 1,
			wantErr: []string{"Incorrect Usage: '-r' and '--no-region' can't be used together"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t)
			for k, v := range tt.env {
				c.env[k] = v
			}
			args := append([]string{"login", "-a", c.sim.URL}, tt.args...)
			if tt.keyFile != "" {
				args = append(args, "--apikey", "@"+writeFile(t, "key.json", tt.keyFile))
			}
			out, errOut, code := c.run(args...)
			checkRun(t, out, errOut, code, tt.wantCode, tt.wantOut, tt.wantErr)
			path := filepath.Join(c.home, ".bluemix", "config.json")
			info, err := os.Stat(path)
			if tt.wantCode != 0 {
				if err == nil {
					t.Errorf("a failed login wrote %s", path)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o600 {
				t.Errorf("config mode %v, want 0600", info.Mode().Perm())
			}
			cfg := readConfig(t, c.home)
			if cfg.APIEndpoint != c.sim.URL || cfg.IAMToken == "" || cfg.IAMRefreshToken == "" || cfg.Account.GUID != cloudsim.DemoAccountID {
				t.Errorf("config = %+v", cfg)
			}
			if cfg.Region != tt.wantRegion || cfg.ResourceGroup.GUID != tt.wantGroup {
				t.Errorf("region %q group %q, want %q %q", cfg.Region, cfg.ResourceGroup.GUID, tt.wantRegion, tt.wantGroup)
			}
		})
	}
}

// savedConfig is the part of the session file the tests read.
type savedConfig struct {
	APIEndpoint     string
	IAMToken        string
	IAMRefreshToken string
	Region          string
	Account         struct{ GUID string }
	ResourceGroup   struct{ GUID string }
}

func readConfig(t *testing.T, home string) savedConfig {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(home, ".bluemix", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg savedConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestLogoutAndTarget(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	if _, errOut, code := c.run("iam", "authorization-policies"); code != 1 || errOut != "FAILED\nNot logged in. Use 'ibmcloud login' to log in.\n" {
		t.Errorf("before login: exit %d, stderr %q", code, errOut)
	}
	c.login(cloudsim.DemoAdminAPIKey)
	out, _, code := c.run("target", "-r", "eu-gb", "-g", "Default")
	if code != 0 {
		t.Fatalf("target: exit %d", code)
	}
	checkContains(t, "target", out, "Targeted resource group Default", "Switched to region eu-gb", "Region:            eu-gb", "Resource group:    Default")
	if cfg := readConfig(t, c.home); cfg.Region != "eu-gb" || cfg.ResourceGroup.GUID != cloudsim.DefaultResourceGroupID {
		t.Errorf("after target: %+v", cfg)
	}
	if _, errOut, code := c.run("target", "-g", "nosuch"); code != 1 || errOut != "FAILED\nResource group 'nosuch' was not found.\n" {
		t.Errorf("target -g nosuch: exit %d, stderr %q", code, errOut)
	}
	if cfg := readConfig(t, c.home); cfg.ResourceGroup.GUID != cloudsim.DefaultResourceGroupID {
		t.Errorf("a refused target changed the group: %+v", cfg)
	}
	out, _, _ = c.run("target", "--unset-region")
	checkContains(t, "target --unset-region", out, "No region targeted")
	out, _, code = c.run("logout")
	if code != 0 || out != "Logging out...\nOK\n" {
		t.Errorf("logout: exit %d, %q", code, out)
	}
	if cfg := readConfig(t, c.home); cfg.IAMToken != "" || cfg.APIEndpoint != c.sim.URL {
		t.Errorf("after logout: %+v", cfg)
	}
	if _, errOut, code := c.run("target"); code != 1 || errOut != "FAILED\nNot logged in. Use 'ibmcloud login' to log in.\n" {
		t.Errorf("after logout: exit %d, stderr %q", code, errOut)
	}
}

func TestTokenRenewal(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	// Tokens that live 30 s are within the minute before expiry in which every command renews them first.
	if err := c.sim.Server.SetFaults(cloudsim.Faults{"iam": {TokenTTL: 30 * time.Second}}); err != nil {
		t.Fatal(err)
	}
	c.login(cloudsim.DemoAdminAPIKey)
	first := readConfig(t, c.home)
	if _, errOut, code := c.run("iam", "authorization-policies"); code != 0 {
		t.Fatalf("with a token about to expire: exit %d, %s", code, errOut)
	}
	renewed := readConfig(t, c.home)
	if renewed.IAMToken == first.IAMToken {
		t.Error("the token about to expire was not renewed")
	}
	if err := c.sim.Server.SetFaults(cloudsim.Faults{"iam": {TokenTTL: 30 * time.Second, RefreshFails: true}}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := c.run("iam", "authorization-policies")
	if code != 1 || errOut != "FAILED\nSession expired. Use 'ibmcloud login' to log in again.\n" || out != "" {
		t.Errorf("refused renewal: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestUpstreamFailure(t *testing.T) {
	t.Parallel()
	c := adminCLI(t)
	c.sim.SetFaults(t, "iam-policy=error:1:503")
	out, errOut, code := c.run("iam", "authorization-policy-create", "apprapp", "kms", "Reader")
	if code != 1 || !strings.HasPrefix(errOut, "FAILED\n") || !strings.Contains(errOut, "Status code: 503 (IAM)") {
		t.Errorf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	if err := c.sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	if n := len(c.inspect().policies()); n != 1 {
		t.Errorf("%d policies after a failed create, want the seeded one", n)
	}
}
