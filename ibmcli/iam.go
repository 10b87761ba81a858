package ibmcli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"appconfig-console/services/iam"
)

// The iam commands follow ibm-cloud-docs/cli reference/ibmcloud/cli_api_policy.md (sections
// ibmcloud_iam_authorization_policy_create, _delete, ibmcloud_iam_authorization_policy and _policies), flag for flag.
// Their terminal output follows the examples IBM's service docs print (ibm-cloud-docs/vpc, the file share and image
// encryption pages: "Creating authorization policy under account ... as ...", "OK", "Authorization policy ID was
// created.", then "ID:", "Source service name:", ... with labels padded to 27 columns).

// outputFlag and quietFlag are the --output and -q options the iam commands share.
var (
	outputFlag = flagSpec{names: []string{"output"}, value: "FORMAT", usage: "Specify the output format. Only 'JSON' is supported."}
	quietFlag  = flagSpec{names: []string{"quiet", "q"}, usage: "Suppress verbose output."}
)

// iamCommands are the four authorization policy commands.
func iamCommands() []*command {
	return []*command{
		{
			path: "iam authorization-policy-create",
			usage: "iam authorization-policy-create { SOURCE_SERVICE_NAME TARGET_SERVICE_NAME ROLE_NAME1,ROLE_NAME2... " +
				"[--source-service-instance-name SOURCE_SERVICE_INSTANCE_NAME | --source-service-instance-id SOURCE_SERVICE_INSTANCE_ID] " +
				"[--source-service-account ACCOUNT_GUID] [--source-resource-group-id RESOURCE_GROUP_ID] [--source-resource-type RESOURCE_TYPE] " +
				"[--source-resource RESOURCE] [--target-service-instance-name TARGET_SERVICE_INSTANCE_NAME | --target-service-instance-id TARGET_SERVICE_INSTANCE_ID] " +
				"[--target-resource-group-id RESOURCE_GROUP_ID] [--target-resource-type RESOURCE_TYPE] [--target-resource RESOURCE] | --file JSON_FILE } " +
				"[--output FORMAT] [-q, --quiet]",
			desc: "Create an authorization policy to allow a service instance access to another service instance",
			flags: []flagSpec{
				{names: []string{"source-service-instance-name"}, value: "NAME", usage: "Source service instance name, mutually exclusive with --source-service-instance-id and --source-service-account."},
				{names: []string{"source-service-instance-id"}, value: "ID", usage: "Source service instance ID, mutually exclusive with --source-service-instance-name."},
				{names: []string{"source-service-account"}, value: "ACCOUNT_GUID", usage: "Account GUID of source service, mutually exclusive with --source-service-instance-name."},
				{names: []string{"source-resource-group-id"}, value: "RESOURCE_GROUP_ID", usage: "Source resource group ID, mutually exclusive with --source-service-instance-id."},
				{names: []string{"source-resource-type"}, value: "RESOURCE_TYPE", usage: "Resource type of source service."},
				{names: []string{"source-resource"}, value: "RESOURCE", usage: "Resource of source service."},
				{names: []string{"target-service-instance-name"}, value: "NAME", usage: "Target service instance name, mutually exclusive with --target-service-instance-id."},
				{names: []string{"target-service-instance-id"}, value: "ID", usage: "Target service instance ID, mutually exclusive with --target-service-instance-name."},
				{names: []string{"target-resource-group-id"}, value: "RESOURCE_GROUP_ID", usage: "Target resource group ID, mutually exclusive with --target-service-instance-id."},
				{names: []string{"target-resource-type"}, value: "RESOURCE_TYPE", usage: "Resource type of target service."},
				{names: []string{"target-resource"}, value: "RESOURCE", usage: "Resource of target service."},
				{names: []string{"file"}, value: "JSON_FILE", usage: "JSON file of policy definition."},
				outputFlag, quietFlag,
			},
			login: true,
			run:   runPolicyCreate,
		},
		{
			path:  "iam authorization-policies",
			usage: "iam authorization-policies [--output FORMAT] [-q, --quiet]",
			desc:  "List authorization policies under the current account",
			// cli_api_policy.md lists no option for this command; --output and -q are those of its twin
			// `iam account-policies -t auth` (*unconfirmed* that authorization-policies takes them).
			flags: []flagSpec{outputFlag, quietFlag},
			login: true,
			run:   runPolicyList,
		},
		{
			path:  "iam authorization-policy",
			usage: "iam authorization-policy AUTHORIZATION_POLICY_ID [--output FORMAT] [-q, --quiet] [--api-version v1 | v2]",
			desc:  "Show details of an authorization policy",
			flags: []flagSpec{outputFlag, quietFlag, {names: []string{"api-version"}, value: "VERSION", usage: "Version of the access policy API: v1 (the default) or v2."}},
			login: true,
			run:   runPolicyGet,
		},
		{
			path:  "iam authorization-policy-delete",
			usage: "iam authorization-policy-delete AUTHORIZATION_POLICY_ID [-f, --force]",
			desc:  "Delete an authorization policy",
			flags: []flagSpec{{names: []string{"force", "f"}, usage: "Delete without confirmation."}},
			login: true,
			run:   runPolicyDelete,
		},
	}
}

