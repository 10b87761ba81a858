package handlers

import (
	"errors"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
)

// Why a session ended, as the "reason" of the sign-in page's address; each has a fixed message (signInNotice), so the
// address cannot be used to put words on the page.
const (
	endRenewalRefused     = "renewal-refused"
	endRenewalUnavailable = "renewal-unavailable"
	endRenewalTimeout     = "renewal-timeout"
	endTokenRefused       = "token-refused"
	endLifetimeReached    = "lifetime-reached"
)

// renewalFailure is the reason a session ends when renewing its token failed with err.
func renewalFailure(err error) string {
	switch {
	case errors.Is(err, auth.ErrRenewalRefused):
		return endRenewalRefused
	case ibmcloud.IsKind(err, ibmcloud.KindTimeout):
		return endRenewalTimeout
	}
	return endRenewalUnavailable
}

// signInNotice is the message the sign-in page shows for the reason a session ended ("" for none or an unknown one).
func signInNotice(reason string) string {
	const prefix = "Your session expired and could not be renewed: "
	switch reason {
	case endRenewalRefused:
		return prefix + "IBM Cloud no longer accepts its sign-in (it was revoked or has run out). Sign in again to continue where you were."
	case endRenewalUnavailable:
		return prefix + "IBM Cloud sign-in (IAM) is unavailable right now. Sign in again to continue where you were; if that fails too, wait a moment."
	case endRenewalTimeout:
		return prefix + "IBM Cloud sign-in (IAM) did not answer in time. Sign in again to continue where you were; if that fails too, wait a moment."
	case endLifetimeReached:
		return "Your session ended: a session lasts at most 12 hours from sign-in, however active. Sign in again to continue where you were."
	case endTokenRefused:
		return "Your session ended: IBM Cloud refused its sign-in again right after renewing it. Sign in again to continue where you were."
	}
	return ""
}

// endSession deletes the session and sends the browser to sign in, saying why and where it will return to.
func (s *Server) endSession(c echo.Context, reason string) error {
	if err := s.sessions.end(c); err != nil {
		return err
	}
	return s.redirectToSignIn(c, reason)
}
