package docshots

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"appconfig-console/routes"
)

//go:embed finder.js
var finderJS string

// Outcome is what became of one label of a step.
type Outcome string

// The outcomes of a label: acted on, found (a field name or text), missing, disabled, refused (disabled, and the console
// says why, e.g. a service closed to new integrations; reported, not a mismatch), or skipped (outside the console).
const (
	Acted    Outcome = "acted"
	Found    Outcome = "found"
	Missing  Outcome = "missing"
	Disabled Outcome = "disabled"
	Refused  Outcome = "refused"
	Skipped  Outcome = "skipped"
)

// LabelResult is one label of a step and what the walker did with it.
type LabelResult struct {
	Label   string
	Outcome Outcome
	Detail  string
	// Bold is false for labels the walker found in the step's plain text (the page does not put them in bold).
	Bold bool
}

// StepResult is one walked step.
type StepResult struct {
	Procedure string
	Number    int
	Text      string
	Bullets   []string
	Images    []string
	// ImageNotes say, for each documentation image of the step, whether the screenshots command makes it.
	ImageNotes []string
	Labels     []LabelResult
	URL        string
	Screenshot string
	Err        string
}

// Passed reports whether every label of the step was found or acted on (or skipped) and nothing failed.
func (s StepResult) Passed() bool {
	return s.Err == "" && !slices.ContainsFunc(s.Labels, func(l LabelResult) bool { return l.Outcome == Missing || l.Outcome == Disabled })
}

// Report is the result of walking a documentation page.
type Report struct {
	Page     string
	Title    string
	Steps    []StepResult
	Duration time.Duration
	// Images compare the page's images with the console's screens (doccheck --images).
	Images []ImageCheck
	// Notes say what the console shows for the page's notes.
	Notes []NoteResult
	// Commands are the page's ibmcloud commands and what running them did.
	Commands []CommandResult
}

// CommandsFailed counts the page's commands that did not run and succeed.
func (r Report) CommandsFailed() int {
	return countOf(r.Commands, func(c CommandResult) bool { return !c.Passed() })
}

// Failed counts the steps that did not pass.
func (r Report) Failed() int {
	return countOf(r.Steps, func(s StepResult) bool { return !s.Passed() })
}

// NotesCounted counts the notes of the given outcome.
func (r Report) NotesCounted(outcome NoteOutcome) int {
	return countOf(r.Notes, func(n NoteResult) bool { return n.Outcome == outcome })
}

// ImagesDiffering counts the page's images that do not match the console's screens (or could not be compared).
func (r Report) ImagesDiffering() int {
	return countOf(r.Images, func(c ImageCheck) bool { return !c.Matches() })
}

// countOf counts the items of list that match.
func countOf[T any](list []T, match func(T) bool) int {
	n := 0
	for _, item := range list {
		if match(item) {
			n++
		}
	}
	return n
}

// WalkOptions say where each procedure starts, what to type into fields and where the step screenshots go.
type WalkOptions struct {
	// Start returns the console path a procedure starts from; nil uses DefaultStart.
	Start func(index int, p Procedure) string
	// Values are typed into text fields, by field label (case-insensitive); others get "doccheck".
	Values map[string]string
	// Dir receives one screenshot per step; "" takes none.
	Dir string
	// Progress receives one line per step as it is walked.
	Progress io.Writer
	View     View
	// CLI runs the ibmcloud commands with which the notes about the command line are checked; nil leaves them unchecked.
	CLI CommandLine
}

// DefaultStart starts a procedure that begins at an instance dashboard on app-config-enterprise's page, the first
// procedure of a page there too, and any other at the console home.
func DefaultStart(appConfigGUID string) func(int, Procedure) string {
	return func(i int, p Procedure) string {
		first := ""
		if len(p.Steps) > 0 {
			first = strings.ToLower(p.Steps[0].Text)
		}
		switch {
		case strings.Contains(first, "instance dashboard") || strings.Contains(first, "service instance"):
			return routes.Path(routes.Instance, appConfigGUID)
		case strings.Contains(first, "ibm cloud console"):
			return routes.Path(routes.ResourceList)
		case i == 0:
			return routes.Path(routes.Instance, appConfigGUID)
		}
		return routes.Path(routes.ResourceList)
	}
}

// intent is what a step's sentence asks to do with a label.
type intent int

const (
	look intent = iota
	click
	choose
	fill
	alternative
)