// checkOutput accepts --output JSON (any case) only, as the reference says, and returns the printer of a command
// with --output and -q.
func (c *cmdContext) checkOutput(p parsed) (printer, error) {
	o := printer{w: c.stdout, quiet: p.has("quiet")}
	if !p.has("output") {
		return o, nil
	}
	if !strings.EqualFold(p.get("output"), "json") {
		return o, usageError{fmt.Sprintf("Invalid output format '%s'. Only 'JSON' is supported.", p.get("output"))}
	}
	o.json = true
	return o, nil
}

// checkOutputArgs checks --output as checkOutput does and that the command has its number of arguments, refusing
// any other number with wrongArgs, and returns its printer.
func (c *cmdContext) checkOutputArgs(p parsed, args int, wrongArgs string) (printer, error) {
	o, err := c.checkOutput(p)
	if err == nil && len(p.args) != args {
		err = usageError{wrongArgs}
	}
	return o, err
}

// policyFile is the JSON of `--file`: the IAM v1 policy body.
type policyFile struct {
	Type        string `json:"type"`
	Description string `json:"description"`
	Subjects    []struct {
		Attributes []iamAttribute `json:"attributes"`
	} `json:"subjects"`
	Resources []struct {
		Attributes []iamAttribute `json:"attributes"`
	} `json:"resources"`
	Roles []struct {
		RoleID string `json:"role_id"`
	} `json:"roles"`
}

// iamAttribute is a subject or resource attribute as the IAM API writes it.
type iamAttribute struct {
	Name     string `json:"name"`
	Value    any    `json:"value"`
	Operator string `json:"operator,omitempty"`
}

// runPolicyCreate creates an authorization policy from the positional arguments and options, or from --file.
func runPolicyCreate(c *cmdContext, p parsed) error {
	o, err := c.checkOutput(p)
	if err != nil {
		return err
	}
	exclusive := [][2]string{
		{"source-service-instance-name", "source-service-instance-id"},
		{"source-service-instance-name", "source-service-account"},
		{"source-resource-group-id", "source-service-instance-id"},
		{"target-service-instance-name", "target-service-instance-id"},
		{"target-resource-group-id", "target-service-instance-id"},
	}
	for _, x := range exclusive {
		if p.has(x[0]) && p.has(x[1]) {
			return usageError{fmt.Sprintf("'--%s' and '--%s' can't be used together", x[0], x[1])}
		}
	}
	var subject, resource []iam.Attribute
	var roles []iam.Role
	var description string
	if p.has("file") {
		for _, f := range []string{"source-service-instance-name", "source-service-instance-id", "source-service-account", "source-resource-group-id",
			"source-resource-type", "source-resource", "target-service-instance-name", "target-service-instance-id", "target-resource-group-id",
			"target-resource-type", "target-resource"} {
			if p.has(f) {
				return usageError{fmt.Sprintf("'--file' and '--%s' can't be used together", f)}
			}
		}
		if len(p.args) > 0 {
			return usageError{"'--file' can't be used with SOURCE_SERVICE_NAME TARGET_SERVICE_NAME ROLE_NAMES"}
		}
		subject, resource, roles, description, err = readPolicyFile(p.get("file"))
	} else {
		if len(p.args) != 3 {
			return usageError{"Incorrect number of arguments: SOURCE_SERVICE_NAME, TARGET_SERVICE_NAME and ROLE_NAME1,ROLE_NAME2... are required"}
		}
		subject, resource, roles, err = c.policyFromFlags(p)
	}
	if err != nil {
		return err
	}
	o.progress("Creating authorization policy under account %s as %s...\n", c.cfg.Account.GUID, c.cfg.User)
	a, err := c.svc.iam.CreatePolicy(c.ctx, c.token(), subject, resource, roles, description)
	if err != nil {
		return err
	}
	return o.result(policyJSON(a), func() error {
		fmt.Fprintf(c.stdout, "Authorization policy %s was created.\n\n", a.ID)
		printPolicy(c, a)
		return nil
	})
}

