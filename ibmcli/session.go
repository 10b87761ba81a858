package ibmcli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/auth"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// DefaultEndpoint is the API endpoint used when none was chosen with `login -a`: the console's embedded cloudsim.
const DefaultEndpoint = "http://127.0.0.1:8081"

// renewBefore is how long before its expiry the access token is renewed with the refresh token, as the CLI renews it
// before a command rather than letting a call fail.
const renewBefore = time.Minute

// config is the session kept in $IBMCLOUD_HOME/.bluemix/config.json, with the field names of the ibmcloud CLI's own
// config.json (*unconfirmed*: the real file has more fields; these are the ones this CLI needs).
type config struct {
	APIEndpoint     string    `json:"APIEndpoint"`
	IAMToken        string    `json:"IAMToken"`
	IAMRefreshToken string    `json:"IAMRefreshToken"`
	IAMTokenExpiry  time.Time `json:"IAMTokenExpiry"`
	Account         named     `json:"Account"`
	User            string    `json:"User"`
	Region          string    `json:"Region"`
	ResourceGroup   named     `json:"ResourceGroup"`
}

// named is an account or resource group: its ID and name.
type named struct {
	GUID string `json:"GUID"`
	Name string `json:"Name"`
}

// services are the console's services, built over one connector for the session's endpoints.
type services struct {
	auth      *auth.Service
	iam       *iam.Service
	resources *resources.Service
	appconfig *appconfig.Service
}

// token is the session's IAM token as the services take it.
func (c *cmdContext) token() ibmcloud.Token {
	return ibmcloud.Token{AccessToken: c.cfg.IAMToken, RefreshToken: c.cfg.IAMRefreshToken, Expiry: c.cfg.IAMTokenExpiry}
}

// configHome returns the directory holding .bluemix/config.json: IBMCLOUD_HOME as the CLI takes it
// (ibm-cloud-docs/cli ibmcloud_home.md), else a directory of the console's own under the user's configuration
// directory, so the user's real ~/.bluemix is never read or written.
func configHome(env func(string) string) (string, error) {
	if home := env("IBMCLOUD_HOME"); home != "" {
		return home, nil
	}
	if xdg := env("XDG_CONFIG_HOME"); xdg != "" {
		return filepath.Join(xdg, "appconfig-console", "ibmcloud"), nil
	}
	if home := env("HOME"); home != "" {
		return filepath.Join(home, ".config", "appconfig-console", "ibmcloud"), nil
	}
	return "", failure{"Set IBMCLOUD_HOME to the directory that keeps the session."}
}

// configPath is the session file under home.
func configPath(home string) string { return filepath.Join(home, ".bluemix", "config.json") }

// start loads the session and, for a command that needs one, checks it is there, renews its token when it is about
// to expire and builds the clients.
func (c *cmdContext) start(cmd *command) error {
	home, err := configHome(c.env)
	if err != nil {
		return err
	}
	c.home = home
	c.cfg = &config{}
	data, err := os.ReadFile(configPath(home))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return failf("Could not read the session in %s: %v", configPath(home), err)
	default:
		if err := json.Unmarshal(data, c.cfg); err != nil {
			return failf("The session file %s is not readable (%v). Use 'ibmcloud login' to log in again.", configPath(home), err)
		}
	}
	if !cmd.login {
		return nil
	}
	if c.cfg.IAMToken == "" {
		// The CLI's message for a command run before login (*unconfirmed* wording).
		return failure{"Not logged in. Use 'ibmcloud login' to log in."}
	}
	c.svc = newServices(c.endpoints())
	if !c.token().ExpiresWithin(time.Now(), renewBefore) {
		return nil
	}
	s, err := c.svc.auth.Refresh(c.cfg.IAMRefreshToken)
	if err != nil {
		if errors.Is(err, auth.ErrRenewalRefused) {
			// *unconfirmed*: the CLI's wording when its refresh token is refused.
			return failure{"Session expired. Use 'ibmcloud login' to log in again."}
		}
		return err
	}
	c.cfg.IAMToken, c.cfg.IAMRefreshToken, c.cfg.IAMTokenExpiry = s.Token.AccessToken, s.Token.RefreshToken, s.Token.Expiry
	return c.save()
}

// save writes the session, readable by its owner only.
func (c *cmdContext) save() error {
	path := configPath(c.home)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return failf("Could not write the session: %v", err)
	}
	data, err := json.MarshalIndent(c.cfg, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return failf("Could not write the session: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return failf("Could not write the session: %v", err)
	}
	return nil
}

// endpoints are the API endpoints of the session: IBM Cloud's (overridable with the SDKs' variables) for
// cloud.ibm.com and its private and test variants, else a cloudsim serving every API at the endpoint.
func (c *cmdContext) endpoints() ibmcloud.Endpoints {
	endpoint := c.cfg.APIEndpoint
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	if u, err := url.Parse(endpoint); err == nil && strings.HasSuffix(u.Hostname(), "cloud.ibm.com") {
		return ibmcloud.IBMEndpoints(c.env)
	}
	return ibmcloud.SimEndpoints(endpoint)
}

