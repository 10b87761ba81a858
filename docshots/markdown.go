package docshots

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// Keywords maps the IBM Cloud docs' {{site.data.keyword.X}} placeholders to the names they stand for.
var Keywords = map[string]string{
	"cloud_notm":                    "IBM Cloud",
	"cloud":                         "IBM Cloud",
	"appconfig_short":               "App Configuration",
	"appconfig_full":                "IBM Cloud App Configuration",
	"keymanagementserviceshort":     "Key Protect",
	"keymanagementservicelong_notm": "Key Protect",
	"keymanagementservicelong":      "IBM Key Protect for IBM Cloud",
	"hscrypto":                      "Hyper Protect Crypto Services",
	"en_short":                      "Event Notifications",
	"en_full":                       "IBM Cloud Event Notifications",
	"iamshort":                      "IAM",
	"iamlong":                       "IBM Cloud Identity and Access Management",
}

// DocPage is a documentation page's numbered procedures.
type DocPage struct {
	Title      string
	Procedures []Procedure
	// Notes are the paragraphs marked as notes outside the procedures.
	Notes []Note
	// Commands are the page's command lines for the ibmcloud CLI, in page order.
	Commands []Command
}

// Procedure is one numbered list of steps under a heading.
type Procedure struct {
	Heading string
	Anchor  string
	Line    int
	Steps   []Step
}

// Step is one numbered item with its continuation text, nested bullets and images.
type Step struct {
	Number  int
	Line    int
	Text    string
	Bullets []string
	Images  []string
}

var (
	placeholderRE = regexp.MustCompile(`\{\{\s*site\.data\.keyword\.([A-Za-z0-9_-]+)\s*\}\}`)
	attributeRE   = regexp.MustCompile(`\{:[^}]*\}`)
	headingRE     = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	numberedRE    = regexp.MustCompile(`^ {0,3}\d+[.)]\s+(.*)$`)
	bulletRE      = regexp.MustCompile(`^\s+[*-]\s+(.*)$`)
	imageRE       = regexp.MustCompile(`!\[[^\]]*\]\(\s*([^)\s]+)[^)]*\)`)
	linkRE        = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	anchorRE      = regexp.MustCompile(`^\{:\s*#([A-Za-z0-9_-]+)\s*\}$`)
	preRE         = regexp.MustCompile(`^\{:\s*\.?pre\s*\}$`)
	noteRE        = regexp.MustCompile(`^\{:\s*\.?(note|important|tip|deprecated)\s*\}$`)
)

// Substitute replaces the docs' keyword placeholders; an unknown keyword keeps its name.
func Substitute(s string) string {
	return placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		if v, ok := Keywords[name]; ok {
			return v
		}
		return name
	})
}

// ReadDoc parses the documentation page in file, as ParseDoc does.
func ReadDoc(file string) (DocPage, error) {
	f, err := os.Open(file)
	if err != nil {
		return DocPage{}, err
	}
	defer f.Close()
	page, err := ParseDoc(f)
	if err != nil {
		return DocPage{}, fmt.Errorf("reading %s: %w", file, err)
	}
	return page, nil
}

