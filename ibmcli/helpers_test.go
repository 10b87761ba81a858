package ibmcli_test

import (
	"bytes"
	"context"
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

// newCLI starts a fresh cloudsim and returns a client whose IBMCLOUD_HOME is a temporary directory.
func newCLI(t *testing.T) *cli {
	t.Helper()
	home := t.TempDir()
	return &cli{t: t, sim: simtest.Start(t), home: home, env: map[string]string{"IBMCLOUD_HOME": home}}
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

// inspector reads what cloudsim holds as the demo administrator, independently of the client under test.
type inspector struct {
	t         *testing.T
	connector *ibmcloud.Connector
	tok       ibmcloud.Token
}

// inspect returns an inspector of c's cloudsim.
func (c *cli) inspect() *inspector {
	c.t.Helper()
	connector := servicetest.Connector(c.sim)
	return &inspector{t: c.t, connector: connector, tok: servicetest.Token(c.t, connector, cloudsim.DemoAdminAPIKey)}
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
