package docshots

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// Note is a paragraph the page marks as a note ({: note}, {: important}, {: tip}), outside any procedure.
type Note struct {
	Line int
	Text string
}

// NoteOutcome says what the walker made of a note.
type NoteOutcome string

// The outcomes of a note: the page's claim differs from what IBM Cloud allows and the console shows the truthful state
// (reported, not a mismatch); the console lacks that state (a mismatch); IBM Cloud answers the note's commands as the
// note says; it answers them otherwise (a mismatch); or the walker has no check for the note.
const (
	NoteDiffers      NoteOutcome = "differs"
	NoteMissing      NoteOutcome = "missing"
	NoteHolds        NoteOutcome = "holds"
	NoteContradicted NoteOutcome = "contradicted"
	NoteNotChecked   NoteOutcome = "not checked"
)

// NoteResult is one note of the page and what the walker found of it in the console.
type NoteResult struct {
	Note    Note
	Outcome NoteOutcome
	// Truth says what IBM Cloud allows instead, for a note the walker checks.
	Truth  string
	Detail string
}

// claim is something documentation pages say a user can do that IBM Cloud answers otherwise, with the console page and
// control that show what a user can do instead. A writer extends the list when the product moves again.
type claim struct {
	pattern *regexp.Regexp
	truth   string
	path    string
	control string
}

// claims are the notes the walker knows to have changed.
var claims = []claim{{
	pattern: regexp.MustCompile(`(?i)manually\s+unregister`),
	truth: "Key registrations are written only by the service that owns the resource: Key Protect answers a user's " +
		"unregister with 403 SERVICE_ONLY_ERR. A user can Sync associated resources on the key's page, which asks App " +
		"Configuration to remove the registrations of deleted instances; one left after that is a case for IBM Cloud Support.",
	path:    routes.Path(routes.KMSKey, cloudsim.KeyProtectEUDEGUID, cloudsim.EURootKeyID),
	control: "Sync associated resources",
}}

// commandClaim is a note about what IBM Cloud answers on the command line, checked by running the console's CLI, in
// order, against an emulator of its own with the demo data: each command must succeed, or be refused, as the note says.
type commandClaim struct {
	pattern *regexp.Regexp
	steps   []commandStep
}

// commandStep is one command of a command claim: its arguments after "ibmcloud", whether the note says IBM Cloud
// refuses it at that point, and what the step stands for in the report.
type commandStep struct {
	args    []string
	refused bool
	meaning string
}

// integrationCreate is the CLI command that connects app-config-enterprise to the demo root key of key-protect-us-south.
var integrationCreate = []string{"app-configuration", "integration-create", "--guid", cloudsim.AppConfigEnterpriseGUID,
	"--integration-id", "kms-integration", "--integration-type", "KMS",
	"--metadata-kms-instance-crn", cloudsim.KeyProtectUSSouthCRN, "--metadata-kms-endpoint", "https://us-south.kms.cloud.ibm.com",
	"--metadata-root-key-id", cloudsim.AppConfigRootKeyID}

// commandClaims are the notes the walker checks on the command line.
var commandClaims = []commandClaim{{
	// "If you are using App Configuration CLI or API to create integration with a KMS, ensure that you have enabled
	// authorization to grant access between services before integrating."
	pattern: regexp.MustCompile(`(?is)\bCLI\b.*\bAPI\b.*integration.*authorization.*before`),
	steps: []commandStep{
		{args: integrationCreate, refused: true, meaning: "without an authorization, creating the integration"},
		{args: []string{"iam", "authorization-policy-create", cloudsim.ServiceAppConfig, cloudsim.ServiceKeyProtect, "Reader",
			"--source-service-instance-id", cloudsim.AppConfigEnterpriseGUID}, meaning: "authorizing App Configuration to read Key Protect keys"},
		{args: integrationCreate, meaning: "then creating the integration"},
	},
}}

