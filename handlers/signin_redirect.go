package handlers

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

// redirectToSignIn sends the browser to the sign-in page, remembering where it was going (for a form, the page it was
// sent from, since a form is not sent again) and, when a session ended, why.
func (s *Server) redirectToSignIn(c echo.Context, reason string) error {
	ret := c.Request().URL.RequestURI()
	if c.Request().Method != http.MethodGet {
		ret = refererPath(c.Request())
	}
	q := url.Values{}
	if ret != resourceListURL() {
		q.Set("return", ret)
	}
	if reason != "" {
		q.Set("reason", reason)
	}
	target := signInURL()
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return s.redirect(c, target)
}

// refererPath returns the local page a form was sent from, or the resource list.
func refererPath(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host {
		return resourceListURL()
	}
	return safeReturn(ref.RequestURI())
}

// safeReturn accepts only a local path as a place to return to, so sign-in cannot redirect off-site; anything else
// returns to the resource list.
func safeReturn(ret string) string {
	if ret == "" || len(ret) > 2048 || !strings.HasPrefix(ret, "/") || strings.HasPrefix(ret, "//") || strings.HasPrefix(ret, "/\\") {
		return resourceListURL()
	}
	u, err := url.Parse(ret)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(ret, "\r\n\t") {
		return resourceListURL()
	}
	return ret
}