var (
	wordRE    = regexp.MustCompile(`[a-z]+`)
	outsideRE = regexp.MustCompile(`(?i)\b(in|on|from|to|open)\b[^.]*\b(key protect|hyper protect crypto services|event notifications|catalog|provisioning|billing)\b[^.]*\b(dashboard|console|page|ui)\b`)
)

// hasWord reports whether s has one of words as a whole word (case-insensitive).
func hasWord(s string, words ...string) bool {
	for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
		if slices.Contains(words, w) {
			return true
		}
	}
	return false
}

// classify reads the words before a label: "click" clicks, "select"/"choose" chooses, "enter" types, "or" names an
// alternative, "and" repeats the previous verb, anything else (from, for the, under, displays) only looks.
func classify(l Label, prev intent, leadingVerb bool) intent {
	b := strings.ToLower(strings.TrimSpace(l.Before))
	switch {
	case l.Path:
		return click
	case l.Leading && b == "":
		if leadingVerb {
			return choose
		}
		return look
	case hasWord(b, "click", "press", "tap"):
		return click
	case hasWord(b, "enter", "type", "fill"):
		return fill
	case hasWord(b, "select", "choose", "check", "pick", "specify"):
		return choose
	case b == "or" || b == "," || b == ", or":
		return alternative
	case b == "and" || b == "and the" || b == ", and":
		return prev
	}
	return look
}

// candidate is an element the finder matched, as finder.js describes it.
type candidate struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Tag      string `json:"tag"`
	Text     string `json:"text"`
	Disabled bool   `json:"disabled"`
	// Reason is why a disabled element is disabled, as the console says it (its title).
	Reason   string `json:"reason"`
	Checked  bool   `json:"checked"`
	Value    string `json:"value"`
	Select   string `json:"select"`
	Label    string `json:"label"`
	Group    string `json:"group"`
	InDialog bool   `json:"inDialog"`
}

// preference orders the kinds of element a label can name, per intent.
var preference = map[intent][]string{
	click:       {"click", "radio", "checkbox", "option", "select", "field", "text"},
	choose:      {"radio", "checkbox", "option", "click", "select", "field", "text"},
	fill:        {"field", "select", "radio", "checkbox", "text"},
	look:        {"text", "select", "field", "radio", "checkbox", "click", "option"},
	alternative: {"option", "radio", "checkbox", "click", "text", "select", "field"},
}

// walker walks the steps of one procedure in one tab.
type walker struct {
	tab  *Tab
	opts WalkOptions
	// acted is a selector of the element the last action was done on (its id, which survives an htmx swap of the
	// element, else the finder's mark); the step's screenshot frames it.
	acted string
}

// call runs one function of finder.js in the page with JSON arguments and returns its JSON result.
func (w *walker) call(js string, args ...any) (json.RawMessage, error) {
	enc := make([]string, len(args))
	for i, a := range args {
		b, _ := json.Marshal(a)
		enc[i] = string(b)
	}
	expr := "JSON.stringify((" + finderJS + ")." + js + "(" + strings.Join(enc, ",") + "))"
	s, err := Eval[string](w.tab, expr)
	return json.RawMessage(s), err
}

// callCandidates calls the finder function js, which answers a list of elements.
func (w *walker) callCandidates(js string, args ...any) ([]candidate, error) {
	raw, err := w.call(js, args...)
	if err != nil {
		return nil, err
	}
	var cs []candidate
	if err := json.Unmarshal(raw, &cs); err != nil {
		return nil, err
	}
	return cs, nil
}

// candidates lists the visible elements named label, only those near the scope element when it has any.
func (w *walker) candidates(label, scope string) ([]candidate, error) {
	cs, err := w.callCandidates("candidates", label)
	if err != nil {
		return nil, err
	}
	if scope != "" && len(cs) > 1 {
		if in, err := w.callCandidates("within", cs, scope); err == nil && len(in) > 0 {
			cs = in
		}
	}
	return cs, nil
}

// act does action on the element id (click, check, option, first, fill) and waits for the page to settle.
func (w *walker) act(id, action, value string) (string, error) {
	mark := `[data-ds-id="` + id + `"]`
	w.acted = mark
	if htmlID, err := Eval[string](w.tab, `(function(){var e=document.querySelector(`+jsString(mark)+`);
		if (e && e.tagName === 'OPTION') e = e.closest('select'); return (e && e.id) || '';})()`); err == nil && htmlID != "" {
		b, _ := json.Marshal(htmlID)
		w.acted = "[id=" + string(b) + "]"
	}
	raw, err := w.call("act", id, action, value)
	if err != nil {
		return "", err
	}
	var res string
	_ = json.Unmarshal(raw, &res)
	return res, w.tab.Settle()
}

