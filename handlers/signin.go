package handlers

import (
	"errors"
	"net/http"

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
	if user, ok := s.sessions.user(sess); ok {
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
		return render(c, http.StatusUnprocessableEntity, views.SignIn(s.signInPage(c, ret, "That is not an IBM Cloud API key: API keys are at most 256 characters.")))
	}
	session, err := s.services.Auth.SignIn(apiKey)
	switch {
	case errors.Is(err, auth.ErrInvalidAPIKey):
		return render(c, http.StatusUnauthorized, views.SignIn(s.signInPage(c, ret,
			"IBM Cloud did not accept that API key. Check that you copied all of it, and that it has not been deleted.")))
	case err != nil:
		return render(c, http.StatusBadGateway, views.SignIn(s.signInPage(c, ret,
			"IBM Cloud sign-in is not answering right now, so you could not be signed in. Try again in a moment.")))
	}
	if err := s.sessions.start(c, User{Identity: session.Identity, Token: session.Token}); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, ret)
}

func (s *Server) signInPage(c echo.Context, ret, message string) views.SignInPage {
	page := views.SignInPage{Shell: s.shell(c, "Sign in"), Return: ret, Error: message}
	if s.cfg.SimMode {
		page.DemoKeys = s.cfg.DemoKeys
	}
	return page
}
