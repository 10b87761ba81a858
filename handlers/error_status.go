package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/internal/sessionstore"
	"appconfig-console/services/connect"
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
	if errors.Is(err, connect.ErrNoAppConfig) {
		err = echo.ErrNotFound
	}
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
