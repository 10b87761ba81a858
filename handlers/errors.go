package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// renewedKey is the session value holding when the token was last renewed because an upstream rejected it; a second
// rejection soon after means the renewal did not help, and the user must sign in again.
const renewedKey = "renewed-after-401"

// renewalWindow is how long after such a renewal another rejection sends the user to sign in rather than renewing again.
const renewalWindow = time.Minute

// handleError is the one place errors become responses: a Carbon error page for browsers and plain text for other clients.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if c.Request().Context().Err() != nil {
		// The client went away before the answer was ready (logRequests says so): nothing failed here, and nobody reads a response.
		return
	}
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) && upstream.Kind == ibmcloud.KindUnauthorized {
		// The token was revoked or expired upstream: renew it once and repeat the request, else sign in again and come back.
		_ = s.renewOrSignIn(c)
		return
	}
	status, title, message := s.describeError(err)
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
	_ = render(c, status, views.Error(page))
}

// failureText explains err to a person: upstream failures in their words, anything else generically.
func failureText(err error) string {
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) {
		return UpstreamMessage(upstream)
	}
	return "The console could not complete the request. Try again in a moment."
}

// isUnauthorized reports whether err means the user's session is no longer valid upstream.
func isUnauthorized(err error) bool { return ibmcloud.IsKind(err, ibmcloud.KindUnauthorized) }

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
	if strings.HasPrefix(path, "/iam/") {
		return "/iam/authorizations", "Go to Authorizations"
	}
	return "/", "Go to the resource list"
}

// renewOrSignIn answers a request whose token an upstream refused (KindUnauthorized). The first time, it renews the
// session's token and repeats a GET (or, for a form, returns to the page it came from with a notice, as nothing was
// done); if renewal fails, or the upstream refuses again soon after one, it ends the session and sends the user to sign
// in, saying why, then back here.
func (s *Server) renewOrSignIn(c echo.Context) error {
	sess := s.sessions.get(c)
	user, ok := s.sessions.user(sess)
	last, _ := sess.Values[renewedKey].(int64)
	recentlyRenewed := last != 0 && s.cfg.Now().Sub(time.Unix(last, 0)) < renewalWindow
	if !ok {
		return s.redirectToSignIn(c, "")
	}
	if recentlyRenewed {
		return s.endSession(c, endTokenRefused)
	}
	sess.Values[renewedKey] = s.cfg.Now().Unix()
	if _, err := s.renew(c, sess, user); err != nil {
		return s.endSession(c, renewalFailure(err))
	}
	if c.Request().Method == http.MethodGet {
		return s.redirect(c, c.Request().URL.RequestURI())
	}
	s.addFlash(c, layout.Flash{Kind: "warning", Title: "Your sign-in was renewed",
		Message: "IBM Cloud no longer accepted your sign-in, so it was renewed. Nothing was changed: submit the form again."})
	return s.redirect(c, refererPath(c.Request()))
}

// refererPath returns the local page a form was sent from, or the resource list.
func refererPath(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || ref.Host != r.Host {
		return "/"
	}
	return safeReturn(ref.RequestURI())
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
			return he.Code, "Request too large", msg
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
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge, "Request too large",
			fmt.Sprintf("The request was larger than the console accepts (%d KiB). Nothing was changed.", tooLarge.Limit>>10)
	}
	return http.StatusInternalServerError, "Something went wrong", "The console could not complete the request. Try again in a moment."
}

// upstreamStatus is the response status for an upstream failure.
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

// upstreamTitle is the error page heading for an upstream failure.
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
		return said(service+" refused", e.Message) + " You need " + missingAccess(e.Service) +
			". Ask an account administrator to grant it in Manage > Access (IAM)."
	case ibmcloud.KindNotFound:
		return said(service+" could not find it", e.Message) + " It may have been deleted."
	case ibmcloud.KindConflict:
		return said(service+" reported a conflict", e.Message)
	case ibmcloud.KindInvalid:
		return said(service+" refused the request", e.Message)
	case ibmcloud.KindRateLimited:
		if e.RetryAfter >= time.Second {
			return fmt.Sprintf("%s is receiving too many requests. Wait %d seconds and try again.", service, int(e.RetryAfter/time.Second))
		}
		return fmt.Sprintf("%s is receiving too many requests. Wait a moment and try again.", service)
	case ibmcloud.KindTimeout:
		return fmt.Sprintf("%s did not answer in time. Try again in a moment.", service)
	case ibmcloud.KindUnauthorized:
		return "Your session has expired. Sign in again."
	}
	if detail := strings.TrimRight(strings.TrimSpace(e.Message), ".!?;:, "); detail != "" {
		return fmt.Sprintf("%s is unavailable (%s). Try again in a moment.", service, detail)
	}
	return service + " is unavailable. Try again in a moment."
}

// said is one sentence: what happened, then in the upstream's words why, when it said why ("Key Protect refused: the
// key is locked."); the upstream's own final punctuation is kept rather than doubled.
func said(what, message string) string {
	message = strings.TrimRight(strings.TrimSpace(message), " .;:,")
	if message == "" {
		return what + "."
	}
	if strings.HasSuffix(message, "!") || strings.HasSuffix(message, "?") {
		return what + ": " + message
	}
	return what + ": " + message + "."
}

// missingAccess names the IAM access a refused call to service needs.
func missingAccess(service string) string {
	switch service {
	case "Key Protect", "Hyper Protect Crypto Services":
		return "a service access role on that " + service + " instance: Reader to see its keys, Writer or Manager to create or change them"
	case "App Configuration":
		return "a service access role on the App Configuration instance: Reader to see its integrations, Manager to change them"
	case "IAM":
		return "the Administrator role on the target service (or on all IAM-enabled services) to create or remove authorizations, " +
			"and the Viewer role on IAM Access Management to list them"
	case "Resource Controller":
		return "a platform role on the instance or its resource group: Viewer to see it, Editor or Administrator to create or delete it"
	case "Resource Manager":
		return "the Viewer platform role on the account's resource groups"
	case "Global Catalog":
		return "read access to the IBM Cloud catalog"
	}
	return "an IAM access role that allows this action"
}
