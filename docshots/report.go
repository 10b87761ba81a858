package docshots

import (
	"fmt"
	"html/template"
	"io"
	"os"
	"strings"
)

var outcomeMark = map[Outcome]string{Acted: "ok", Found: "ok", Skipped: "skip", Missing: "MISSING", Disabled: "DISABLED", Refused: "REFUSED"}

// stepLine is a step's line in the terminal report, with one indented line per label.
func stepLine(s StepResult) string {
	var b strings.Builder
	status := "PASS"
	if !s.Passed() {
		status = "FAIL"
	}
	fmt.Fprintf(&b, "  %s step %d: %s\n", status, s.Number, shorten(Plain(s.Text), 90))
	for _, l := range s.Labels {
		bold := ""
		if !l.Bold {
			bold = " (not bold)"
		}
		fmt.Fprintf(&b, "      %-8s %q%s: %s\n", outcomeMark[l.Outcome], l.Label, bold, l.Detail)
	}
	for _, n := range s.ImageNotes {
		fmt.Fprintf(&b, "      note     %s\n", n)
	}
	if s.Err != "" {
		fmt.Fprintf(&b, "      ERROR    %s\n", s.Err)
	}
	return b.String()
}

func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// WriteText writes the terminal report: every step with its labels, then a summary.
func (r Report) WriteText(w io.Writer) {
	current := ""
	for _, s := range r.Steps {
		if s.Procedure != current {
			current = s.Procedure
			fmt.Fprintf(w, "%s\n", current)
		}
		fmt.Fprint(w, stepLine(s))
	}
	for _, n := range r.Notes {
		fmt.Fprint(w, noteLine(n))
	}
	for _, c := range r.Images {
		fmt.Fprintln(w, c.Line())
	}
	if len(r.Commands) > 0 {
		fmt.Fprintln(w, "Command-line steps")
	}
	for _, c := range r.Commands {
		fmt.Fprint(w, c.Line())
	}
	fmt.Fprintln(w, r.Summary())
}

// Summary is the report's last line.
func (r Report) Summary() string {
	var missing, refused []string
	for _, s := range r.Steps {
		for _, l := range s.Labels {
			switch l.Outcome {
			case Missing, Disabled:
				missing = append(missing, fmt.Sprintf("%q (step %d, %s)", l.Label, s.Number, l.Outcome))
			case Refused:
				refused = append(refused, fmt.Sprintf("%q (step %d: %s)", l.Label, s.Number, l.Detail))
			}
		}
	}
	line := fmt.Sprintf("%s: %d steps, %d passed, %d failed in %.1f s", r.Page, len(r.Steps), len(r.Steps)-r.Failed(), r.Failed(), r.Duration.Seconds())
	if len(missing) > 0 {
		line += "; not matching the console: " + strings.Join(missing, ", ")
	}
	if len(refused) > 0 {
		line += "; refused by the console, with its reason: " + strings.Join(refused, ", ")
	}
	for _, n := range r.Notes {
		line += fmt.Sprintf("; note at line %d %s", n.Note.Line, n.Outcome)
	}
	if len(r.Commands) > 0 {
		var failed []string
		for _, c := range r.Commands {
			if !c.Passed() {
				failed = append(failed, fmt.Sprintf("line %d %s (%s)", c.Command.Line, c.Command.Text, c.Outcome))
			}
		}
		line += fmt.Sprintf("; %s, %d ran", plural(len(r.Commands), "command"), len(r.Commands)-len(failed))
		if len(failed) > 0 {
			line += ", not running as the page says: " + strings.Join(failed, ", ")
		}
	}
	if len(r.Images) > 0 {
		var differ []string
		for _, c := range r.Images {
			if !c.Matches() {
				differ = append(differ, c.Ref+" ("+c.Status()+")")
			}
		}
		line += fmt.Sprintf("; %d images, %d match", len(r.Images), len(r.Images)-len(differ))
		if len(differ) > 0 {
			line += ", not matching: " + strings.Join(differ, ", ")
		}
	}
	return line
}