// readPolicyFile reads a --file policy: type authorization, one subject and one resource with their attributes, roles by CRN.
func readPolicyFile(path string) (subject, resource []iam.Attribute, roles []iam.Role, description string, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, "", failf("Unable to read file '%s': %v", path, err)
	}
	var f policyFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, nil, nil, "", failf("Unable to parse policy file '%s': %v", path, err)
	}
	if f.Type != "" && f.Type != "authorization" {
		return nil, nil, nil, "", failf("The policy in '%s' has type '%s'; an authorization policy has type 'authorization'.", path, f.Type)
	}
	if len(f.Subjects) != 1 || len(f.Resources) != 1 || len(f.Roles) == 0 {
		return nil, nil, nil, "", failf("The policy in '%s' needs one subject, one resource and at least one role.", path)
	}
	conv := func(list []iamAttribute) []iam.Attribute {
		out := make([]iam.Attribute, 0, len(list))
		for _, at := range list {
			out = append(out, iam.Attribute{Name: at.Name, Value: fmt.Sprint(at.Value), Operator: at.Operator})
		}
		return out
	}
	for _, r := range f.Roles {
		roles = append(roles, iam.Role{CRN: r.RoleID})
	}
	return conv(f.Subjects[0].Attributes), conv(f.Resources[0].Attributes), roles, f.Description, nil
}

// policyFromFlags turns SOURCE TARGET ROLES and the options into the policy's attributes and roles: services by
// name or display name, instances by name or ID, roles by display name, as the CLI resolves them.
func (c *cmdContext) policyFromFlags(p parsed) (subject, resource []iam.Attribute, roles []iam.Role, err error) {
	catalog, err := c.svc.iam.ListServices(c.ctx, c.token())
	if err != nil {
		return nil, nil, nil, err
	}
	source, err := serviceByName(catalog, p.args[0])
	if err != nil {
		return nil, nil, nil, err
	}
	target, err := serviceByName(catalog, p.args[1])
	if err != nil {
		return nil, nil, nil, err
	}
	offered, err := c.svc.iam.ListAuthorizationRoles(c.ctx, c.token(), target, source)
	if err != nil {
		return nil, nil, nil, err
	}
	var wanted []string
	for _, r := range strings.Split(p.args[2], ",") {
		if r = strings.TrimSpace(r); r != "" {
			wanted = append(wanted, r)
		}
	}
	matched, unknown := iam.MatchRoles(offered, wanted)
	if len(unknown) > 0 || len(matched) == 0 {
		names := make([]string, 0, len(offered))
		for _, r := range offered {
			names = append(names, iam.RoleName(r))
		}
		// *unconfirmed*: the CLI's wording for a role the target does not offer.
		return nil, nil, nil, failf("Role '%s' is not a valid role for source service '%s' and target service '%s'. Valid roles: %s",
			strings.Join(unknown, ","), source, target, strings.Join(names, ", "))
	}
	sourceInstance := p.get("source-service-instance-id")
	if p.has("source-service-instance-name") {
		if sourceInstance, err = c.instanceGUID(source, p.get("source-service-instance-name")); err != nil {
			return nil, nil, nil, err
		}
	}
	targetInstance := p.get("target-service-instance-id")
	if p.has("target-service-instance-name") {
		if targetInstance, err = c.instanceGUID(target, p.get("target-service-instance-name")); err != nil {
			return nil, nil, nil, err
		}
	}
	sourceAccount := c.cfg.Account.GUID
	if p.has("source-service-account") {
		sourceAccount = p.get("source-service-account")
	}
	// The attributes in the order IAM's examples list them (accountId, serviceName, serviceInstance,
	// resourceGroupId, resourceType, resource); a resource attribute is compared with stringEquals.
	add := func(list []iam.Attribute, name, value, op string) []iam.Attribute {
		if value == "" {
			return list
		}
		return append(list, iam.Attribute{Name: name, Value: value, Operator: op})
	}
	subject = add(subject, "accountId", sourceAccount, "")
	subject = add(subject, "serviceName", source, "")
	subject = add(subject, "serviceInstance", sourceInstance, "")
	subject = add(subject, "resourceGroupId", p.get("source-resource-group-id"), "")
	subject = add(subject, "resourceType", p.get("source-resource-type"), "")
	subject = add(subject, "resource", p.get("source-resource"), "")
	const eq = "stringEquals"
	resource = add(resource, "accountId", c.cfg.Account.GUID, eq)
	resource = add(resource, "serviceName", target, eq)
	resource = add(resource, "serviceInstance", targetInstance, eq)
	resource = add(resource, "resourceGroupId", p.get("target-resource-group-id"), eq)
	resource = add(resource, "resourceType", p.get("target-resource-type"), eq)
	resource = add(resource, "resource", p.get("target-resource"), eq)
	return subject, resource, matched, nil
}

