package docshots

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// CommandLine runs one ibmcloud CLI command in process, given its arguments after "ibmcloud", and returns its exit status.
type CommandLine func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int

// CommandOutcome is what became of one command of a page.
type CommandOutcome string

// The outcomes of a command: it ran and succeeded, it ran and failed, the CLI does not know it, or the command values
// lack a demo value for one of its placeholders (so it did not run).
const (
	CommandRan      CommandOutcome = "ran"
	CommandFailed   CommandOutcome = "failed"
	CommandUnknown  CommandOutcome = "unknown"
	CommandUnfilled CommandOutcome = "unfilled"
)

// CommandResult is one command of a page and what running it did.
type CommandResult struct {
	Command Command
	// Args are the arguments that ran, after "ibmcloud", placeholders filled.
	Args    []string
	Outcome CommandOutcome
	Exit    int
	Stdout  string
	Stderr  string
	// State says what the console shows afterwards of what the command changed, for commands that change something.
	State string
	Err   string
}

// Passed reports whether the command ran and succeeded.
func (r CommandResult) Passed() bool { return r.Outcome == CommandRan }

// Line is the command's line in the terminal report.
func (r CommandResult) Line() string {
	status := "PASS"
	if !r.Passed() {
		status = "FAIL (" + string(r.Outcome) + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "  %s command at line %d: %s\n", status, r.Command.Line, r.Command.Text)
	if len(r.Args) > 0 {
		fmt.Fprintf(&b, "      ran      ibmcloud %s\n", strings.Join(r.Args, " "))
	}
	fmt.Fprintf(&b, "      %-8s exit status %d\n", "outcome", r.Exit)
	for _, l := range outputLines(r.Stdout + r.Stderr) {
		fmt.Fprintf(&b, "      | %s\n", l)
	}
	if r.State != "" {
		fmt.Fprintf(&b, "      state    %s\n", r.State)
	}
	if r.Err != "" {
		fmt.Fprintf(&b, "      ERROR    %s\n", r.Err)
	}
	return b.String()
}

// outputLines returns the non-blank lines of a command's output, at most twelve.
func outputLines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " "))
		}
	}
	if len(out) > 12 {
		out = append(out[:11], fmt.Sprintf("… %d more lines", len(out)-11))
	}
	return out
}

// DemoCommandValues are the demo data's values for the placeholders of the App Configuration, IAM and Key Management
// pages: the Enterprise App Configuration instance, the demo Key Protect instance and its root key, and the roles and
// services the Key Management page's authorization names.
func DemoCommandValues() CommandValues {
	return CommandValues{
		Flags: map[string]string{
			"--guid":                       cloudsim.AppConfigEnterpriseGUID,
			"--region":                     "us-south",
			"--integration-id":             "kms-integration",
			"--integration-type":           "KMS",
			"--metadata-kms-instance-crn":  cloudsim.KeyProtectUSSouthCRN,
			"--metadata-kms-endpoint":      "https://us-south.kms.cloud.ibm.com",
			"--metadata-root-key-id":       cloudsim.AppConfigRootKeyID,
			"--source-service-instance-id": cloudsim.AppConfigEnterpriseGUID,
			"--target-service-instance-id": cloudsim.KeyProtectUSSouthGUID,
			"--source-resource-group-id":   cloudsim.DefaultResourceGroupID,
			"--target-resource-group-id":   cloudsim.DefaultResourceGroupID,
			"--source-service-account":     cloudsim.DemoAccountID,
			"--apikey":                     cloudsim.DemoAdminAPIKey,
			"--roles":                      "Reader",
		},
		Words: map[string]string{
			"<source_service_name>": cloudsim.ServiceAppConfig,
			"SOURCE_SERVICE_NAME":   cloudsim.ServiceAppConfig,
			"<target_service_name>": cloudsim.ServiceKeyProtect,
			"TARGET_SERVICE_NAME":   cloudsim.ServiceKeyProtect,
			"<roles>":               "Reader",
			"ROLE_NAME1,ROLE_NAME2": "Reader",
			"ROLE_NAMES":            "Reader",
		},
		// The Key Management page names the command alone; its procedure grants App Configuration Reader access to Key Protect.
		Completions: map[string][]string{
			"iam authorization-policy-create": {cloudsim.ServiceAppConfig, cloudsim.ServiceKeyProtect, "Reader",
				"--source-service-instance-id", cloudsim.AppConfigEnterpriseGUID},
		},
	}
}

// stateView is a console page that shows what a command changes, and how to list its items.
type stateView struct {
	// path returns the page's path for the command's arguments.
	path func(args []string) string
	// items is a script returning the page's items as strings.
	items string
	// noun names an item in the report.
	noun string
}

// stateViews are the console pages that show what each changing command does, keyed by the command's two first words.
var stateViews = map[string]stateView{
	"iam authorization-policy-create":      authorizationsView,
	"iam authorization-policy-delete":      authorizationsView,
	"app-configuration integration-create": integrationsView,
	"app-configuration integration-delete": integrationsView,
	"ac integration-create":                integrationsView,
	"ac integration-delete":                integrationsView,
}

