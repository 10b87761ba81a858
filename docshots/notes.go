package docshots

import (
	"fmt"
	"io"
	"regexp"
	"strings"

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
// (reported, not a mismatch); the console lacks that state (a mismatch); or the walker has no check for the note.
const (
	NoteDiffers    NoteOutcome = "differs"
	NoteMissing    NoteOutcome = "missing"
	NoteNotChecked NoteOutcome = "not checked"
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

// checkNotes looks, for each note of the page the walker has a claim for, for the control that shows the truthful state.
func checkNotes(b *Browser, d *Demo, notes []Note, opts WalkOptions, progress io.Writer) ([]NoteResult, error) {
	if len(notes) == 0 {
		return nil, nil
	}
	tab, err := b.NewTab(opts.View)
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	if err := d.SignIn(tab); err != nil {
		return nil, err
	}
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
