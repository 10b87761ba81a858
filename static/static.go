// Package static embeds the built front-end assets (stylesheet, scripts,
// fonts) and serves them at content-hashed, immutable URLs.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

//go:embed app.css app.js htmx.min.js fonts
var files embed.FS

// Prefix is the URL path under which Handler serves the assets.
const Prefix = "/static/"

// asset is one embedded file, prepared once for serving.
type asset struct {
	hash        string
	contentType string
	body        []byte
	gzipped     []byte
}

// contentTypes maps the extensions this package embeds to Content-Type values.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".woff2": "font/woff2",
}

// fontURL matches url(fonts/...) references (optionally quoted) in CSS.
var fontURL = regexp.MustCompile(`url\(\s*["']?(fonts/[^"')\s]+)["']?\s*\)`)

// catalog holds every asset by name, built on first use.
var catalog = sync.OnceValue(func() map[string]*asset {
	assets, err := load(files)
	if err != nil {
		panic("static: " + err.Error())
	}
	return assets
})

// load reads every file of fsys, rewrites font URLs inside CSS files to their
// hashed form, hashes each file and gzips the compressible ones.
func load(fsys fs.FS) (map[string]*asset, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// CSS last: it refers to the other files' hashes.
	sort.SliceStable(names, func(i, j int) bool {
		return path.Ext(names[i]) != ".css" && path.Ext(names[j]) == ".css"
	})
	assets := make(map[string]*asset, len(names))
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ext := path.Ext(name)
		if ext == ".css" {
			body = rewriteFontURLs(body, assets)
		}
		a := &asset{hash: hash(body), contentType: contentTypes[ext], body: body}
		if a.contentType == "" {
			a.contentType = "application/octet-stream"
		}
		if ext == ".css" || ext == ".js" {
			if a.gzipped, err = compress(body); err != nil {
				return nil, err
			}
		}
		assets[name] = a
	}
	return assets, nil
}

// rewriteFontURLs replaces url(fonts/x) with the hashed URL of fonts/x when
// that file is known.
func rewriteFontURLs(css []byte, assets map[string]*asset) []byte {
	return fontURL.ReplaceAllFunc(css, func(m []byte) []byte {
		name := string(fontURL.FindSubmatch(m)[1])
		a, ok := assets[name]
		if !ok {
			return m
		}
		return []byte("url(" + Prefix + a.hash + "/" + name + ")")
	})
}

// hash returns the first 10 hex digits of the SHA-256 of b.
func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:10]
}

// compress gzips b at the best compression level.
func compress(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// URL returns the content-hashed URL of the embedded file name, e.g.
// URL("app.css") is "/static/1a2b3c4d5e/app.css". An unknown name yields a
// URL that Handler answers with 404.
func URL(name string) string {
	return urlFor(catalog(), name)
}

// urlFor builds the hashed URL of name from assets.
func urlFor(assets map[string]*asset, name string) string {
	a, ok := assets[name]
	if !ok {
		return Prefix + "unknown/" + name
	}
	return Prefix + a.hash + "/" + name
}

// Handler serves /static/{hash}/{name} with immutable caching, ETag and
// precompressed gzip; mount it at Prefix (with echo: e.GET("/static/*",
// echo.WrapHandler(static.Handler()))).
func Handler() http.Handler {
	return handler{assets: catalog()}
}

// handler serves a fixed set of assets.
type handler struct {
	assets map[string]*asset
}

// ServeHTTP implements http.Handler.
func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum, name, _ := strings.Cut(rest, "/")
	a, ok := h.assets[name]
	if !ok || a.hash != sum {
		http.NotFound(w, r)
		return
	}
	body, etag := a.body, `"`+a.hash+`"`
	header := w.Header()
	if a.gzipped != nil {
		header.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			body, etag = a.gzipped, `"`+a.hash+`-gzip"`
			header.Set("Content-Encoding", "gzip")
		}
	}
	header.Set("Cache-Control", "public, max-age=31536000, immutable")
	header.Set("Content-Type", a.contentType)
	header.Set("ETag", etag)
	header.Set("X-Content-Type-Options", "nosniff")
	if match := r.Header.Get("If-None-Match"); match != "" && (strings.Contains(match, etag) || match == "*") {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	header.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip.
func acceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
