package ibmcli

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"appconfig-console/services/appconfig"
)

// The app-configuration commands follow ibm-cloud-docs/app-configuration ac-updated-cli.md (section "Integrations":
// integrations, integration-create, integration, integration-delete, and "Options" for --region, --output, -j, -q).
// The reference shows no output; the tables and messages here are *unconfirmed* (the layout of IBM's generated
// plug-ins is followed as far as known: a key-value table for one resource, a table for a list, "OK" for a delete).

// appConfigFlags are the options every integration command has.
var appConfigFlags = []flagSpec{
	{names: []string{"guid"}, value: "GUID", usage: "AppConfiguration instance Id. Required."},
	{names: []string{"region"}, value: "REGION", usage: "The region where you provisioned your App Configuration instance; the targeted region when not given."},
	{names: []string{"jmes-query", "j"}, value: "JMES-QUERY", usage: "Provide a JMESPath query to customize output."},
	{names: []string{"output"}, value: "OUTPUT", usage: "Choose an output format - can be 'json', 'yaml', or 'table'. Defaults to 'table'."},
	{names: []string{"quiet", "q"}, usage: "Suppresses verbose messages."},
}

// integrationIDPattern is what --integration-id allows: letters, digits, dot, hyphen and underscore (ac-updated-cli.md).
var integrationIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// metadataFlags are the granular options for the sub-fields of --metadata, with the metadata key each sets.
var metadataFlags = []struct{ flag, key, usage string }{
	{"metadata-event-notifications-instance-crn", "event_notifications_instance_crn", "The CRN of the Event Notifications service instance."},
	{"metadata-event-notifications-endpoint", "event_notifications_endpoint", "The URL endpoint of the Event Notifications service instance."},
	{"metadata-event-notifications-source-name", "event_notifications_source_name", "Source name. This name will be shown in your Event Notification instance sources page."},
	{"metadata-event-notifications-source-description", "event_notifications_source_description", "Source description."},
	{"metadata-kms-instance-crn", "kms_instance_crn", "The CRN of the Key Protect service instance."},
	{"metadata-kms-endpoint", "kms_endpoint", "The URL endpoint of Key Protect instance."},
	{"metadata-root-key-id", "root_key_id", "The rootkey id of Key Protect instance."},
}

// appConfigCommands are the four integration commands.
func appConfigCommands() []*command {
	withIntegrationID := append([]flagSpec{{names: []string{"integration-id"}, value: "INTEGRATION-ID", usage: "Integration Id of the integration. Required."}}, appConfigFlags...)
	create := append([]flagSpec{
		{names: []string{"integration-id"}, value: "INTEGRATION-ID", usage: "Integration id. Allowed special characters are dot ( . ), hyphen( - ), underscore ( _ ) only. Required."},
		{names: []string{"integration-type"}, value: "KMS | EVENT_NOTIFICATIONS", usage: "Integration type. Required."},
		{names: []string{"metadata"}, value: "METADATA | @METADATA-FILE", usage: "The metadata as JSON, or @FILE to read it from a file; mutually exclusive with the --metadata-... options."},
	}, appConfigFlags...)
	for _, m := range metadataFlags {
		create = append(create, flagSpec{names: []string{m.flag}, value: strings.ToUpper(m.flag), usage: m.usage})
	}
	return []*command{
		{
			path:  "app-configuration integrations",
			usage: "app-configuration integrations --guid GUID [--expand=EXPAND] [--limit LIMIT] [--offset OFFSET | --all-pages] [--region REGION] [-j, --jmes-query JMES-QUERY] [--output OUTPUT] [-q, --quiet]",
			desc:  "List all the integrations.",
			flags: append([]flagSpec{
				{names: []string{"expand"}, usage: "If set to true, returns expanded view of the resource details."},
				{names: []string{"limit"}, value: "LIMIT", usage: "The number of records to retrieve (1 to 100; 10 by default)."},
				{names: []string{"offset"}, value: "OFFSET", usage: "The number of records to skip (0 by default)."},
				{names: []string{"all-pages"}, usage: "Invoke multiple requests to display all pages of the collection for integrations."},
			}, appConfigFlags...),
			login: true,
			run:   runIntegrations,
		},
		{
			path: "app-configuration integration-create",
			usage: "app-configuration integration-create --guid GUID --integration-id INTEGRATION-ID --integration-type KMS | EVENT_NOTIFICATIONS " +
				"{--metadata (METADATA | @METADATA-FILE) | --metadata-event-notifications-instance-crn CRN --metadata-event-notifications-endpoint ENDPOINT " +
				"--metadata-event-notifications-source-name NAME --metadata-event-notifications-source-description DESCRIPTION --metadata-kms-instance-crn CRN " +
				"--metadata-kms-endpoint ENDPOINT --metadata-root-key-id ROOT-KEY-ID} [--region REGION] [-j, --jmes-query JMES-QUERY] [--output OUTPUT] [-q, --quiet]",
			desc:  "Create an integration with App Configuration service instance.",
			flags: create,
			login: true,
			run:   runIntegrationCreate,
		},
		{
			path:  "app-configuration integration",
			usage: "app-configuration integration --guid GUID --integration-id INTEGRATION-ID [--region REGION] [-j, --jmes-query JMES-QUERY] [--output OUTPUT] [-q, --quiet]",
			desc:  "Retrieve the details of the integration.",
			flags: withIntegrationID,
			login: true,
			run:   runIntegrationGet,
		},
		{
			path:  "app-configuration integration-delete",
			usage: "app-configuration integration-delete --guid GUID --integration-id INTEGRATION-ID [--region REGION] [-j, --jmes-query JMES-QUERY] [--output OUTPUT] [-q, --quiet]",
			desc:  "Delete an integration.",
			flags: withIntegrationID,
			login: true,
			run:   runIntegrationDelete,
		},
	}
}

