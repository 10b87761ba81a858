package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/views"
)

// handleError is the one place errors become responses: a Carbon error page for browsers and plain text for other
// clients; a page whose document start has been sent (streamShell) gets the error page as its rest, status 200.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed && !awaitsRest(c) {
		return
	}
	if c.Request().Context().Err() != nil {
		// The client went away before the answer was ready (logRequests says so): nothing failed here, and nobody reads a response.
		return
	}
	if refused := tokenRefused(c); refused != nil {
		err = refused
	}
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) && upstream.Kind == ibmcloud.KindUnauthorized {
		// The token was revoked or expired upstream: renew it once and repeat the request, else sign in again and come back.
		_ = s.renewOrSignIn(c)
		return
	}
	f := describe(err)
	status, title, message := f.Status, f.Title, f.Message
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	s.cfg.Logger.Log(c.Request().Context(), level, "request failed",
		slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
		slog.Int("status", status), slog.String("error", err.Error()))
	if !strings.Contains(c.Request().Header.Get("Accept"), "text/html") && c.Request().Header.Get("HX-Request") == "" {
		if retryable(status) {
			c.Response().Header().Set("Retry-After", retryAfterSeconds(upstream))
		}
		_ = c.String(status, fmt.Sprintf("%d %s: %s\n", status, title, message))
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	page := views.ErrorPage{Shell: s.shell(c, title), Status: status, Title: title, Message: message}
	page.BackURL, page.BackLabel = backLink(c.Request().URL.Path)
	if retryable(status) && c.Request().Method == http.MethodGet {
		// The same address, as a full page: every state of the console has a URL, fragments included.
		page.RetryURL = c.Request().URL.RequestURI()
	}
	if c.Request().Header.Get("HX-Request") == "true" {
		// htmx does not swap error responses; show the page in full instead.
		c.Response().Header().Set("HX-Retarget", "body")
		c.Response().Header().Set("HX-Reswap", "innerHTML")
	}
	if err := render(c, status, views.Error(page)); err != nil {
		s.cfg.Logger.Log(c.Request().Context(), slog.LevelError, "error page not rendered", slog.String("error", err.Error()))
	}
}

// retryable reports whether a failure with this status may pass if the same request is made again.
func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500
}

// retryAfterSeconds is the Retry-After to pass on: the upstream's when it gave one, else one second.
func retryAfterSeconds(upstream *ibmcloud.Error) string {
	if upstream != nil && upstream.RetryAfter > time.Second {
		return fmt.Sprint(int(upstream.RetryAfter / time.Second))
	}
	return "1"
}

// backLink is the way back from a failed page: the list the page belongs to.
func backLink(path string) (string, string) {
	if routes.Under(path, routes.Authorizations) {
		return authorizationsURL(), "Go to Authorizations"
	}
	return resourceListURL(), "Go to the resource list"
}