// newServices builds the console's services over one connector for endpoints.
func newServices(endpoints ibmcloud.Endpoints) *services {
	connector := ibmcloud.NewConnector(endpoints, ibmcloud.DefaultLimits)
	return &services{
		auth:      auth.NewService(endpoints.IAM, connector.HTTPClient(), time.Now),
		iam:       iam.NewService(connector),
		resources: resources.NewService(connector),
		appconfig: appconfig.NewService(connector),
	}
}

// normalizeEndpoint adds https:// to an endpoint given without a scheme, as `ibmcloud login -a cloud.ibm.com` does.
func normalizeEndpoint(endpoint string) string {
	endpoint = strings.TrimRight(strings.TrimSpace(endpoint), "/")
	if !strings.Contains(endpoint, "://") {
		endpoint = "https://" + endpoint
	}
	return endpoint
}

// sessionCommands are login, logout and target (ibm-cloud-docs/cli reference/ibmcloud/bx_cli.md).
func sessionCommands() []*command {
	return []*command{
		{
			path:  "login",
			usage: "login [-a API_ENDPOINT] [--apikey KEY | @KEY_FILE] [-c ACCOUNT_ID] [-g RESOURCE_GROUP] [-r REGION | --no-region]",
			desc:  "Log in to IBM Cloud with an API key",
			flags: []flagSpec{
				{names: []string{"a"}, value: "API_ENDPOINT", usage: "API endpoint, e.g. cloud.ibm.com, or a cloudsim base URL such as " + DefaultEndpoint + " (the default)"},
				{names: []string{"apikey"}, value: "KEY", usage: "API key, or @FILE to read it from a file; IBMCLOUD_API_KEY when not given"},
				{names: []string{"c"}, value: "ACCOUNT_ID", usage: "ID of the target account"},
				{names: []string{"g"}, value: "RESOURCE_GROUP", usage: "Name or ID of the target resource group"},
				{names: []string{"r"}, value: "REGION", usage: "Name of the target region, e.g. us-south"},
				{names: []string{"no-region"}, usage: "Log in without targeting a region"},
			},
			run: runLogin,
		},
		{path: "logout", usage: "logout", desc: "Log out of IBM Cloud", run: runLogout},
		{
			path:  "target",
			usage: "target [-r REGION_NAME | --unset-region] [-c ACCOUNT_ID] [-g RESOURCE_GROUP | --unset-resource-group]",
			desc:  "Set or view the target account, region or resource group",
			flags: []flagSpec{
				{names: []string{"r"}, value: "REGION", usage: "Name of the target region, e.g. us-south or eu-gb"},
				{names: []string{"c"}, value: "ACCOUNT_ID", usage: "ID of the target account"},
				{names: []string{"g"}, value: "RESOURCE_GROUP", usage: "Name or ID of the target resource group"},
				{names: []string{"unset-region"}, usage: "Clear the targeted region"},
				{names: []string{"unset-resource-group"}, usage: "Clear the targeted resource group"},
			},
			login: true,
			run:   runTarget,
		},
	}
}

// runLogin signs in with an API key (--apikey, @FILE or IBMCLOUD_API_KEY) at the endpoint and keeps the session.
// Output as bx_cli.md's examples and the CLI prints it: "API endpoint: ...", "Authenticating...", "OK", the
// targeted account, group and region, then the target summary.
func runLogin(c *cmdContext, p parsed) error {
	if len(p.args) > 0 {
		return usageError{"too many arguments"}
	}
	if p.has("r") && p.has("no-region") {
		return usageError{"'-r' and '--no-region' can't be used together"}
	}
	endpoint := c.cfg.APIEndpoint
	if p.has("a") {
		endpoint = normalizeEndpoint(p.get("a"))
	}
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	key := p.get("apikey")
	if !p.has("apikey") {
		key = c.env("IBMCLOUD_API_KEY")
	}
	if file, ok := strings.CutPrefix(key, "@"); ok {
		data, err := os.ReadFile(file)
		if err != nil {
			return failf("Unable to read API key file '%s': %v", file, err)
		}
		key = apiKeyFromFile(data)
	}
	if strings.TrimSpace(key) == "" {
		return failure{"An API key is required: use --apikey KEY, --apikey @FILE or set IBMCLOUD_API_KEY. (This CLI signs in with API keys only.)"}
	}
	fmt.Fprintf(c.stdout, "API endpoint: %s\nAuthenticating...\n", endpoint)
	fresh := config{APIEndpoint: endpoint}
	c.cfg = &fresh
	c.svc = newServices(c.endpoints())
	s, err := c.svc.auth.SignIn(key)
	if errors.Is(err, auth.ErrInvalidAPIKey) {
		// IAM's answer to an unknown API key, as the CLI shows it (*unconfirmed* exact wording).
		return failure{"Unable to authenticate.\nProvided API key could not be found."}
	}
	if err != nil {
		return err
	}
	if p.has("c") && p.get("c") != s.Identity.AccountID {
		return failf("Account '%s' is not the account of this API key (%s): an API key with an associated account cannot switch to another account.", p.get("c"), s.Identity.AccountID)
	}
	fresh.IAMToken, fresh.IAMRefreshToken, fresh.IAMTokenExpiry = s.Token.AccessToken, s.Token.RefreshToken, s.Token.Expiry
	fresh.Account = named{GUID: s.Identity.AccountID, Name: s.Identity.AccountName}
	fresh.User = s.Identity.Email
	fmt.Fprintf(c.stdout, "OK\n\nTargeted account %s (%s)\n\n", fresh.Account.Name, fresh.Account.GUID)
	if p.has("g") {
		group, err := c.resourceGroup(p.get("g"))
		if err != nil {
			return err
		}
		fresh.ResourceGroup = group
		fmt.Fprintf(c.stdout, "Targeted resource group %s\n\n", group.Name)
	}
	if p.has("r") {
		fresh.Region = p.get("r")
		fmt.Fprintf(c.stdout, "Targeted region %s\n\n", fresh.Region)
	}
	if err := c.save(); err != nil {
		return err
	}
	c.printTarget()
	return nil
}

