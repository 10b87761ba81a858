package handlers

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// revalidatedKey marks, in a request's context, a route whose pages and fragments carry an ETag (a page's serves
// clients other than browsers, which keep no copy of it).
const revalidatedKey = "revalidated"

// revalidate keeps signed-in pages out of every cache (no-store), so that after sign-out the back button of a shared
// computer shows nothing of them, and lets browsers keep htmx fragments only to ask for them again (private, no-cache):
// the console answers 304 Not Modified when the fragment is unchanged (notModified). Back shows pages, never
// fragments, and sign-out clears the kept fragments too (Clear-Site-Data). The same address serves both, so caches
// tell them apart by HX-Request.
func revalidate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		if isFragmentRequest(c) {
			h.Set(echo.HeaderCacheControl, "private, no-cache")
		} else {
			h.Set(echo.HeaderCacheControl, "no-store")
		}
		h.Add(echo.HeaderVary, "HX-Request")
		c.Set(revalidatedKey, true)
		return next(c)
	}
}

// notModified gives a revalidated page answered 200 to a GET or HEAD the weak ETag of its HTML and reports whether
// the request's If-None-Match names that tag, in which case it has answered 304 Not Modified without the body. The
// tag is weak because the console sends the page gzipped or not, as the client accepts.
func notModified(c echo.Context, status int, page []byte) bool {
	r := c.Request()
	if status != http.StatusOK || (r.Method != http.MethodGet && r.Method != http.MethodHead) || c.Get(revalidatedKey) != true {
		return false
	}
	sum := sha256.Sum256(page)
	tag := `W/"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	c.Response().Header().Set("ETag", tag)
	if !etagListed(r.Header.Get("If-None-Match"), tag) {
		return false
	}
	c.Response().WriteHeader(http.StatusNotModified)
	return true
}

// etagListed reports whether the If-None-Match header value list names tag, comparing weakly (RFC 9110, 13.1.2).
func etagListed(list, tag string) bool {
	tag = strings.TrimPrefix(tag, "W/")
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == tag {
			return true
		}
	}
	return false
}