// checkNotes looks, for each note of the page the walker has a claim for, for the control that shows the truthful state,
// or runs the commands that show what IBM Cloud answers.
func checkNotes(b *Browser, d *Demo, notes []Note, opts WalkOptions, progress io.Writer) ([]NoteResult, error) {
	if len(notes) == 0 {
		return nil, nil
	}
	tab, err := signedInTab(b, d, opts.View)
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	w := &walker{tab: tab, opts: opts}
	var results []NoteResult
	for _, n := range notes {
		r := NoteResult{Note: n, Outcome: NoteNotChecked, Detail: "the walker has no check for this note"}
		for _, c := range claims {
			if !c.pattern.MatchString(n.Text) {
				continue
			}
			r.Truth = c.truth
			if err := tab.Navigate(d.URL + c.path); err != nil {
				return results, err
			}
			cs, err := w.candidates(c.control, "")
			if err != nil {
				return results, err
			}
			if i := pickControl(cs); i >= 0 {
				r.Outcome, r.Detail = NoteDiffers, fmt.Sprintf("the console shows %s on %s", describeKind(cs[i]), c.path)
			} else {
				r.Outcome, r.Detail = NoteMissing, fmt.Sprintf("no %q on %s", c.control, c.path)
			}
			break
		}
		for _, c := range commandClaims {
			if r.Outcome != NoteNotChecked || !c.pattern.MatchString(Plain(n.Text)) {
				continue
			}
			if opts.CLI == nil {
				r.Detail = "the walker was given no command line to check this note with"
				break
			}
			if r, err = checkCommandClaim(n, c, opts.CLI); err != nil {
				return results, err
			}
		}
		results = append(results, r)
		fmt.Fprint(progress, noteLine(r))
	}
	return results, nil
}

// pickControl returns the index of the first enabled button or link among cs, or -1.
func pickControl(cs []candidate) int {
	for i, c := range cs {
		if !c.Disabled && c.Kind != "text" {
			return i
		}
	}
	return -1
}

// noteLine is a note's lines in the terminal report.
func noteLine(r NoteResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "  NOTE line %d: %s\n", r.Note.Line, shorten(Plain(r.Note.Text), 90))
	fmt.Fprintf(&b, "      %-8s %s\n", strings.ToUpper(string(r.Outcome)), r.Detail)
	if r.Truth != "" {
		fmt.Fprintf(&b, "      truth    %s\n", r.Truth)
	}
	return b.String()
}

// checkCommandClaim runs a command claim's steps with cli, logged in as the demo administrator in us-south, against an
// emulator of its own, and says whether each answered as the note says.
func checkCommandClaim(n Note, c commandClaim, cli CommandLine) (NoteResult, error) {
	r := NoteResult{Note: n, Outcome: NoteHolds}
	sim, err := cloudsim.Start("127.0.0.1:0", cloudsim.Options{Clock: func() time.Time { return FixedTime }, DeterministicIDs: true})
	if err != nil {
		return r, fmt.Errorf("starting an emulator for the note at line %d: %w", n.Line, err)
	}
	defer sim.Close()
	home, err := os.MkdirTemp("", "doccheck-note-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(home)
	getenv := func(k string) string { return map[string]string{"IBMCLOUD_HOME": home}[k] }
	ctx := context.Background()
	var out bytes.Buffer
	if code := cli(ctx, []string{"login", "-a", sim.URL, "--apikey", cloudsim.DemoAdminAPIKey, "-r", "us-south"}, getenv, &out, &out); code != 0 {
		return r, fmt.Errorf("logging the CLI in to the emulator (exit status %d): %s", code, out.String())
	}
	var said []string
	for _, st := range c.steps {
		var stdout, stderr bytes.Buffer
		code := cli(ctx, st.args, getenv, &stdout, &stderr)
		answer := "succeeded"
		if code != 0 {
			answer = fmt.Sprintf("was refused (exit status %d: %s)", code, firstLine(stderr.String()))
		}
		said = append(said, fmt.Sprintf("%s (ibmcloud %s) %s", st.meaning, strings.Join(st.args[:2], " "), answer))
		if (code != 0) != st.refused {
			r.Outcome = NoteContradicted
		}
	}
	r.Detail = "on the command line, " + strings.Join(said, "; ")
	return r, nil
}

// firstLine is the first non-blank line of s after the CLI's "FAILED" banner.
func firstLine(s string) string {
	for _, l := range outputLines(s) {
		if l != "FAILED" {
			return l
		}
	}
	return ""
}