// serviceByName finds a catalog service by its name (e.g. kms) or, as the CLI also accepts, its display name (e.g. "Key Protect").
func serviceByName(catalog []iam.CatalogService, name string) (string, error) {
	for _, s := range catalog {
		if s.Name == name {
			return s.Name, nil
		}
	}
	for _, s := range catalog {
		if strings.EqualFold(s.DisplayName, name) || strings.EqualFold(s.Name, name) {
			return s.Name, nil
		}
	}
	// *unconfirmed*: the CLI's wording for a service the catalog does not have.
	return "", failf("Service '%s' was not found. Use the service's name from 'ibmcloud catalog service-marketplace'.", name)
}

// instanceGUID finds the GUID of the instance of service with the given name.
func (c *cmdContext) instanceGUID(service, name string) (string, error) {
	list, err := c.svc.resources.ListInstances(c.ctx, c.token(), service)
	if err != nil {
		return "", err
	}
	for _, inst := range list {
		if inst.Name == name {
			return inst.GUID, nil
		}
	}
	return "", failf("Service instance '%s' of service '%s' was not found.", name, service)
}

// runPolicyList lists the account's authorization policies.
func runPolicyList(c *cmdContext, p parsed) error {
	o, err := c.checkOutputArgs(p, 0, "too many arguments")
	if err != nil {
		return err
	}
	o.progress("Getting authorization policies under account %s as %s...\n", c.cfg.Account.GUID, c.cfg.User)
	list, err := c.svc.iam.ListAuthorizations(c.ctx, c.token(), c.cfg.Account.GUID)
	if err != nil {
		return err
	}
	return o.result(jsonList(list, policyJSON), func() error {
		if len(list) == 0 {
			fmt.Fprintln(c.stdout, "No authorization policy found.") // *unconfirmed* wording
		}
		for _, a := range list {
			fmt.Fprintln(c.stdout, strings.Repeat(" ", 27))
			printPolicy(c, a)
		}
		return nil
	})
}

// runPolicyGet shows one authorization policy (IAM policy API v1; v2 is refused, the console reads v1 policies only).
func runPolicyGet(c *cmdContext, p parsed) error {
	o, err := c.checkOutputArgs(p, 1, "Incorrect number of arguments: AUTHORIZATION_POLICY_ID is required")
	if err != nil {
		return err
	}
	if v := p.get("api-version"); p.has("api-version") && v != "v1" {
		if v != "v2" {
			return usageError{fmt.Sprintf("Invalid API version '%s'. Valid values are v1 and v2.", v)}
		}
		return failure{"--api-version v2 is not available in this console's CLI: it reads policies through the v1 API."}
	}
	id := p.args[0]
	o.progress("Getting authorization policy %s under account %s as %s...\n", id, c.cfg.Account.GUID, c.cfg.User)
	a, err := c.svc.iam.GetAuthorization(c.ctx, c.token(), id)
	if err != nil {
		return err
	}
	return o.result(policyJSON(a), func() error {
		fmt.Fprintln(c.stdout)
		printPolicy(c, a)
		return nil
	})
}