// apiKeyFromFile reads an API key file: the JSON that `ibmcloud iam api-key-create --file` and the console write
// ({"apikey": "..."}), or the key alone.
func apiKeyFromFile(data []byte) string {
	var f struct {
		APIKey string `json:"apikey"`
	}
	if json.Unmarshal(data, &f) == nil && f.APIKey != "" {
		return f.APIKey
	}
	return strings.TrimSpace(string(data))
}

// runLogout removes the session's tokens and targets, keeping the endpoint.
func runLogout(c *cmdContext, p parsed) error {
	if len(p.args) > 0 {
		return usageError{"too many arguments"}
	}
	fmt.Fprintln(c.stdout, "Logging out...")
	c.cfg = &config{APIEndpoint: c.cfg.APIEndpoint}
	if err := c.save(); err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, "OK")
	return nil
}

// runTarget sets the targeted region or resource group, or shows the target when no option is given.
func runTarget(c *cmdContext, p parsed) error {
	if len(p.args) > 0 {
		return usageError{"too many arguments"}
	}
	if p.has("r") && p.has("unset-region") {
		return usageError{"'-r' and '--unset-region' can't be used together"}
	}
	if p.has("g") && p.has("unset-resource-group") {
		return usageError{"'-g' and '--unset-resource-group' can't be used together"}
	}
	if p.has("c") && p.get("c") != c.cfg.Account.GUID {
		return failf("Account '%s' is not the account of this session (%s): log in with an API key of that account.", p.get("c"), c.cfg.Account.GUID)
	}
	changed := p.has("r") || p.has("g") || p.has("unset-region") || p.has("unset-resource-group")
	if p.has("g") {
		group, err := c.resourceGroup(p.get("g"))
		if err != nil {
			return err
		}
		c.cfg.ResourceGroup = group
		fmt.Fprintf(c.stdout, "Targeted resource group %s\n\n", group.Name)
	}
	if p.has("unset-resource-group") {
		c.cfg.ResourceGroup = named{}
	}
	if p.has("r") {
		c.cfg.Region = p.get("r")
		fmt.Fprintf(c.stdout, "Switched to region %s\n\n", c.cfg.Region)
	}
	if p.has("unset-region") {
		c.cfg.Region = ""
	}
	if changed {
		if err := c.save(); err != nil {
			return err
		}
	}
	c.printTarget()
	return nil
}

// resourceGroup finds a resource group of the session's account by name or ID.
func (c *cmdContext) resourceGroup(nameOrID string) (named, error) {
	groups, err := c.svc.resources.ListResourceGroups(c.ctx, c.token(), c.cfg.Account.GUID)
	if err != nil {
		return named{}, err
	}
	for _, g := range groups {
		if g.ID == nameOrID || g.Name == nameOrID {
			return named{GUID: g.ID, Name: g.Name}, nil
		}
	}
	return named{}, failf("Resource group '%s' was not found.", nameOrID)
}

// printTarget prints the target summary that login and target end with.
func (c *cmdContext) printTarget() {
	region := c.cfg.Region
	if region == "" {
		region = "No region targeted, use 'ibmcloud target -r REGION'"
	}
	group := c.cfg.ResourceGroup.Name
	if group == "" {
		group = "No resource group targeted, use 'ibmcloud target -g RESOURCE_GROUP'"
	}
	fmt.Fprintf(c.stdout, "\nAPI endpoint:      %s\nRegion:            %s\nUser:              %s\nAccount:           %s (%s)\nResource group:    %s\n",
		c.cfg.APIEndpoint, region, c.cfg.User, c.cfg.Account.Name, c.cfg.Account.GUID, group)
}
