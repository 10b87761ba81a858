package ibmcli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// writeJSON prints v as indented JSON, as the CLI prints --output json.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeTable prints rows under headers in columns separated by three spaces, as the CLI's tables are laid out
// (e.g. "Name   Location   State   Type" of `ibmcloud resource service-instances`).
func writeTable(w io.Writer, headers []string, rows [][]string) {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = len(h)
	}
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], len(cell))
		}
	}
	line := func(cells []string) {
		var b strings.Builder
		for i, cell := range cells {
			if i == len(cells)-1 {
				b.WriteString(cell)
				break
			}
			fmt.Fprintf(&b, "%-*s   ", widths[i], cell)
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
	line(headers)
	for _, r := range rows {
		line(r)
	}
}

// detailLine returns a printer of one line of a resource's details, "Label:" padded to width and the value, as the CLI
// lays out one resource.
func detailLine(w io.Writer, width int) func(label, value string) {
	return func(label, value string) { fmt.Fprintf(w, "%-*s%s\n", width, label+":", value) }
}

// jsonList is each item of list as toJSON renders it, for --output json of a list.
func jsonList[T any](list []T, toJSON func(T) map[string]any) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, item := range list {
		out = append(out, toJSON(item))
	}
	return out
}

// printer prints a command's result as the CLI does: as JSON with --output json, else as text after its progress
// line and "OK", which -q leaves out.
type printer struct {
	w     io.Writer
	json  bool
	quiet bool
}

// progress prints the line a command starts with, unless the output is JSON or quiet.
func (o printer) progress(format string, args ...any) {
	if !o.json && !o.quiet {
		fmt.Fprintf(o.w, format, args...)
	}
}

// result prints v as JSON with --output json; else "OK" (unless quiet) and what text prints.
func (o printer) result(v any, text func() error) error {
	if o.json {
		return writeJSON(o.w, v)
	}
	if !o.quiet {
		fmt.Fprintln(o.w, "OK")
	}
	return text()
}
