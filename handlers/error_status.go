package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/internal/sessionstore"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/views/components"
)

// expiredKey is the request value holding an upstream refusal of the user's token met while the request was handled.
const expiredKey = "upstream-token-refused"

// failure is what a person is told about an error: the response status, a title and a message.
type failure struct {
	Status  int
	Title   string
	Message string
}

// describe returns the failure a person sees for err: upstream failures in the upstream's words, anything else generically.
func describe(err error) failure {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := fmt.Sprint(he.Message)
		switch he.Code {
		case http.StatusNotFound:
			return failure{he.Code, "Page not found", "There is nothing at this address. Check the link, or start again from the resource list."}
		case http.StatusMethodNotAllowed:
			return failure{he.Code, "Not allowed", "This address does not accept that kind of request."}
		case http.StatusRequestEntityTooLarge:
			return failure{he.Code, "Request too large", msg}
		}
		if he.Code >= 500 {
			return failure{he.Code, "Something went wrong", genericFailure}
		}
		return failure{he.Code, http.StatusText(he.Code), msg}
	}
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) {
		return failure{upstreamStatus(upstream), upstreamTitle(upstream), UpstreamMessage(upstream)}
	}
	if errors.Is(err, sessionstore.ErrUnavailable) {
		return failure{http.StatusServiceUnavailable, "Sign-in service unavailable", sessionStoreDown}
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return failure{http.StatusRequestEntityTooLarge, "Request too large",
			fmt.Sprintf("The request was larger than the console accepts (%d KiB). Nothing was changed.", tooLarge.Limit>>10)}
	}
	return failure{http.StatusInternalServerError, "Something went wrong", genericFailure}
}

// sessionStoreDown is the message while the session store does not answer.
const sessionStoreDown = "The console cannot reach its sign-in service right now, so it cannot tell who you are. Try again in a moment."

// genericFailure is the message for a failure the console cannot explain better.
const genericFailure = "The console could not complete the request. Try again in a moment."

// failureOf describes err for the request c, the way a page shows it inline, and notes an upstream refusal of the
// user's token so that the request renews the session (render and redirect return that refusal to the error handler)
// instead of showing the page. A failure that is not an upstream one is a bad gateway here: the page it is shown on
// was still served.
func failureOf(c echo.Context, err error) failure {
	noteFailure(c, err)
	f := describe(err)
	var upstream *ibmcloud.Error
	if !errors.As(err, &upstream) {
		f.Status = http.StatusBadGateway
	}
	return f
}

// noteFailure notes err for the request c when it is an upstream refusal of the user's token, for a page that explains
// err in its own words: render and redirect then return the refusal to the error handler, which renews the session.
func noteFailure(c echo.Context, err error) {
	if ibmcloud.IsKind(err, ibmcloud.KindUnauthorized) {
		c.Set(expiredKey, err)
	}
}

// notice is the inline error notification showing the failure under title.
func (f failure) notice(id, title string) *components.InlineNotificationProps {
	return &components.InlineNotificationProps{ID: id, Kind: components.NotificationError, Title: title, Subtitle: f.Message}
}

// errorNotice is the inline error notification for err under title.
func errorNotice(c echo.Context, id, title string, err error) *components.InlineNotificationProps {
	return failureOf(c, err).notice(id, title)
}

// tokenRefused returns the upstream refusal of the user's token met while handling c, if any.
func tokenRefused(c echo.Context) error {
	err, _ := c.Get(expiredKey).(error)
	return err
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