// pick returns the candidate of the kind the intent prefers most.
func pick(cs []candidate, in intent) (candidate, bool) {
	for _, kind := range preference[in] {
		for _, c := range cs {
			if c.Kind == kind {
				return c, true
			}
		}
	}
	return candidate{}, false
}

// value is what to type into the field named label.
func (w *walker) value(label string) string {
	for k, v := range w.opts.Values {
		if strings.EqualFold(k, label) {
			return v
		}
	}
	return "doccheck"
}

// unit walks one piece of a step (its sentence, or one bullet) and returns what became of each label.
func (w *walker) unit(text string, leadingVerb bool) ([]LabelResult, error) {
	labels := Labels(text)
	if len(labels) == 0 {
		return w.unbolded(text)
	}
	intents := make([]intent, len(labels))
	prev := look
	for i, l := range labels {
		intents[i] = classify(l, prev, leadingVerb)
		prev = intents[i]
	}
	results := make([]LabelResult, len(labels))
	done := make([]bool, len(labels))
	// A dropdown named in the sentence with its options ("Select **A** or **B** from the **Service** drop-down"):
	// choose the first option named, and check that the others are options too.
	for i, l := range labels {
		cs, err := w.candidates(l.Text, "")
		if err != nil {
			return nil, err
		}
		sel, ok := pick(cs, look)
		if !ok || sel.Kind != "select" {
			continue
		}
		var chosen bool
		for j, o := range labels {
			if j == i || done[j] {
				continue
			}
			ocs, err := w.candidates(o.Text, "")
			if err != nil {
				return nil, err
			}
			k := slices.IndexFunc(ocs, func(c candidate) bool { return c.Kind == "option" && c.Select == sel.ID })
			if k < 0 {
				continue
			}
			done[j] = true
			if ocs[k].Disabled && ocs[k].Reason != "" {
				// The console refuses this choice and says why: report it, and go on with the next option named.
				results[j] = LabelResult{Label: o.Text, Outcome: Refused, Detail: "a disabled option of " + l.Text + ": " + ocs[k].Reason, Bold: true}
				continue
			}
			if chosen {
				results[j] = LabelResult{Label: o.Text, Outcome: Found, Detail: "an option of " + l.Text, Bold: true}
				continue
			}
			if ocs[k].Disabled {
				results[j] = LabelResult{Label: o.Text, Outcome: Disabled, Detail: "a disabled option of " + l.Text, Bold: true}
				chosen = true
				continue
			}
			res, err := w.act(ocs[k].ID, "option", "")
			if err != nil {
				return nil, err
			}
			chosen = true
			results[j] = LabelResult{Label: o.Text, Outcome: Acted, Detail: res + " in " + l.Text, Bold: true}
		}
		if chosen {
			done[i] = true
			results[i] = LabelResult{Label: l.Text, Outcome: Acted, Detail: "dropdown", Bold: true}
		}
	}
	scope := ""
	for i, l := range labels {
		if done[i] {
			scope = ""
			continue
		}
		r, id, err := w.label(l, intents[i], scope, text)
		if err != nil {
			return nil, err
		}
		results[i] = r
		scope = ""
		if intents[i] == look && r.Outcome == Found {
			scope = id
		}
	}
	return results, nil
}

