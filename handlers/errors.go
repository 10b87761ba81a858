package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/views"
)

// handleError is the one place errors become responses: a Carbon error page for browsers and plain text for other clients.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, title, message := s.describeError(err)
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) && upstream.Kind == ibmcloud.KindUnauthorized {
		// The token was revoked or expired upstream: sign in again and come back.
		_ = s.sessions.end(c)
		_ = s.redirectToSignIn(c)
		return
	}
	level := slog.LevelWarn
	if status >= 500 {
		level = slog.LevelError
	}
	s.cfg.Logger.Log(c.Request().Context(), level, "request failed",
		slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
		slog.Int("status", status), slog.String("error", err.Error()))
	if !strings.Contains(c.Request().Header.Get("Accept"), "text/html") && c.Request().Header.Get("HX-Request") == "" {
		_ = c.String(status, fmt.Sprintf("%d %s: %s\n", status, title, message))
		return
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	page := views.ErrorPage{Shell: s.shell(c, title), Status: status, Title: title, Message: message}
	if c.Request().Header.Get("HX-Request") == "true" {
		// htmx does not swap error responses; show the page in full instead.
		c.Response().Header().Set("HX-Retarget", "body")
		c.Response().Header().Set("HX-Reswap", "innerHTML")
	}
	_ = render(c, status, views.Error(page))
}

// describeError returns the status, title and message a person sees for err.
func (s *Server) describeError(err error) (int, string, string) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := fmt.Sprint(he.Message)
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, "Page not found", "There is nothing at this address. Check the link, or start again from the resource list."
		case http.StatusMethodNotAllowed:
			return he.Code, "Not allowed", "This address does not accept that kind of request."
		case http.StatusRequestEntityTooLarge:
			return he.Code, "Request too large", "The request was larger than the console accepts."
		}
		if he.Code >= 500 {
			return he.Code, "Something went wrong", "The console could not complete the request. Try again in a moment."
		}
		return he.Code, http.StatusText(he.Code), msg
	}
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) {
		return upstreamStatus(upstream), upstreamTitle(upstream), UpstreamMessage(upstream)
	}
	if strings.Contains(err.Error(), "http: request body too large") {
		return http.StatusRequestEntityTooLarge, "Request too large", "The request was larger than the console accepts."
	}
	return http.StatusInternalServerError, "Something went wrong", "The console could not complete the request. Try again in a moment."
}

func upstreamStatus(e *ibmcloud.Error) int {
	switch e.Kind {
	case ibmcloud.KindForbidden:
		return http.StatusForbidden
	case ibmcloud.KindNotFound:
		return http.StatusNotFound
	case ibmcloud.KindConflict:
		return http.StatusConflict
	case ibmcloud.KindInvalid:
		return http.StatusBadRequest
	case ibmcloud.KindRateLimited:
		return http.StatusTooManyRequests
	case ibmcloud.KindTimeout:
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}

func upstreamTitle(e *ibmcloud.Error) string {
	switch e.Kind {
	case ibmcloud.KindForbidden:
		return "Access denied"
	case ibmcloud.KindNotFound:
		return "Not found"
	case ibmcloud.KindConflict:
		return "Conflict"
	case ibmcloud.KindInvalid:
		return "Request refused"
	case ibmcloud.KindRateLimited:
		return "Too many requests"
	case ibmcloud.KindTimeout:
		return "Timed out"
	}
	return "Service unavailable"
}

// UpstreamMessage explains an upstream failure to a person: what happened, in whose words, and what to do.
func UpstreamMessage(e *ibmcloud.Error) string {
	service := e.Service
	if service == "" {
		service = "IBM Cloud"
	}
	switch e.Kind {
	case ibmcloud.KindForbidden:
		return fmt.Sprintf("%s refused: %s. Ask an account administrator for the access this needs.", service, e.Message)
	case ibmcloud.KindNotFound:
		return fmt.Sprintf("%s could not find it: %s. It may have been deleted.", service, e.Message)
	case ibmcloud.KindConflict:
		return fmt.Sprintf("%s reported a conflict: %s.", service, e.Message)
	case ibmcloud.KindInvalid:
		return fmt.Sprintf("%s refused the request: %s.", service, e.Message)
	case ibmcloud.KindRateLimited:
		return fmt.Sprintf("%s is receiving too many requests. Wait a moment and try again.", service)
	case ibmcloud.KindTimeout:
		return fmt.Sprintf("%s did not answer in time. Try again in a moment.", service)
	case ibmcloud.KindUnauthorized:
		return "Your session has expired. Sign in again."
	}
	return fmt.Sprintf("%s is unavailable (%s). Try again in a moment.", service, e.Message)
}
