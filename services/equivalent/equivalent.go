// Package equivalent writes what a console action does as `ibmcloud` CLI commands and Terraform resources, for
// people who want to repeat it in a script.
package equivalent

import (
	"fmt"
	"strconv"
	"strings"
)

// Equivalent is what one Create does, as shell commands and as Terraform. When Create cannot run yet (nothing chosen)
// or would be refused, Pending says why and CLI and Terraform are empty: no command that would fail is shown.
type Equivalent struct {
	CLI       string
	Terraform string
	Pending   string
}

// Ready reports whether there are commands to show.
func (e Equivalent) Ready() bool { return e.Pending == "" }

// Wait returns an Equivalent that shows only why there is nothing to show yet.
func Wait(reason string) Equivalent { return Equivalent{Pending: reason} }

// Script is an Equivalent being written: shell commands and Terraform blocks, in order.
type Script struct {
	cli, terraform []string
}

// Add adds a command and the Terraform block that does the same; either may be empty.
func (s *Script) Add(command, block string) {
	s.cli, s.terraform = append(s.cli, command), append(s.terraform, block)
}

// Note adds text as a comment to both the commands and the Terraform.
func (s *Script) Note(text string) {
	comment := Comment(text)
	s.Add(comment, comment)
}

// Equivalent returns the commands and the Terraform added so far.
func (s *Script) Equivalent() Equivalent {
	return Equivalent{CLI: Join(s.cli...), Terraform: Join(s.terraform...)}
}

// Flag is one option of a command: a name with its dashes, and a value (quoted for the shell by Command).
type Flag struct {
	Name  string
	Value string
}

// Command returns the command words followed by the flags that have a value, one flag a line, continued with
// backslashes.
func Command(words string, flags ...Flag) string {
	parts := []string{words}
	for _, f := range flags {
		if f.Value != "" {
			parts = append(parts, f.Name+" "+Quote(f.Value))
		}
	}
	return strings.Join(parts, " \\\n  ")
}

// Quote quotes s for a POSIX shell when it holds anything but characters that need no quoting.
func Quote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,:/@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// commentWidth is the longest comment line, so that comments read without scrolling in a narrow side panel.
const commentWidth = 42

// Comment returns text as shell or Terraform comment lines (both use #), wrapped at word boundaries.
func Comment(text string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > commentWidth {
			lines, line = append(lines, line), ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	lines = append(lines, line)
	return "# " + strings.Join(lines, "\n# ")
}

// Arg is one argument of a Terraform resource: a name and an HCL expression (see String).
type Arg struct {
	Name string
	Expr string
}

// String returns s as an HCL string literal, with template sequences escaped so that they stay literal.
func String(s string) string {
	q := strconv.Quote(s)
	q = strings.ReplaceAll(q, "${", "$${")
	return strings.ReplaceAll(q, "%{", "%%{")
}

// Resource returns a Terraform resource block of type kind named name, with the arguments that have an expression,
// their equals signs aligned as `terraform fmt` aligns them.
func Resource(kind, name string, args ...Arg) string {
	width := 0
	for _, a := range args {
		if a.Expr != "" {
			width = max(width, len(a.Name))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "resource %q %q {\n", kind, name)
	for _, a := range args {
		if a.Expr != "" {
			fmt.Fprintf(&b, "  %-*s = %s\n", width, a.Name, a.Expr)
		}
	}
	b.WriteString("}")
	return b.String()
}

// Join joins the non-empty pieces (commands, comments, blocks) with a blank line between them.
func Join(pieces ...string) string {
	kept := pieces[:0:0]
	for _, p := range pieces {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}
