package ibmcli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// The kp commands follow ibm-cloud-docs/key-protect key-protect-cli-commands.md (sections kp-keys and
// kp-registrations): their options, KP_INSTANCE_ID for -i, "Retrieving keys...", "OK" and the "Key ID   Key Name"
// table of kp keys, and the JSON of --output json. The table of kp registrations is not shown there (*unconfirmed*).

// kpCommands are kp keys and kp registrations, which find the root key and its registrations the integration steps name.
func kpCommands() []*command {
	instance := flagSpec{names: []string{"instance-id", "i"}, value: "INSTANCE_ID", usage: "The instance ID that identifies your Key Protect instance; KP_INSTANCE_ID when not given."}
	output := flagSpec{names: []string{"output", "o"}, value: "OUTPUT", usage: "Set the CLI output format: table (the default) or json."}
	return []*command{
		{
			path:  "kp keys",
			usage: "kp keys -i, --instance-id INSTANCE_ID [-b --sort-by SORT_BY] [-c, --crn] [-f, --key-filter FILTERS] [--key-ring KEY_RING_ID] [--key-states STATES] [-l --key-search KEY_SEARCH] [-n, --number-of-keys NUMBER_OF_KEYS] [-o, --output OUTPUT] [-s, --starting-offset STARTING_OFFSET] [-t, --key-type TYPE]",
			desc:  "List the keys that are available in your Key Protect instance",
			flags: []flagSpec{instance,
				{names: []string{"sort-by", "b"}, value: "SORT_BY", usage: "Sort the keys (not available in this console's CLI)."},
				{names: []string{"crn", "c"}, usage: "Show the cloud resource name (CRN) of each key."},
				{names: []string{"key-filter", "f"}, value: "FILTERS", usage: "Filter the keys (not available in this console's CLI)."},
				{names: []string{"key-ring"}, value: "KEY_RING_ID", usage: "List the keys of one key ring (not available in this console's CLI)."},
				{names: []string{"key-states"}, value: "STATES", usage: "States of the keys to list: Active, Suspended, Deactivated, Destroyed (default: active,suspended,deactivated)."},
				{names: []string{"key-search", "l"}, value: "KEY_SEARCH", usage: "Search the keys (not available in this console's CLI)."},
				{names: []string{"number-of-keys", "n"}, value: "NUMBER_OF_KEYS", usage: "Restricts the number of keys to be retrieved. The default is 200 and the maximum is 5000."},
				output,
				{names: []string{"starting-offset", "s"}, value: "STARTING_OFFSET", usage: "Retrieves keys starting at the offset specified (zero-based)."},
				{names: []string{"key-type", "t"}, value: "TYPE", usage: "root-key or standard-key: the type of keys to be retrieved."},
			},
			login: true,
			run:   runKPKeys,
		},
		{
			path:  "kp registrations",
			usage: "kp registrations -i, --instance-id INSTANCE_ID [-r, --key-ring KEY_RING_ID] [-c, --crn-query CRN_PATTERN] [-k, --key-id KEY_ID_OR_ALIAS] [-o, --output OUTPUT]",
			desc:  "List associations between root keys and other cloud resources",
			flags: []flagSpec{instance,
				{names: []string{"key-ring", "r"}, value: "KEY_RING_ID", usage: "List the registrations of one key ring (not available in this console's CLI)."},
				{names: []string{"crn-query", "c"}, value: "CRN_PATTERN", usage: "Only the registrations of this cloud resource (CRN)."},
				{names: []string{"key-id", "k"}, value: "KEY_ID", usage: "Only the registrations of this key."},
				output,
			},
			login: true,
			run:   runKPRegistrations,
		},
	}
}

// kpInstance finds the key management instance of -i (or KP_INSTANCE_ID) with its endpoint, and the command's printer
// (kp commands have no -q).
func (c *cmdContext) kpInstance(p parsed, unavailable ...string) (resources.Instance, printer, error) {
	o := printer{w: c.stdout}
	if len(p.args) > 0 {
		return resources.Instance{}, o, usageError{fmt.Sprintf("unexpected argument '%s'", p.args[0])}
	}
	for _, f := range unavailable {
		if p.has(f) {
			return resources.Instance{}, o, failf("--%s is not available in this console's CLI.", f)
		}
	}
	switch strings.ToLower(p.get("output")) {
	case "", "table":
	case "json":
		o.json = true
	default:
		return resources.Instance{}, o, usageError{fmt.Sprintf("Invalid output format '%s'. Use 'table' or 'json'.", p.get("output"))}
	}
	id := p.get("instance-id")
	if id == "" {
		id = c.env("KP_INSTANCE_ID")
	}
	if id == "" {
		// *unconfirmed* wording.
		return resources.Instance{}, o, usageError{"an instance ID is required: use -i INSTANCE_ID or set KP_INSTANCE_ID"}
	}
	inst, err := c.svc.resources.GetInstance(c.ctx, c.token(), id)
	return inst, o, err
}

