package ibmcli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/ibmcli"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

// cli runs the command-line client against one fresh cloudsim, with a configuration directory of its own.
type cli struct {
	t    *testing.T
	sim  *simtest.Sim
	home string
	env  map[string]string
	// stdin is what the next command reads from its input (confirmations).
	stdin string
}

// newCLI starts a fresh cloudsim and returns a client of it whose IBMCLOUD_HOME is a temporary directory.
func newCLI(t *testing.T) *cli {
	t.Helper()
	return cliOf(t, simtest.Start(t))
}

// cliOf returns a client of sim (nil for commands that reach no cloud) whose IBMCLOUD_HOME is a temporary directory.
func cliOf(t *testing.T, sim *simtest.Sim) *cli {
	t.Helper()
	home := t.TempDir()
	return &cli{t: t, sim: sim, home: home, env: map[string]string{"IBMCLOUD_HOME": home}}
}

// adminCLI starts a fresh cloudsim and returns a client of it logged in as the demo administrator.
func adminCLI(t *testing.T) *cli {
	t.Helper()
	c := newCLI(t)
	c.login(cloudsim.DemoAdminAPIKey)
	return c
}

// run runs `ibmcloud args...` and returns its standard output, standard error and exit code.
func (c *cli) run(args ...string) (stdout, stderr string, code int) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	code = ibmcli.RunWithInput(context.Background(), args, func(k string) string { return c.env[k] }, strings.NewReader(c.stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// login signs in with apiKey at the cloudsim, targeting us-south, and fails the test if it does not succeed.
func (c *cli) login(apiKey string) {
	c.t.Helper()
	if out, errOut, code := c.run("login", "-a", c.sim.URL, "--apikey", apiKey, "-r", "us-south"); code != 0 {
		c.t.Fatalf("login: exit %d\n%s%s", code, out, errOut)
	}
}

// cliCase is one command line of a table test: its arguments, the environment it runs with and what it must print.
type cliCase struct {
	name     string
	args     []string
	env      map[string]string // variables set for this command only
	wantCode int
	wantOut  []string
	wantErr  []string
	notOut   []string // what stdout must not contain
}

// run runs `ibmcloud prefix... tt.args...` on c and fails t unless it exits and prints as tt wants; a command with
// --output json must print JSON.
func (tt cliCase) run(t *testing.T, c *cli, prefix ...string) {
	t.Helper()
	for k, v := range tt.env {
		c.env[k] = v
	}
	out, errOut, code := c.run(append(prefix, tt.args...)...)
	for k := range tt.env {
		delete(c.env, k)
	}
	checkRun(t, out, errOut, code, tt.wantCode, tt.wantOut, tt.wantErr)
	for _, n := range tt.notOut {
		if strings.Contains(out, n) {
			t.Errorf("stdout contains %q:\n%s", n, out)
		}
	}
	checkJSONOutput(t, tt.args, out)
}

// runCases runs each case as a subtest, one after the other on c, its arguments after prefix.
func runCases(t *testing.T, c *cli, prefix string, cases []cliCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, c, prefix) })
	}
}

// checkRun fails t unless a command exited with wantCode, its stdout holding each of wantOut and its stderr each of
// wantErr.
func checkRun(t *testing.T, out, errOut string, code, wantCode int, wantOut, wantErr []string) {
	t.Helper()
	if code != wantCode {
		t.Fatalf("exit %d, want %d\n%s%s", code, wantCode, out, errOut)
	}
	checkContains(t, "stdout", out, wantOut...)
	checkContains(t, "stderr", errOut, wantErr...)
}

// checkJSONOutput fails t if a command whose args ask for --output json printed something else than JSON.
func checkJSONOutput(t *testing.T, args []string, out string) {
	t.Helper()
	if strings.Contains(strings.Join(args, " "), "--output json") && !json.Valid([]byte(out)) {
		t.Errorf("--output json printed no JSON:\n%s", out)
	}
}

// inspector reads what cloudsim holds as the demo administrator, independently of the client under test.
type inspector struct {
	t         *testing.T
	connector *ibmcloud.Connector
	tok       ibmcloud.Token
}

// inspect returns an inspector of c's cloudsim.
func (c *cli) inspect() *inspector {
	c.t.Helper()
	return newInspector(c.t, c.sim)
}

// newInspector returns an inspector of sim, signed in as the demo administrator.
func newInspector(t *testing.T, sim *simtest.Sim) *inspector {
	t.Helper()
	connector := servicetest.Connector(sim)
	return &inspector{t: t, connector: connector, tok: servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey)}
}

// policies returns the account's authorization policies.
func (in *inspector) policies() []iam.Authorization {
	in.t.Helper()
	list, err := iam.NewService(in.connector).ListAuthorizations(context.Background(), in.tok, cloudsim.DemoAccountID)
	if err != nil {
		in.t.Fatal(err)
	}
	return list
}

// integrations returns the integrations of the App Configuration instance guid in region.
func (in *inspector) integrations(guid, region string) []appconfig.Integration {
	in.t.Helper()
	list, err := appconfig.NewService(in.connector).ListIntegrations(context.Background(), in.tok, appconfig.Instance{GUID: guid, Region: region})
	if err != nil {
		in.t.Fatal(err)
	}
	return list
}

// writeFile writes content to name in a temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkContains fails t for each want that text does not contain.
func checkContains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, text)
		}
	}
}