// label finds one bold label and does what the sentence asks with it; it returns the element's id for scoping.
func (w *walker) label(l Label, in intent, scope, text string) (LabelResult, string, error) {
	res := LabelResult{Label: l.Text, Bold: true}
	cs, err := w.candidates(l.Text, scope)
	if err != nil {
		return res, "", err
	}
	var revealed string
	if len(cs) == 0 {
		// The label may appear only after a choice the sentence names in plain text ("If you selected X, then ...").
		if revealed, err = w.reveal(text); err != nil {
			return res, "", err
		}
		if revealed != "" {
			if cs, err = w.candidates(l.Text, ""); err != nil {
				return res, "", err
			}
		}
	}
	// "the **Key Management** side panel" must name an open panel; "the **Key Management** tile" something outside one.
	if hasWord(l.After, "panel", "dialog") {
		cs = slices.DeleteFunc(cs, func(c candidate) bool { return !c.InDialog })
	} else if hasWord(l.After, "tile", "page") {
		if out := slices.DeleteFunc(slices.Clone(cs), func(c candidate) bool { return c.InDialog }); len(out) > 0 {
			cs = out
		}
	}
	c, ok := pick(cs, in)
	if !ok {
		if outsideRE.MatchString(text) {
			res.Outcome, res.Detail = Skipped, "names a page outside the console"
			return res, "", nil
		}
		res.Outcome, res.Detail = Missing, "no element on the page is named so"
		return res, "", nil
	}
	note := ""
	if revealed != "" {
		note = " (after choosing " + revealed + ", which the page does not put in bold)"
	}
	if (in == choose || in == fill) && c.Kind == "text" && (c.Tag == "legend" || strings.HasPrefix(c.Tag, "h")) {
		// "specify the **Add attributes**": the label names a group of fields; fill the one the sentence names.
		raw, err := w.call("fieldIn", c.ID, text)
		if err != nil {
			return res, "", err
		}
		var f *candidate
		if json.Unmarshal(raw, &f) == nil && f != nil {
			action, value := "first", text
			if f.Kind == "field" {
				action, value = "fill", w.value(f.Label)
			}
			done, err := w.act(f.ID, action, value)
			if err != nil {
				return res, "", err
			}
			res.Outcome, res.Detail = Acted, fmt.Sprintf("%s; %s in %q%s", describeKind(c), done, f.Label, note)
			return res, c.ID, nil
		}
	}
	if in == click && c.Kind == "text" {
		res.Outcome, res.Detail = Missing, "only "+describeKind(c)+" is named so; there is nothing to click"+note
		return res, c.ID, nil
	}
	if c.Disabled && c.Reason != "" {
		// The console refuses this choice and says why, whether the sentence acts on it or names it as an alternative.
		res.Outcome, res.Detail = Refused, describeKind(c)+" is disabled: "+c.Reason+note
		return res, c.ID, nil
	}
	if in == look || in == alternative || c.Kind == "text" {
		res.Outcome, res.Detail = Found, describeKind(c)+note
		return res, c.ID, nil
	}
	if c.Disabled {
		res.Outcome, res.Detail = Disabled, describeKind(c)+" is disabled"+note
		return res, c.ID, nil
	}
	action, value := "click", ""
	switch c.Kind {
	case "radio", "checkbox":
		action = "check"
	case "option":
		action = "option"
	case "select":
		action, value = "first", text
	case "field":
		action, value = "fill", w.value(l.Text)
	}
	done, err := w.act(c.ID, action, value)
	if err != nil {
		return res, "", err
	}
	res.Outcome, res.Detail = Acted, describeKind(c)+": "+done+note
	return res, c.ID, nil
}

// reveal chooses the radio button a sentence names in plain text after "if you select(ed)", or else the last one it
// names that is not chosen yet, and returns its label ("" when there is none).
func (w *walker) reveal(text string) (string, error) {
	ms, err := w.callCandidates("mentioned", text)
	if err != nil {
		return "", err
	}
	lower := strings.Join(strings.Fields(strings.ToLower(Plain(text))), " ")
	var target *candidate
	for i, m := range ms {
		l := strings.ToLower(m.Label)
		if strings.Contains(lower, "if you selected "+l) || strings.Contains(lower, "if you select "+l) {
			target = &ms[i]
			break
		}
	}
	if target == nil {
		for i := len(ms) - 1; i >= 0; i-- {
			if !ms[i].Checked && ms[i].Kind == "radio" {
				target = &ms[i]
				break
			}
		}
	}
	if target == nil || target.Checked || target.Disabled {
		return "", nil
	}
	if _, err := w.act(target.ID, "check", ""); err != nil {
		return "", err
	}
	return target.Label, nil
}

// unbolded handles a step without bold labels: the choices it names in plain text are reported (and the first chosen
// when its group has nothing chosen), and a group its words name that has nothing chosen gets its first choice.
func (w *walker) unbolded(text string) ([]LabelResult, error) {
	if !hasWord(text, "select", "choose", "specify", "check", "pick") {
		return nil, nil
	}
	var out []LabelResult
	ms, err := w.callCandidates("mentioned", text)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out = append(out, LabelResult{Label: m.Label, Outcome: Found, Detail: describeKind(m) + " (named in plain text)"})
	}
	if len(ms) > 0 {
		return out, nil
	}
	gs, err := w.callCandidates("groups", text)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.ID] = true
	}
	for _, g := range gs {
		if seen[g.ID] {
			continue
		}
		seen[g.ID] = true
		if g.Checked {
			out = append(out, LabelResult{Label: g.Label, Outcome: Found, Detail: fmt.Sprintf("%s already chosen in %q", describeKind(g), g.Group)})
			continue
		}
		done, err := w.act(g.ID, "check", "")
		if err != nil {
			return nil, err
		}
		out = append(out, LabelResult{Label: g.Label, Outcome: Acted,
			Detail: fmt.Sprintf("%s %s in %q (the step names the group, not the choice)", done, g.Kind, g.Group)})
	}
	return out, nil
}

