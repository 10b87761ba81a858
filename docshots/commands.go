package docshots

import (
	"fmt"
	"regexp"
	"strings"
)

// Command is one command line of a page for the ibmcloud CLI: a line of a code block, or inline code in running text.
type Command struct {
	Line    int
	Heading string
	// Text is the command as the page gives it, continuation lines joined.
	Text string
	// Inline is true for a command named in running text rather than given in a code block.
	Inline bool
}

// codeBlock is a fenced code block being read.
type codeBlock struct {
	start int
	lines []string
}

// commands returns the block's lines that begin with ibmcloud (after an optional "$ " prompt), with their continuation
// lines (a line ending in a backslash, or the indented option lines of the docs' examples) joined to them.
func (b codeBlock) commands(heading string) []Command {
	var out []Command
	for i := 0; i < len(b.lines); i++ {
		text, ok := commandText(b.lines[i])
		if !ok {
			continue
		}
		c := Command{Line: b.start + i, Heading: heading}
		for (strings.HasSuffix(text, `\`) || i+1 < len(b.lines) && isContinuation(b.lines[i+1])) && i+1 < len(b.lines) {
			i++
			text = strings.TrimSuffix(text, `\`) + " " + strings.TrimSpace(b.lines[i])
		}
		c.Text = strings.Join(strings.Fields(strings.TrimSuffix(text, `\`)), " ")
		out = append(out, c)
	}
	return out
}

// commandText returns the line without its prompt when it is an ibmcloud command.
func commandText(line string) (string, bool) {
	t := strings.TrimSpace(line)
	t = strings.TrimSpace(strings.TrimPrefix(t, "$ "))
	if t == "ibmcloud" || strings.HasPrefix(t, "ibmcloud ") {
		return t, true
	}
	return "", false
}

// isContinuation reports whether a code block line continues the command above it: an indented option.
func isContinuation(line string) bool {
	return (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && strings.HasPrefix(strings.TrimSpace(line), "-")
}

var inlineCodeRE = regexp.MustCompile("`(ibmcloud(?: [^`]*)?)`")

// inlineCommands returns the commands named in inline code on one line of running text (headings aside: the CLI
// references title each command with its name).
func inlineCommands(raw, heading string, line int) []Command {
	if strings.HasPrefix(strings.TrimSpace(raw), "#") {
		return nil
	}
	var out []Command
	for _, m := range inlineCodeRE.FindAllStringSubmatch(raw, -1) {
		out = append(out, Command{Line: line, Heading: heading, Text: strings.Join(strings.Fields(m[1]), " "), Inline: true})
	}
	return out
}

// CommandValues fills a page's command placeholders with the demo data. It is a table a writer extends when a page
// names a placeholder, a flag or a bare command it does not know yet.
type CommandValues struct {
	// Flags gives the demo value of a flag whose value on the page is a placeholder (GUID, <guid>, exampleString).
	Flags map[string]string
	// Words gives the demo value of a placeholder standing alone, such as a positional argument.
	Words map[string]string
	// Completions gives the demo arguments of a command the page names without them, keyed by the command's words.
	Completions map[string][]string
}

var (
	// placeholderWordRE matches the docs' placeholders: <name>, NAME or NAME-ID in capitals, and exampleString.
	placeholderWordRE = regexp.MustCompile(`^(<[^>]+>|[A-Z][A-Z0-9_-]*[A-Z0-9]|example[A-Za-z0-9_]*)$`)
	// optionalRE matches a synopsis's optional part, [--flag VALUE].
	optionalRE = regexp.MustCompile(`\s*\[[^\[\]]*\]`)
)

// isPlaceholder reports whether a word stands for a value the reader supplies.
func isPlaceholder(w string) bool {
	return placeholderWordRE.MatchString(w) && w != "KMS" && w != "EVENT_NOTIFICATIONS"
}

// Args returns the arguments of c after "ibmcloud", with optional parts of a synopsis dropped, a bare command completed
// and every placeholder filled; an error names what the table lacks.
func (v CommandValues) Args(c Command) ([]string, error) {
	words, err := SplitWords(optionalRE.ReplaceAllString(c.Text, ""))
	if err != nil {
		return nil, err
	}
	if len(words) == 0 || words[0] != "ibmcloud" {
		return nil, fmt.Errorf("%q does not begin with ibmcloud", c.Text)
	}
	words = words[1:]
	if extra, ok := v.Completions[strings.Join(words, " ")]; ok {
		words = append(words, extra...)
	}
	var missing []string
	for i, w := range words {
		name, value, hasValue := strings.Cut(w, "=")
		if strings.HasPrefix(w, "-") && hasValue && isPlaceholder(value) {
			if demo, ok := v.Flags[name]; ok {
				words[i] = name + "=" + demo
			} else {
				missing = append(missing, w)
			}
			continue
		}
		if !isPlaceholder(w) {
			continue
		}
		if i > 0 && strings.HasPrefix(words[i-1], "-") {
			if demo, ok := v.Flags[words[i-1]]; ok {
				words[i] = demo
				continue
			}
		}
		if demo, ok := v.Words[w]; ok {
			words[i] = demo
			continue
		}
		missing = append(missing, w)
	}
	if len(missing) > 0 {
		return words, fmt.Errorf("no demo value for %s: add it to the doccheck's command values", strings.Join(missing, ", "))
	}
	return words, nil
}

// SplitWords splits a command line into words as a POSIX shell does for simple commands: blanks separate words, single
// quotes keep everything, double quotes keep all but backslash escapes, and a backslash escapes the next character.
func SplitWords(s string) ([]string, error) {
	var (
		words []string
		cur   strings.Builder
		in    bool
		quote rune
		esc   bool
	)
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\\':
			esc, in = true, true
		case quote == '"':
			if r == '"' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 || esc {
		return nil, fmt.Errorf("unterminated quote or escape in %q", s)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}
