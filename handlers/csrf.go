package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
)

const (
	csrfCookie     = "csrf"
	csrfFormField  = "csrf"
	csrfHeader     = "X-CSRF-Token"
	csrfContextKey = "csrf"
	csrfSessionKey = "csrf"
)

// sessionless are the patterns of the routes answered without a session: the health and readiness probes and the
// static assets, so that probes and floods of them neither read nor write a session nor set a cookie.
var sessionless = []string{routes.Get(routes.Static).Pattern, routes.Get(routes.Health).Pattern, routes.Get(routes.Ready).Pattern}

// csrf requires, on every state-changing request, the CSRF token of the request's session (or, before sign-in, of the
// browser's CSRF cookie), and refuses requests from other sites or from an origin the console is not served at.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if slices.Contains(sessionless, c.Path()) {
			return next(c)
		}
		r := c.Request()
		token, err := s.csrfTokenOf(c)
		if err != nil {
			return err
		}
		c.Set(csrfContextKey, token)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if c.Get(echo.ContextKeyHeaderAllow) != nil {
			// The router found the address but not the method: it answers 405 and nothing is done.
			return next(c)
		}
		if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
			return echo.NewHTTPError(http.StatusForbidden, "This request came from another site and was refused.")
		}
		if origin := r.Header.Get("Origin"); origin != "" && origin != "null" && !s.originAllowed(origin, r.Host) {
			return echo.NewHTTPError(http.StatusForbidden, "This request came from another site and was refused.")
		}
		if err := r.ParseForm(); err != nil {
			return formError(err)
		}
		sent := r.Header.Get(csrfHeader)
		if sent == "" {
			sent = r.PostForm.Get(csrfFormField)
		}
		if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
			return echo.NewHTTPError(http.StatusForbidden, "The form has expired or did not come from this console. Reload the page and try again.")
		}
		return next(c)
	}
}

// csrfTokenOf returns the request's CSRF token: the signed-in session's own, made at its first use, so that a token of
// one session fails in any other; before sign-in, the browser's CSRF cookie, set when it has none. It fails when the
// session store does not answer.
func (s *Server) csrfTokenOf(c echo.Context) (string, error) {
	sess, err := s.sessions.load(c)
	if err != nil {
		return "", err
	}
	if _, ok := s.sessions.user(sess); ok {
		if token, _ := sess.Values[csrfSessionKey].(string); token != "" {
			return token, nil
		}
		token := newCSRFToken()
		sess.Values[csrfSessionKey] = token
		return token, s.sessions.save(c, sess)
	}
	if cookie, err := c.Request().Cookie(csrfCookie); err == nil && len(cookie.Value) == 43 {
		return cookie.Value, nil
	}
	token := newCSRFToken()
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	return token, nil
}

// originAllowed reports whether a request's Origin is one the console is served at: one of the configured origins, or
// without configuration the request's own host.
func (s *Server) originAllowed(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if len(s.cfg.AllowedOrigins) == 0 {
		return u.Host == host
	}
	normalized := strings.ToLower(u.Scheme + "://" + u.Host)
	return slices.Contains(s.cfg.AllowedOrigins, normalized)
}

// formError says why a form could not be read: too large or too many fields (413), or malformed (400).
func formError(err error) error {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("The form was larger than the console accepts (%d KiB). Nothing was changed.", tooLarge.Limit>>10))
	case strings.Contains(err.Error(), "exceeded limit"):
		// net/url refuses more than 10,000 fields with an untyped error.
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
			"The form had more fields than the console accepts. Nothing was changed.")
	}
	return echo.NewHTTPError(http.StatusBadRequest, "The form could not be read. Reload the page and try again. Nothing was changed.")
}

// newCSRFToken returns 32 random bytes, base64url-encoded (43 characters).
func newCSRFToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfToken returns the request's CSRF token, set by the csrf middleware.
func csrfToken(c echo.Context) string {
	token, _ := c.Get(csrfContextKey).(string)
	return token
}
