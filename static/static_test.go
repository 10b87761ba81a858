package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestURL(t *testing.T) {
	for _, name := range []string{"app.css", "app.js", "htmx.min.js", "fonts/IBMPlexSans-Regular-Latin1.woff2"} {
		got := URL(name)
		if !regexp.MustCompile(`^/static/[0-9a-f]{10}/` + regexp.QuoteMeta(name) + `$`).MatchString(got) {
			t.Errorf("URL(%q) = %q, want /static/{10 hex}/%s", name, got, name)
		}
	}
	if got := URL("nope.js"); !strings.HasPrefix(got, "/static/unknown/") {
		t.Errorf("URL(unknown) = %q", got)
	}
}

func TestHandler(t *testing.T) {
	h := Handler()
	tests := []struct {
		name        string
		method      string
		path        string
		accept      string
		status      int
		contentType string
		encoding    string
	}{
		{"css plain", http.MethodGet, URL("app.css"), "", 200, "text/css; charset=utf-8", ""},
		{"css gzip", http.MethodGet, URL("app.css"), "gzip, deflate, br", 200, "text/css; charset=utf-8", "gzip"},
		{"css gzip refused", http.MethodGet, URL("app.css"), "gzip;q=0", 200, "text/css; charset=utf-8", ""},
		{"js gzip", http.MethodGet, URL("htmx.min.js"), "gzip", 200, "text/javascript; charset=utf-8", "gzip"},
		{"app js", http.MethodGet, URL("app.js"), "", 200, "text/javascript; charset=utf-8", ""},
		{"font never gzipped", http.MethodGet, URL("fonts/IBMPlexSans-SemiBold-Latin1.woff2"), "gzip", 200, "font/woff2", ""},
		{"head", http.MethodHead, URL("app.css"), "", 200, "text/css; charset=utf-8", ""},
		{"wrong hash", http.MethodGet, "/static/0123456789/app.css", "", 404, "", ""},
		{"unknown name", http.MethodGet, strings.Replace(URL("app.css"), "app.css", "other.css", 1), "", 404, "", ""},
		{"no hash", http.MethodGet, "/static/app.css", "", 404, "", ""},
		{"source file not served", http.MethodGet, "/static/unknown/static.go", "", 404, "", ""},
		{"post", http.MethodPost, URL("app.css"), "", 405, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Encoding", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d", rec.Code, tt.status)
			}
			if tt.status != 200 {
				return
			}
			hdr := rec.Header()
			if got := hdr.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control = %q", got)
			}
			if got := hdr.Get("Content-Type"); got != tt.contentType {
				t.Errorf("Content-Type = %q, want %q", got, tt.contentType)
			}
			if got := hdr.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if hdr.Get("ETag") == "" {
				t.Error("no ETag")
			}
			if tt.contentType != "font/woff2" && hdr.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary = %q", hdr.Get("Vary"))
			}
			if tt.method == http.MethodHead {
				if rec.Body.Len() != 0 {
					t.Error("HEAD has a body")
				}
				return
			}
			body := rec.Body.Bytes()
			if tt.encoding == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			name := tt.path[strings.Index(tt.path[len(Prefix):], "/")+len(Prefix)+1:]
			if want := catalog()[name].body; !bytes.Equal(body, want) {
				t.Errorf("body differs from the embedded %s (%d vs %d bytes)", name, len(body), len(want))
			}
		})
	}
}

func TestHandlerNotModified(t *testing.T) {
	h := Handler()
	for _, accept := range []string{"", "gzip"} {
		req := httptest.NewRequest(http.MethodGet, URL("app.js"), nil)
		req.Header.Set("Accept-Encoding", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		etag := rec.Header().Get("ETag")

		req.Header.Set("If-None-Match", etag)
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("Accept-Encoding %q: If-None-Match %s gave %d with %d bytes", accept, etag, rec.Code, rec.Body.Len())
		}
	}
}

func TestCSSFontURLsRewritten(t *testing.T) {
	css := string(catalog()["app.css"].body)
	if strings.Contains(css, "url(fonts/") {
		t.Error("app.css still has relative font URLs")
	}
	for _, weight := range []string{"Light", "Regular", "SemiBold"} {
		name := "fonts/IBMPlexSans-" + weight + "-Latin1.woff2"
		if !strings.Contains(css, "url("+URL(name)+")") {
			t.Errorf("app.css does not refer to %s", URL(name))
		}
	}
	if regexp.MustCompile(`url\((["']?)(https?:)?//`).MatchString(css) {
		t.Error("app.css loads something from another host")
	}
}

func TestLoadRewritesAndHashes(t *testing.T) {
	fsys := fstest.MapFS{
		"fonts/a.woff2": {Data: []byte("font-a")},
		"x.css":         {Data: []byte(`@font-face{src:url(fonts/a.woff2)}b{src:url("fonts/a.woff2")}c{src:url(fonts/missing.woff2)}`)},
	}
	assets, err := load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fontURL := urlFor(assets, "fonts/a.woff2")
	want := `@font-face{src:url(` + fontURL + `)}b{src:url(` + fontURL + `)}c{src:url(fonts/missing.woff2)}`
	if got := string(assets["x.css"].body); got != want {
		t.Errorf("rewritten CSS = %s\nwant %s", got, want)
	}
	if assets["x.css"].hash != hash([]byte(want)) {
		t.Error("CSS hash is not the hash of the rewritten CSS")
	}
	if assets["fonts/a.woff2"].gzipped != nil {
		t.Error("fonts should not be gzipped")
	}
}

func TestAcceptsGzip(t *testing.T) {
	tests := map[string]bool{
		"":                    false,
		"gzip":                true,
		"GZIP":                true,
		"br, gzip;q=0.5":      true,
		"gzip;q=0":            false,
		"deflate, br":         false,
		"*":                   true,
		"identity, gzip ;q=1": true,
	}
	for in, want := range tests {
		if got := acceptsGzip(in); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", in, got, want)
		}
	}
}