var (
	authorizationsView = stateView{
		path: func([]string) string { return routes.Path(routes.Authorizations) },
		items: `Array.from(document.querySelectorAll('[data-remove]')).map(function(a){var r=a.closest('tr');
			return a.getAttribute('data-remove')+': '+(r?r.innerText.replace(/\s+/g,' ').trim():'');})`,
		noun: "authorization",
	}
	integrationsView = stateView{
		path: func(args []string) string {
			return routes.Path(routes.Integrations, flagValue(args, "--guid"))
		},
		items: `Array.from(document.querySelectorAll('[data-kms-connected],[data-en-connected]')).map(function(e){
			return e.innerText.replace(/\s+/g,' ').trim();})`,
		noun: "integration",
	}
)

// flagValue returns the value of flag in args ("--flag V" or "--flag=V"), or "".
func flagValue(args []string, flag string) string {
	for i, a := range args {
		if a == flag && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, flag+"="); ok {
			return v
		}
	}
	return ""
}

// RunCommands runs a page's commands, in page order, with the CLI against the demo's emulator: a fresh CLI home, and
// a login as the demo administrator in us-south (the demo instances' region) first unless the page logs in itself. For a command that changes something the
// console shows, the report says what the console's page lists afterwards that it did not before.
func RunCommands(ctx context.Context, b *Browser, d *Demo, cli CommandLine, cmds []Command, values CommandValues, progress io.Writer) ([]CommandResult, error) {
	home, err := os.MkdirTemp("", "doccheck-ibmcloud-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(home)
	env := map[string]string{"IBMCLOUD_HOME": home}
	getenv := func(k string) string { return env[k] }
	if !slices.ContainsFunc(cmds, func(c Command) bool { return strings.HasPrefix(c.Text, "ibmcloud login") }) {
		var out bytes.Buffer
		if code := cli(ctx, []string{"login", "-a", d.Sim.URL, "--apikey", cloudsim.DemoAdminAPIKey, "-r", "us-south"}, getenv, &out, &out); code != 0 {
			return nil, fmt.Errorf("logging the CLI in to the emulator (exit status %d): %s", code, out.String())
		}
	}
	tab, err := signedInTab(b, d, DefaultView)
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	fmt.Fprintf(progress, "Command-line steps (%d)\n", len(cmds))
	var results []CommandResult
	for _, c := range cmds {
		r := runCommand(ctx, tab, d, cli, c, values, getenv)
		results = append(results, r)
		fmt.Fprint(progress, r.Line())
	}
	return results, nil
}

// runCommand runs one command and, when it changes what a console page shows, compares that page before and after.
func runCommand(ctx context.Context, tab *Tab, d *Demo, cli CommandLine, c Command, values CommandValues, getenv func(string) string) CommandResult {
	r := CommandResult{Command: c}
	args, err := values.Args(c)
	r.Args = args
	if err != nil {
		r.Outcome, r.Err = CommandUnfilled, err.Error()
		return r
	}
	view, watched := stateViews[strings.Join(args[:min(2, len(args))], " ")]
	var before []string
	if watched {
		if before, err = listItems(tab, d, view, args); err != nil {
			r.Err = err.Error()
		}
	}
	var stdout, stderr bytes.Buffer
	r.Exit = cli(ctx, args, getenv, &stdout, &stderr)
	r.Stdout, r.Stderr = stdout.String(), stderr.String()
	switch {
	case r.Exit == 0:
		r.Outcome = CommandRan
	case strings.Contains(r.Stderr, "is not a registered command"):
		r.Outcome = CommandUnknown
	default:
		r.Outcome = CommandFailed
	}
	if watched && r.Err == "" {
		after, err := listItems(tab, d, view, args)
		if err != nil {
			r.Err = err.Error()
			return r
		}
		r.State = describeChange(view.noun, view.path(args), before, after)
	}
	return r
}

// listItems opens the view's page in the signed-in tab and lists its items.
func listItems(tab *Tab, d *Demo, view stateView, args []string) ([]string, error) {
	path := view.path(args)
	if err := tab.Navigate(d.URL + path); err != nil {
		return nil, err
	}
	items, err := Eval[[]string](tab, view.items)
	if err != nil {
		return nil, fmt.Errorf("listing the %ss on %s: %w", view.noun, path, err)
	}
	return items, nil
}

// describeChange says which items the console lists after a command that it did not list before, and which it no
// longer lists.
func describeChange(noun, page string, before, after []string) string {
	var added, removed []string
	for _, a := range after {
		if !slices.Contains(before, a) {
			added = append(added, a)
		}
	}
	for _, b := range before {
		if !slices.Contains(after, b) {
			removed = append(removed, b)
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, fmt.Sprintf("the console now lists the %s %s", noun, strings.Join(added, "; ")))
	}
	if len(removed) > 0 {
		parts = append(parts, fmt.Sprintf("the console no longer lists the %s %s", noun, strings.Join(removed, "; ")))
	}
	if len(parts) == 0 {
		return fmt.Sprintf("no change on the console's page %s", page)
	}
	return strings.Join(parts, "; ")
}
