// Package weigh measures what a browser downloads on a first visit to a page: the HTML, its stylesheets and scripts,
// and the fonts the stylesheets name, each as transferred (with Accept-Encoding: gzip) and uncompressed.
package weigh

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// Budgets of a first visit, in bytes as transferred.
const (
	MaxTotal = 150_000
	MaxCSS   = 25_000
	MaxJS    = 25_000
)

// Resource is one downloaded file.
type Resource struct {
	URL  string
	Kind string // html, css, js or font
	// Transferred is the body size on the wire; Raw is the size after decompression.
	Transferred int
	Raw         int
	Encoding    string
	// IfGzipped is the size gzip would give a text resource sent uncompressed (0 otherwise).
	IfGzipped int
}

// Report lists what a first visit downloads.
type Report struct {
	Resources []Resource
}

// Total returns the bytes transferred for resources of kind ("" for all).
func (r Report) Total(kind string) int {
	n := 0
	for _, res := range r.Resources {
		if kind == "" || res.Kind == kind {
			n += res.Transferred
		}
	}
	return n
}

// OverBudget lists the budgets the report exceeds.
func (r Report) OverBudget() []string {
	var over []string
	if t := r.Total(""); t > MaxTotal {
		over = append(over, fmt.Sprintf("total %d B > %d B", t, MaxTotal))
	}
	if t := r.Total("css"); t > MaxCSS {
		over = append(over, fmt.Sprintf("CSS %d B > %d B", t, MaxCSS))
	}
	if t := r.Total("js"); t > MaxJS {
		over = append(over, fmt.Sprintf("JS %d B > %d B", t, MaxJS))
	}
	return over
}

// String formats the report as a table.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-5s %11s %11s %-5s %10s %s\n", "kind", "transferred", "raw", "enc", "if-gzipped", "url")
	for _, res := range r.Resources {
		gz := "-"
		if res.IfGzipped > 0 {
			gz = fmt.Sprint(res.IfGzipped)
		}
		fmt.Fprintf(&b, "%-5s %11d %11d %-5s %10s %s\n", res.Kind, res.Transferred, res.Raw, res.Encoding, gz, res.URL)
	}
	for _, kind := range []string{"html", "css", "js", "font"} {
		fmt.Fprintf(&b, "total %-5s %9d B\n", kind, r.Total(kind))
	}
	fmt.Fprintf(&b, "total       %9d B (budget %d; CSS %d; JS %d)\n", r.Total(""), MaxTotal, MaxCSS, MaxJS)
	return b.String()
}

var (
	stylesheetRef = regexp.MustCompile(`<link[^>]+rel="stylesheet"[^>]*>`)
	scriptRef     = regexp.MustCompile(`<script[^>]+src="([^"]+)"`)
	hrefAttr      = regexp.MustCompile(`href="([^"]+)"`)
	cssURL        = regexp.MustCompile(`url\(\s*["']?([^"')\s]+)["']?\s*\)`)
)

// Page downloads page (a path on base) with client, as a first visit would, and every asset it refers to.
func Page(ctx context.Context, client *http.Client, base, page string) (Report, error) {
	var r Report
	html, err := fetch(ctx, client, base, page, "html", &r)
	if err != nil {
		return r, err
	}
	seen := map[string]bool{}
	var css, js []string
	for _, tag := range stylesheetRef.FindAllString(string(html), -1) {
		if m := hrefAttr.FindStringSubmatch(tag); m != nil {
			css = append(css, m[1])
		}
	}
	for _, m := range scriptRef.FindAllStringSubmatch(string(html), -1) {
		js = append(js, m[1])
	}
	var fonts []string
	for _, ref := range css {
		if seen[ref] {
			continue
		}
		seen[ref] = true
		body, err := fetch(ctx, client, base, ref, "css", &r)
		if err != nil {
			return r, err
		}
		for _, m := range cssURL.FindAllStringSubmatch(string(body), -1) {
			if !strings.HasPrefix(m[1], "data:") {
				fonts = append(fonts, resolve(ref, m[1]))
			}
		}
	}
	for _, ref := range js {
		if !seen[ref] {
			seen[ref] = true
			if _, err := fetch(ctx, client, base, ref, "js", &r); err != nil {
				return r, err
			}
		}
	}
	sort.Strings(fonts)
	for _, ref := range fonts {
		if !seen[ref] {
			seen[ref] = true
			if _, err := fetch(ctx, client, base, ref, "font", &r); err != nil {
				return r, err
			}
		}
	}
	return r, nil
}

// resolve returns ref relative to the stylesheet at from.
func resolve(from, ref string) string {
	f, err := url.Parse(from)
	if err != nil {
		return ref
	}
	u, err := f.Parse(ref)
	if err != nil {
		return ref
	}
	return u.RequestURI()
}

// fetch downloads one resource as a browser would (accepting gzip) and records it.
func fetch(ctx context.Context, client *http.Client, base, ref, kind string, r *Report) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+ref, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("Accept", "text/html,*/*")
	// Setting Accept-Encoding turns off the transport's transparent decompression, so the body is what was sent.
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	wire, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: status %d", ref, resp.StatusCode)
	}
	body := wire
	enc := resp.Header.Get("Content-Encoding")
	if enc == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(wire))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
	}
	res := Resource{URL: ref, Kind: kind, Transferred: len(wire), Raw: len(body), Encoding: enc}
	if enc == "" {
		res.Encoding = "none"
		if kind != "font" {
			res.IfGzipped = Gzipped(body)
		}
	}
	r.Resources = append(r.Resources, res)
	return body, nil
}

// Gzipped returns the size of body compressed with gzip at the default level, for comparing uncompressed responses.
func Gzipped(body []byte) int {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, _ = w.Write(body)
	_ = w.Close()
	return b.Len()
}