// acOptions checks what every integration command needs and returns the instance and the command's printer.
func (c *cmdContext) acOptions(p parsed, required ...string) (appconfig.Instance, printer, error) {
	o := printer{w: c.stdout, quiet: p.has("quiet")}
	if len(p.args) > 0 {
		return appconfig.Instance{}, o, usageError{fmt.Sprintf("unexpected argument '%s'", p.args[0])}
	}
	var missing []string
	for _, f := range append([]string{"guid"}, required...) {
		if p.get(f) == "" {
			missing = append(missing, `"`+f+`"`)
		}
	}
	if len(missing) > 0 {
		// The wording of the generated plug-ins' framework (*unconfirmed*).
		return appconfig.Instance{}, o, usageError{"required flag(s) " + strings.Join(missing, ", ") + " not set"}
	}
	if p.has("jmes-query") {
		return appconfig.Instance{}, o, failure{"--jmes-query is not available in this console's CLI; use --output json and a JSON tool."}
	}
	switch strings.ToLower(p.get("output")) {
	case "", "table":
	case "json":
		o.json = true
	case "yaml":
		return appconfig.Instance{}, o, failure{"--output yaml is not available in this console's CLI; use json or table."}
	default:
		return appconfig.Instance{}, o, usageError{fmt.Sprintf("Invalid output format '%s'. Use 'json', 'yaml' or 'table'.", p.get("output"))}
	}
	region := p.get("region")
	if region == "" {
		region = c.cfg.Region
	}
	if region == "" {
		// *unconfirmed* wording.
		return appconfig.Instance{}, o, failure{"No region is set. Use --region REGION or target one with 'ibmcloud target -r REGION'."}
	}
	return appconfig.Instance{GUID: p.get("guid"), Region: region}, o, nil
}

// runIntegrations lists one page of integrations (--limit, --offset) or all of them (--all-pages).
func runIntegrations(c *cmdContext, p parsed) error {
	inst, o, err := c.acOptions(p)
	if err != nil {
		return err
	}
	if p.has("offset") && p.has("all-pages") {
		return usageError{"'--offset' and '--all-pages' can't be used together"}
	}
	limit, offset, err := p.page("limit", 10, 100, "offset")
	if err != nil {
		return err
	}
	// The service always asks with expand=true (cloudsim returns metadata only then); without --expand the
	// metadata is left out of what is printed, as the API leaves it out.
	all, err := c.svc.appconfig.ListIntegrations(c.ctx, c.token(), inst)
	if err != nil {
		return err
	}
	page := all
	if !p.has("all-pages") {
		page = all[min(offset, len(all)):min(offset+limit, len(all))]
	}
	expand := p.has("expand")
	if o.json {
		list := jsonList(page, func(in appconfig.Integration) map[string]any { return integrationJSON(in, expand) })
		out := map[string]any{"integrations": list, "total_count": len(all)}
		if !p.has("all-pages") {
			out["limit"], out["offset"] = limit, offset
		}
		return writeJSON(c.stdout, out)
	}
	headers := []string{"Integration ID", "Integration Type", "Created Time", "Updated Time"}
	if expand {
		headers = append(headers, "Metadata")
	}
	rows := make([][]string, 0, len(page))
	for _, in := range page {
		row := []string{in.ID, in.Type, timeText(in.CreatedTime), timeText(in.UpdatedTime)}
		if expand {
			meta, _ := json.Marshal(metadataOf(in))
			row = append(row, string(meta))
		}
		rows = append(rows, row)
	}
	writeTable(c.stdout, headers, rows)
	return nil
}