// ParseDoc reads a page in the IBM Cloud docs' markdown and returns its numbered procedures.
func ParseDoc(r io.Reader) (DocPage, error) {
	var (
		page    DocPage
		heading string
		anchor  string
		cur     *Procedure
		step    *Step
		inFront bool
		lineNo  int
		inFence bool
		fence   codeBlock
		pending []Command
		// para is the paragraph outside any list read so far, and paraLine where it starts.
		para     string
		paraLine int
	)
	closeList := func() {
		if cur != nil && len(cur.Steps) > 0 {
			page.Procedures = append(page.Procedures, *cur)
		}
		cur, step = nil, nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lineNo++
		raw := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(raw)
		if lineNo == 1 && trimmed == "---" {
			inFront = true
			continue
		}
		if inFront {
			if trimmed == "---" {
				inFront = false
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") {
			inFence = !inFence
			if !inFence {
				pending = fence.commands(heading)
			}
			fence = codeBlock{start: lineNo + 1}
			continue
		}
		// A code block's commands are the reader's to run when the docs mark it {: pre}; an unmarked block is a synopsis.
		if pending != nil && trimmed != "" {
			if preRE.MatchString(trimmed) {
				page.Commands = append(page.Commands, pending...)
			}
			pending = nil
		}
		if inFence {
			fence.lines = append(fence.lines, raw)
			continue
		}
		page.Commands = append(page.Commands, inlineCommands(raw, heading, lineNo)...)
		if m := anchorRE.FindStringSubmatch(trimmed); m != nil {
			if cur == nil {
				anchor = m[1]
			}
			continue
		}
		if noteRE.MatchString(trimmed) && para != "" {
			page.Notes = append(page.Notes, Note{Line: paraLine, Text: clean(para)})
			para = ""
			continue
		}
		if strings.HasPrefix(trimmed, "{:") || strings.HasPrefix(trimmed, "{{site.data.keyword.attribute-definition-list}}") {
			continue
		}
		line := Substitute(raw)
		if m := headingRE.FindStringSubmatch(line); m != nil {
			closeList()
			heading, anchor = clean(m[2]), ""
			if page.Title == "" && len(m[1]) == 1 {
				page.Title = heading
			}
			continue
		}
		if trimmed == "" {
			para = ""
			continue
		}
		if m := numberedRE.FindStringSubmatch(line); m != nil {
			if cur == nil {
				cur = &Procedure{Heading: heading, Anchor: anchor, Line: lineNo}
			}
			cur.Steps = append(cur.Steps, Step{Number: len(cur.Steps) + 1, Line: lineNo})
			step = &cur.Steps[len(cur.Steps)-1]
			step.Text = clean(m[1])
			continue
		}
		indented := strings.HasPrefix(raw, " ") || strings.HasPrefix(raw, "\t")
		if step == nil || !indented {
			closeList()
			if para == "" {
				paraLine = lineNo
			}
			para = strings.TrimSpace(para + " " + line)
			continue
		}
		for _, im := range imageRE.FindAllStringSubmatch(line, -1) {
			step.Images = append(step.Images, im[1])
		}
		rest := strings.TrimSpace(imageRE.ReplaceAllString(line, ""))
		if attributeRE.ReplaceAllString(rest, "") == "" {
			continue
		}
		if m := bulletRE.FindStringSubmatch(line); m != nil {
			step.Bullets = append(step.Bullets, clean(m[1]))
			continue
		}
		if n := len(step.Bullets); n > 0 {
			step.Bullets[n-1] += " " + clean(rest)
		} else {
			step.Text += " " + clean(rest)
		}
	}
	closeList()
	return page, sc.Err()
}

// clean removes attribute lists, images and link targets from a line of markdown, keeping bold and code.
func clean(s string) string {
	s = attributeRE.ReplaceAllString(s, "")
	s = imageRE.ReplaceAllString(s, "")
	s = linkRE.ReplaceAllString(s, "$1")
	return strings.Join(strings.Fields(s), " ")
}

// Label is a bold label of a step with the words before it (since the previous label or the start of the sentence).
type Label struct {
	Text   string
	Before string
	// Path is true when the label follows "**A** >", a path of clicks.
	Path bool
	// Leading is true when the label opens its text (e.g. a bullet "**Create a new instance** - ...").
	Leading bool
	// After is the text that follows the label up to the next label or the end of the sentence.
	After string
}

var boldRE = regexp.MustCompile(`\*\*([^*]+)\*\*|__([^_]+)__`)

// Labels returns the bold labels of one piece of step text, in order.
func Labels(s string) []Label {
	var out []Label
	prev := 0
	for _, m := range boldRE.FindAllStringSubmatchIndex(s, -1) {
		text := s[m[2]:m[3]]
		if m[2] < 0 {
			text = s[m[4]:m[5]]
		}
		before := s[prev:m[0]]
		if i := strings.LastIndexAny(before, ".!?;:"); i >= 0 && strings.TrimSpace(before[i+1:]) != "" {
			before = before[i+1:]
		}
		l := Label{Text: strings.TrimSpace(text), Before: strings.TrimSpace(before)}
		l.Path = len(out) > 0 && l.Before == ">"
		l.Leading = strings.TrimSpace(s[:m[0]]) == ""
		if n := len(out); n > 0 {
			out[n-1].After = strings.TrimSpace(before)
		}
		out = append(out, l)
		prev = m[1]
	}
	if n := len(out); n > 0 {
		after := s[prev:]
		if i := strings.IndexAny(after, ".!?;:"); i >= 0 {
			after = after[:i]
		}
		out[n-1].After = strings.TrimSpace(after)
	}
	return out
}

// Plain returns s without markdown emphasis.
func Plain(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}