// runPolicyDelete deletes an authorization policy, asking first unless -f is given.
func runPolicyDelete(c *cmdContext, p parsed) error {
	if len(p.args) != 1 {
		return usageError{"Incorrect number of arguments: AUTHORIZATION_POLICY_ID is required"}
	}
	id := p.args[0]
	if !p.has("force") {
		// *unconfirmed*: the CLI's confirmation prompt.
		fmt.Fprintf(c.stdout, "Really delete authorization policy %s? [y/N]> ", id)
		answer, _ := bufio.NewReader(c.stdin).ReadString('\n')
		fmt.Fprintln(c.stdout)
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			return nil
		}
	}
	fmt.Fprintf(c.stdout, "Deleting authorization policy %s under account %s as %s...\n", id, c.cfg.Account.GUID, c.cfg.User)
	if err := c.svc.iam.DeleteAuthorization(c.ctx, c.token(), id); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "OK\nAuthorization policy %s was deleted.\n", id)
	return nil
}

// printPolicy prints a policy as the CLI's examples show it, labels padded to 27 columns.
func printPolicy(c *cmdContext, a iam.Authorization) {
	attr := func(list []iam.Attribute, name string) string {
		for _, at := range list {
			if at.Name == name {
				return at.Value
			}
		}
		return ""
	}
	line := detailLine(c.stdout, 27)
	party := func(side string, party iam.Party, attributes []iam.Attribute) {
		line(side+" service name", party.Service)
		instance := party.InstanceGUID
		if instance == "" {
			instance = "All instances"
		}
		line(side+" service instance", instance)
		if g := party.ResourceGroupID; g != "" {
			line(side+" resource group", g) // *unconfirmed* label
		}
		if t := attr(attributes, "resourceType"); t != "" {
			line(side+" resource type", t)
		}
	}
	line("ID", a.ID)
	if a.Source.AccountID != "" && a.Source.AccountID != a.Target.AccountID {
		line("Source service account", a.Source.AccountID) // *unconfirmed* label
	}
	party("Source", a.Source, a.SubjectAttributes)
	party("Target", a.Target, a.ResourceAttributes)
	names := make([]string, 0, len(a.Roles))
	for _, r := range a.Roles {
		names = append(names, iam.RoleName(r))
	}
	line("Roles", strings.Join(names, ", "))
	if a.Description != "" {
		line("Description", a.Description)
	}
}

// policyJSON is a policy as the IAM v1 API returns it, which is what the CLI prints with --output JSON.
func policyJSON(a iam.Authorization) map[string]any {
	attrs := func(list []iam.Attribute, withOperator bool) []map[string]any {
		out := make([]map[string]any, 0, len(list))
		for _, at := range list {
			m := map[string]any{"name": at.Name, "value": at.Value}
			if withOperator && at.Operator != "" {
				m["operator"] = at.Operator
			}
			out = append(out, m)
		}
		return out
	}
	roles := make([]map[string]any, 0, len(a.Roles))
	for _, r := range a.Roles {
		role := map[string]any{"role_id": r.CRN, "display_name": iam.RoleName(r)}
		if r.Description != "" {
			role["description"] = r.Description
		}
		roles = append(roles, role)
	}
	out := map[string]any{
		"id": a.ID, "type": "authorization",
		"subjects":  []map[string]any{{"attributes": attrs(a.SubjectAttributes, false)}},
		"roles":     roles,
		"resources": []map[string]any{{"attributes": attrs(a.ResourceAttributes, true)}},
	}
	if a.Description != "" {
		out["description"] = a.Description
	}
	if a.CreatedByID != "" {
		out["created_by_id"] = a.CreatedByID
	}
	if !a.CreatedAt.IsZero() {
		out["created_at"] = a.CreatedAt.UTC().Format(time.RFC3339Nano)
	}
	return out
}