// runIntegrationCreate creates an integration from --metadata or the granular --metadata-... options.
func runIntegrationCreate(c *cmdContext, p parsed) error {
	inst, o, err := c.acOptions(p, "integration-id", "integration-type")
	if err != nil {
		return err
	}
	id, kind := p.get("integration-id"), p.get("integration-type")
	if !integrationIDPattern.MatchString(id) {
		return usageError{"--integration-id: allowed special characters are dot ( . ), hyphen( - ), underscore ( _ ) only"}
	}
	if kind != appconfig.TypeKMS && kind != appconfig.TypeEventNotifications {
		return usageError{fmt.Sprintf("Invalid value '%s' for --integration-type. Allowable values are: KMS, EVENT_NOTIFICATIONS.", kind)}
	}
	metadata := map[string]any{}
	for _, m := range metadataFlags {
		if p.has(m.flag) {
			if p.has("metadata") {
				return usageError{fmt.Sprintf("'--metadata' and '--%s' can't be used together", m.flag)}
			}
			metadata[m.key] = p.get(m.flag)
		}
	}
	if p.has("metadata") {
		if metadata, err = readMetadata(p.get("metadata")); err != nil {
			return err
		}
	}
	if len(metadata) == 0 {
		return usageError{"the metadata is required: --metadata or the --metadata-... options"}
	}
	in, err := c.svc.appconfig.CreateIntegration(c.ctx, c.token(), inst, id, kind, metadata)
	return showIntegration(o, in, err)
}

// readMetadata reads --metadata: JSON, or @FILE holding JSON.
func readMetadata(value string) (map[string]any, error) {
	data := []byte(value)
	if file, ok := strings.CutPrefix(value, "@"); ok {
		var err error
		if data, err = os.ReadFile(file); err != nil {
			return nil, failf("Unable to read file '%s': %v", file, err)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, usageError{fmt.Sprintf("--metadata is not a JSON object: %v", err)}
	}
	return m, nil
}

// runIntegrationGet shows one integration.
func runIntegrationGet(c *cmdContext, p parsed) error {
	inst, o, err := c.acOptions(p, "integration-id")
	if err != nil {
		return err
	}
	in, err := c.svc.appconfig.GetIntegration(c.ctx, c.token(), inst, p.get("integration-id"))
	return showIntegration(o, in, err)
}

// runIntegrationDelete deletes an integration (App Configuration refuses it for Key Management: customer-managed
// encryption cannot be switched off, ac-managing-encryption.md).
func runIntegrationDelete(c *cmdContext, p parsed) error {
	inst, o, err := c.acOptions(p, "integration-id")
	if err != nil {
		return err
	}
	// The service counts an integration already gone as deleted; the API answers 404 for it, so it is read first.
	if _, err := c.svc.appconfig.GetIntegration(c.ctx, c.token(), inst, p.get("integration-id")); err != nil {
		return err
	}
	if err := c.svc.appconfig.DeleteIntegration(c.ctx, c.token(), inst, p.get("integration-id")); err != nil {
		return err
	}
	return o.result(map[string]any{}, func() error { return nil })
}

// showIntegration prints the integration a command read or created (or its error): as JSON with --output json, else
// as a key-value table.
func showIntegration(o printer, in appconfig.Integration, err error) error {
	if err != nil {
		return err
	}
	if o.json {
		return writeJSON(o.w, integrationJSON(in, true))
	}
	meta, _ := json.Marshal(metadataOf(in))
	rows := [][]string{{"Integration ID", in.ID}, {"Integration Type", in.Type}, {"Metadata", string(meta)},
		{"Created Time", timeText(in.CreatedTime)}, {"Updated Time", timeText(in.UpdatedTime)}}
	for _, r := range rows {
		fmt.Fprintf(o.w, "%-18s %s\n", r[0], r[1])
	}
	return nil
}

// metadataOf is an integration's metadata with the API's field names.
func metadataOf(in appconfig.Integration) map[string]string {
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set("kms_instance_crn", in.KMSInstanceCRN)
	set("kms_endpoint", in.KMSEndpoint)
	set("root_key_id", in.RootKeyID)
	set("key_status", in.KeyStatus)
	set("kms_scheme_type", in.SchemeType)
	set("event_notifications_instance_crn", in.ENInstanceCRN)
	set("event_notifications_endpoint", in.ENEndpoint)
	set("event_notifications_source_id", in.ENSourceID)
	return m
}

// integrationJSON is an integration as the API returns it, with its metadata when expanded.
func integrationJSON(in appconfig.Integration, expand bool) map[string]any {
	out := map[string]any{"integration_id": in.ID, "integration_type": in.Type}
	if expand {
		out["metadata"] = metadataOf(in)
	}
	if !in.CreatedTime.IsZero() {
		out["created_time"] = in.CreatedTime.UTC().Format(time.RFC3339)
	}
	if !in.UpdatedTime.IsZero() {
		out["updated_time"] = in.UpdatedTime.UTC().Format(time.RFC3339)
	}
	return out
}

// timeText renders a time as the API writes it, or "-" for none.
func timeText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}
