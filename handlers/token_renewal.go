package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/auth"
	"appconfig-console/views/layout"
)

// renewedKey is the session value holding when the token was last renewed because an upstream rejected it, in Unix
// seconds; a second rejection within auth.RenewalWindow means the renewal did not help, and the user must sign in again.
const renewedKey = "renewed-after-401"

// renewOrSignIn answers a request whose token an upstream refused (KindUnauthorized). The first time, it renews the
// session's token and repeats a GET (or, for a form, returns to the page it came from with a notice, as nothing was
// done); if renewal fails, or the upstream refuses again soon after one, it ends the session and sends the user to sign
// in, saying why, then back here.
func (s *Server) renewOrSignIn(c echo.Context) error {
	c.Set(expiredKey, nil)
	sess := s.sessions.get(c)
	user, ok := s.sessions.user(sess)
	var renewedAt time.Time
	if last, _ := sess.Values[renewedKey].(int64); last != 0 {
		renewedAt = time.Unix(last, 0)
	}
	if !ok {
		return s.redirectToSignIn(c, "")
	}
	if auth.RenewedRecently(renewedAt, s.cfg.Now()) {
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
