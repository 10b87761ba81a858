// Package htmltest renders templ components and queries the resulting HTML
// with simple CSS-like selectors, for expectation tests of the views.
package htmltest

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"
)

// Doc is a rendered, parsed component.
type Doc struct {
	t    testing.TB
	HTML string
	root *html.Node
}

// Render renders c and parses it as an HTML document body.
func Render(t testing.TB, c templ.Component) *Doc {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(context.Background(), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	root, err := html.Parse(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return &Doc{t: t, HTML: buf.String(), root: root}
}

// All returns every element matching selector: compound selectors such as
// `a.cls#id[attr][attr=value]` separated by spaces (descendant combinator).
func (d *Doc) All(selector string) []*html.Node {
	return All(d.root, selector)
}

// One returns the only element matching selector and fails the test otherwise.
func (d *Doc) One(selector string) *html.Node {
	d.t.Helper()
	n := d.All(selector)
	if len(n) != 1 {
		d.t.Fatalf("%q matched %d elements, want 1 in:\n%s", selector, len(n), d.HTML)
	}
	return n[0]
}

// Has reports whether selector matches at least one element.
func (d *Doc) Has(selector string) bool {
	return len(d.All(selector)) > 0
}

// All returns the descendants of root matching selector.
func All(root *html.Node, selector string) []*html.Node {
	parts := splitSelector(selector)
	nodes := []*html.Node{root}
	for _, part := range parts {
		m := parseCompound(part)
		var next []*html.Node
		seen := map[*html.Node]bool{}
		for _, n := range nodes {
			walk(n, func(c *html.Node) {
				if c != n && m.match(c) && !seen[c] {
					seen[c] = true
					next = append(next, c)
				}
			})
		}
		nodes = next
	}
	return nodes
}

// splitSelector splits a selector at spaces outside [...].
func splitSelector(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == ' ' && depth == 0:
			if i > start {
				parts = append(parts, s[start:i])
			}
			start = i + 1
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

// Attr returns the value of attribute key of n, and whether it exists.
func Attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// AttrValue returns the value of attribute key of n, or "" when it has none.
func AttrValue(n *html.Node, key string) string {
	v, _ := Attr(n, key)
	return v
}

// Text returns the text content of n with whitespace collapsed.
func Text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteString(" ")
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// walk calls f for n and all its descendants in document order.
func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// compound is one compound selector.
type compound struct {
	tag     string
	id      string
	classes []string
	attrs   [][2]string // name, value ("\x00" = any)
}

var (
	tagRE  = regexp.MustCompile(`^[a-zA-Z0-9-]*`)
	partRE = regexp.MustCompile(`#([\w-]+)|\.([\w-]+)|\[([\w-]+)(?:=["']?([^"'\]]*)["']?)?\]`)
)

// parseCompound parses tag#id.class[attr=value].
func parseCompound(s string) compound {
	var c compound
	tag := tagRE.FindString(s)
	c.tag = strings.ToLower(tag)
	for _, m := range partRE.FindAllStringSubmatch(s[len(tag):], -1) {
		switch {
		case m[1] != "":
			c.id = m[1]
		case m[2] != "":
			c.classes = append(c.classes, m[2])
		case m[3] != "":
			v := "\x00"
			if strings.Contains(m[0], "=") {
				v = m[4]
			}
			c.attrs = append(c.attrs, [2]string{m[3], v})
		}
	}
	return c
}

// match reports whether element n matches the compound selector.
func (c compound) match(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if c.tag != "" && c.tag != "*" && n.Data != c.tag {
		return false
	}
	if c.id != "" {
		if v, _ := Attr(n, "id"); v != c.id {
			return false
		}
	}
	if len(c.classes) > 0 {
		v, _ := Attr(n, "class")
		have := strings.Fields(v)
		for _, want := range c.classes {
			found := false
			for _, h := range have {
				if h == want {
					found = true
				}
			}
			if !found {
				return false
			}
		}
	}
	for _, a := range c.attrs {
		v, ok := Attr(n, a[0])
		if !ok || (a[1] != "\x00" && v != a[1]) {
			return false
		}
	}
	return true
}
