package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/auth"
	"appconfig-console/views"
)

// showSignIn renders the sign-in page, or goes straight on when the user is signed in with a token that is not about
// to expire (or that can be renewed). A session whose token cannot be renewed ends here and the form is shown, so the
// sign-in page never sends an expired session back to a page that would send it here again.
func (s *Server) showSignIn(c echo.Context) error {
	ret := safeReturn(c.QueryParam("return"))
	notice := signInNotice(c.QueryParam("reason"))
	sess := s.sessions.get(c)
	if user, ok := s.sessions.user(sess); ok && s.lifetimeOver(user) {
		if err := s.sessions.end(c); err != nil {
			return err
		}
		notice = signInNotice(endLifetimeReached)
	} else if ok {
		if !user.Token.ExpiresWithin(s.cfg.Now(), refreshMargin) {
			return c.Redirect(http.StatusSeeOther, ret)
		}
		_, err := s.renew(c, sess, user)
		if err == nil {
			return c.Redirect(http.StatusSeeOther, ret)
		}
		if err := s.sessions.end(c); err != nil {
			return err
		}
		notice = signInNotice(renewalFailure(err))
	}
	page := s.signInPage(c, ret, "")
	page.Notice = notice
	return render(c, http.StatusOK, views.SignIn(page))
}

// signIn exchanges the posted API key for tokens, starts a new session and returns to where the user was going.
func (s *Server) signIn(c echo.Context) error {
	ret := safeReturn(c.FormValue("return"))
	apiKey := c.FormValue("apikey")
	if len(apiKey) > 256 {
		s.cfg.Observer.SignIn(SignInBadKey)
		return render(c, http.StatusUnprocessableEntity, views.SignIn(s.signInPage(c, ret, "That is not an IBM Cloud API key: API keys are at most 256 characters.")))
	}
	keySubject := auth.KeySubject(strings.TrimSpace(apiKey))
	subjects := []string{auth.AddressSubject(c.RealIP()), keySubject}
	if wait := s.services.SignInThrottle.Wait(subjects...); wait > 0 {
		s.cfg.Observer.SignIn(SignInThrottled)
		seconds := waitSeconds(wait)
		c.Response().Header().Set("Retry-After", strconv.Itoa(seconds))
		return render(c, http.StatusTooManyRequests, views.SignIn(s.signInPage(c, ret, fmt.Sprintf(
			"Too many failed sign-ins from this address or with this API key. Wait %s, then try again.", secondsText(seconds)))))
	}
	session, err := s.services.Auth.SignIn(apiKey)
	switch {
	case errors.Is(err, auth.ErrInvalidAPIKey):
		s.cfg.Observer.SignIn(SignInBadKey)
		message := "IBM Cloud did not accept that API key. Check that you copied all of it, and that it has not been deleted."
		if wait := s.services.SignInThrottle.Failed(subjects...); wait > 0 {
			message += fmt.Sprintf(" After several failed tries, the next one can be made in %s.", secondsText(waitSeconds(wait)))
		}
		return render(c, http.StatusUnauthorized, views.SignIn(s.signInPage(c, ret, message)))
	case err != nil:
		s.cfg.Observer.SignIn(SignInUpstreamError)
		return render(c, http.StatusBadGateway, views.SignIn(s.signInPage(c, ret,
			"IBM Cloud sign-in is not answering right now, so you could not be signed in. Try again in a moment.")))
	}
	s.services.SignInThrottle.Succeeded(keySubject)
	if err := s.sessions.start(c, User{Identity: session.Identity, Token: session.Token, SignedInAt: s.cfg.Now()}); err != nil {
		return err
	}
	s.cfg.Observer.SignIn(SignInSuccess)
	// File times are the wall clock's, so the sweep is too, whatever clock the console runs on.
	s.sweeper.sweepIfDue(time.Now(), func(removed int) {
		s.cfg.Logger.Debug("removed expired sessions", "count", removed)
	})
	return c.Redirect(http.StatusSeeOther, ret)
}

// waitSeconds rounds a wait up to whole seconds, as Retry-After counts them.
func waitSeconds(wait time.Duration) int { return int((wait + time.Second - 1) / time.Second) }

// secondsText says a number of seconds in words: "1 second", "30 seconds".
func secondsText(n int) string {
	if n == 1 {
		return "1 second"
	}
	return strconv.Itoa(n) + " seconds"
}

func (s *Server) signInPage(c echo.Context, ret, message string) views.SignInPage {
	page := views.SignInPage{Shell: s.shell(c, "Sign in"), Return: ret, Error: message}
	if s.cfg.SimMode {
		page.DemoKeys = s.cfg.DemoKeys
	}
	return page
}