var reportHTML = template.Must(template.Must(template.New("report").Funcs(template.FuncMap{"plain": Plain, "join": strings.Join}).Funcs(comparisonFuncs).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>doccheck: {{.Page}}</title>
<style>
body{font-family:"IBM Plex Sans",system-ui,sans-serif;margin:2rem;max-width:80rem;color:#161616}
.step{border-left:4px solid #24a148;padding:0 1rem;margin:1.5rem 0}.step.fail{border-color:#da1e28}
table{border-collapse:collapse;margin:.5rem 0}td,th{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #e0e0e0;font-size:.875rem}
.missing,.disabled{color:#da1e28;font-weight:600}.refused{color:#8e6a00;font-weight:600}.skipped{color:#8e6a00}
pre{background:#f4f4f4;padding:.5rem;font-size:.8125rem;overflow-x:auto}img{max-width:640px;border:1px solid #c6c6c6;display:block;margin:.5rem 0}code{color:#525252}
` + comparisonCSS + `
</style></head><body>
<h1>doccheck: {{.Title}}</h1>
<p><code>{{.Page}}</code> — {{.Summary}}</p>
{{range .Steps}}<div class="step{{if not .Passed}} fail{{end}}">
<h2>{{.Procedure}} — step {{.Number}} {{if .Passed}}passed{{else}}failed{{end}}</h2>
<p>{{plain .Text}}</p>{{if .Bullets}}<ul>{{range .Bullets}}<li>{{plain .}}</li>{{end}}</ul>{{end}}
<table><tr><th>Label</th><th>Outcome</th><th>Detail</th></tr>
{{range .Labels}}<tr><td>{{.Label}}{{if not .Bold}} <em>(not bold)</em>{{end}}</td><td class="{{.Outcome}}">{{.Outcome}}</td><td>{{.Detail}}</td></tr>{{end}}
</table>{{if .Err}}<p class="missing">{{.Err}}</p>{{end}}
<p><code>{{.URL}}</code></p>{{range .ImageNotes}}<p>{{.}}</p>{{end}}
{{if .Screenshot}}<a href="{{.Screenshot}}"><img src="{{.Screenshot}}" alt="The console after step {{.Number}}" loading="lazy"></a>{{end}}
</div>{{end}}
{{if .Notes}}<h1>The page's notes</h1>{{range .Notes}}<div class="step{{if or (eq .Outcome "missing") (eq .Outcome "contradicted")}} fail{{end}}">
<p>Line {{.Note.Line}}: {{plain .Note.Text}}</p><p class="{{if eq .Outcome "differs"}}refused{{else if or (eq .Outcome "missing") (eq .Outcome "contradicted")}}missing{{end}}">{{.Outcome}}: {{.Detail}}</p>
{{if .Truth}}<p>{{.Truth}}</p>{{end}}</div>{{end}}{{end}}
{{if .Commands}}<h1>The page's commands</h1>{{range .Commands}}<div class="step{{if not .Passed}} fail{{end}}">
<h2>Line {{.Command.Line}}{{if .Command.Heading}} — {{.Command.Heading}}{{end}}: {{.Outcome}}, exit status {{.Exit}}</h2>
<p><code>{{.Command.Text}}</code></p>{{if .Args}}<p>Ran <code>ibmcloud {{join .Args " "}}</code></p>{{end}}
{{if or .Stdout .Stderr}}<pre>{{.Stdout}}{{.Stderr}}</pre>{{end}}{{if .State}}<p>{{.State}}</p>{{end}}{{if .Err}}<p class="missing">{{.Err}}</p>{{end}}
</div>{{end}}{{end}}
{{if .Images}}<h1>The page's images</h1>{{template "checks" .Images}}{{end}}</body></html>
`)).Parse(comparisonHTML))

// WriteHTML writes the report as an HTML page next to the step screenshots.
func (r Report) WriteHTML(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := reportHTML.Execute(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// plural returns n and the noun, with an s unless n is one.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