// describeKind names the kind of element a candidate is, for the report.
func describeKind(c candidate) string {
	if c.Kind == "text" && c.InDialog && (strings.HasPrefix(c.Tag, "h") || c.Tag == "legend") {
		return "side panel " + c.Tag + " text"
	}
	switch c.Kind {
	case "click":
		return c.Tag + " " + quote(c.Text)
	case "select":
		return "dropdown"
	case "option":
		return "dropdown option"
	case "radio":
		return "radio button"
	case "checkbox":
		return "checkbox"
	case "field":
		return "text field"
	}
	return c.Tag + " text"
}

// quote puts s in double quotes.
func quote(s string) string { return "\"" + s + "\"" }

// Walk walks every procedure of page in its own signed-in tab, one screenshot per step, and returns the report.
func Walk(b *Browser, d *Demo, pageName string, page DocPage, opts WalkOptions) (Report, error) {
	start := time.Now()
	rep := Report{Page: pageName, Title: page.Title}
	if opts.Start == nil {
		return rep, fmt.Errorf("walk: no start page")
	}
	if opts.Dir != "" {
		if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
			return rep, err
		}
	}
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	for pi, proc := range page.Procedures {
		if err := walkProcedure(b, d, pi, proc, opts, progress, &rep); err != nil {
			return rep, err
		}
	}
	notes, err := checkNotes(b, d, page.Notes, opts, progress)
	rep.Notes = notes
	if err != nil {
		return rep, err
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// walkProcedure walks one procedure in a fresh tab.
func walkProcedure(b *Browser, d *Demo, pi int, proc Procedure, opts WalkOptions, progress io.Writer, rep *Report) error {
	tab, err := signedInTab(b, d, opts.View)
	if err != nil {
		return err
	}
	defer tab.Close()
	startPath := opts.Start(pi, proc)
	if err := tab.Navigate(d.URL + startPath); err != nil {
		return err
	}
	w := &walker{tab: tab, opts: opts}
	name := proc.Heading
	if name == "" {
		name = fmt.Sprintf("Procedure %d", pi+1)
	}
	fmt.Fprintf(progress, "%s (from %s)\n", name, startPath)
	for _, st := range proc.Steps {
		w.acted = ""
		sr := StepResult{Procedure: name, Number: st.Number, Text: st.Text, Bullets: st.Bullets, Images: st.Images}
		for _, im := range st.Images {
			sr.ImageNotes = append(sr.ImageNotes, imageNote(im))
		}
		leadingVerb := hasWord(st.Text, "select", "choose", "click", "specify")
		units := append([]string{st.Text}, st.Bullets...)
		for _, u := range units {
			rs, err := w.unit(u, leadingVerb)
			if err != nil {
				sr.Err = err.Error()
				break
			}
			sr.Labels = append(sr.Labels, rs...)
		}
		if sr.Err == "" {
			if raw, err := w.call("problems"); err == nil {
				var ps []string
				if json.Unmarshal(raw, &ps) == nil && len(ps) > 0 {
					sr.Err = "the console refused the step: " + strings.Join(ps, "; ")
				}
			}
		}
		sr.URL, _ = tab.URL()
		if opts.Dir != "" {
			file := fmt.Sprintf("procedure%d-step%d.png", pi+1, st.Number)
			var acted []string
			if w.acted != "" {
				acted = append(acted, w.acted)
			}
			_ = tab.Highlight(acted, true)
			if data, err := tab.Screenshot(""); err == nil && os.WriteFile(filepath.Join(opts.Dir, file), data, 0o644) == nil {
				sr.Screenshot = file
			}
		}
		rep.Steps = append(rep.Steps, sr)
		fmt.Fprint(progress, stepLine(sr))
	}
	return nil
}

// imageNote says whether the screenshots command makes the documentation image named by path.
func imageNote(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if slices.ContainsFunc(Catalogue(), func(s Screen) bool { return s.Name == name }) {
		return fmt.Sprintf("image %s: made by `screenshots` as %s.png", path, name)
	}
	return fmt.Sprintf("image %s: no screen of that name in `screenshots` (see its -list)", path)
}