// runKPKeys lists the instance's keys in key ID order.
func runKPKeys(c *cmdContext, p parsed) error {
	inst, o, err := c.kpInstance(p, "sort-by", "key-filter", "key-ring", "key-search")
	if err != nil {
		return err
	}
	var filter kms.KeyFilter
	switch p.get("key-type") {
	case "":
	case "root-key":
		filter.Type = kms.TypeRoot
	case "standard-key":
		filter.Type = kms.TypeStandard
	default:
		return usageError{fmt.Sprintf("Invalid key type '%s'. Use root-key or standard-key.", p.get("key-type"))}
	}
	states := "active,suspended,deactivated"
	if p.has("key-states") {
		states = p.get("key-states")
	}
	for _, name := range strings.Split(states, ",") {
		s, ok := kms.ParseKeyState(strings.ToLower(strings.TrimSpace(name)))
		if !ok {
			return usageError{fmt.Sprintf("Invalid key state '%s'. Valid states are Active, Suspended, Deactivated, Destroyed.", name)}
		}
		filter.States = append(filter.States, s)
	}
	limit, offset, err := p.page("number-of-keys", 200, 5000, "starting-offset")
	if err != nil {
		return err
	}
	o.progress("Retrieving keys...\n")
	keys, err := c.svc.kms.ListKeys(c.ctx, c.token(), inst, filter)
	if err != nil {
		return err
	}
	slices.SortFunc(keys, func(a, b kms.Key) int { return strings.Compare(a.ID, b.ID) })
	keys = keys[min(offset, len(keys)):]
	keys = keys[:min(limit, len(keys))]
	return o.result(jsonList(keys, keyJSON), func() error {
		headers := []string{"Key ID", "Key Name"}
		if p.has("crn") {
			headers = append(headers, "CRN")
		}
		rows := make([][]string, 0, len(keys))
		for _, k := range keys {
			row := []string{k.ID, k.Name}
			if p.has("crn") {
				row = append(row, k.CRN)
			}
			rows = append(rows, row)
		}
		writeTable(c.stdout, headers, rows)
		return nil
	})
}

// keyJSON is a key as Key Protect's API returns it.
func keyJSON(k kms.Key) map[string]any {
	m := map[string]any{"id": k.ID, "name": k.Name, "type": "application/vnd.ibm.kms.key+json", "algorithmType": "AES",
		"extractable": k.Type == kms.TypeStandard, "state": int(k.State), "crn": k.CRN}
	if !k.CreatedAt.IsZero() {
		m["creationDate"] = k.CreatedAt.UTC().Format(time.RFC3339)
	}
	return m
}

// runKPRegistrations lists the registrations of the instance's keys (of one key with -k, of one resource with -c).
func runKPRegistrations(c *cmdContext, p parsed) error {
	inst, o, err := c.kpInstance(p, "key-ring")
	if err != nil {
		return err
	}
	o.progress("Retrieving registrations...\n")
	regs, err := c.svc.kms.ListRegistrations(c.ctx, c.token(), inst, p.get("key-id"), p.get("crn-query"))
	if err != nil {
		return err
	}
	return o.result(jsonList(regs, registrationJSON), func() error {
		rows := make([][]string, 0, len(regs))
		for _, r := range regs {
			rows = append(rows, []string{r.KeyID, r.ResourceCRN, strconv.FormatBool(r.PreventKeyDeletion)})
		}
		writeTable(c.stdout, []string{"Key ID", "Resource CRN", "Prevent Key Deletion"}, rows)
		return nil
	})
}

// registrationJSON is a registration as Key Protect's API returns it.
func registrationJSON(r kms.Registration) map[string]any {
	m := map[string]any{"keyId": r.KeyID, "resourceCrn": r.ResourceCRN, "preventKeyDeletion": r.PreventKeyDeletion}
	if r.Description != "" {
		m["description"] = r.Description
	}
	if !r.CreatedAt.IsZero() {
		m["creationDate"] = r.CreatedAt.UTC().Format(time.RFC3339)
	}
	return m
}
