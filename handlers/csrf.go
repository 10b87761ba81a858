package handlers

import (
	"crypto/subtle"
	"net/http"

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

// sessionless are the routes answered without a session: the health and readiness probes and the static assets, so
// that probes and floods of them neither read nor write a session nor set a cookie.
var sessionless = []string{routes.Static, routes.Health, routes.Ready}

// csrf requires, on every state-changing request, the CSRF token of the request's session (or, before sign-in, of the
// browser's CSRF cookie), and refuses requests from other sites or from an origin the console is not served at.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if matchedRoute(c, sessionless...) {
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
