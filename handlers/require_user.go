package handlers

import (
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/auth"
)

// requireUser lets signed-in users through, renewing their token when it is about to expire; everyone else, and a user
// whose token cannot be renewed (the session then ends), is sent to sign in and brought back afterwards.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := s.sessions.get(c)
		user, ok := s.sessions.user(sess)
		if !ok {
			return s.redirectToSignIn(c, "")
		}
		if s.lifetimeOver(user) {
			return s.endSession(c, endLifetimeReached)
		}
		if user.Token.ExpiresWithin(s.cfg.Now(), refreshMargin) {
			renewed, err := s.renew(c, sess, user)
			if err != nil {
				return s.endSession(c, renewalFailure(err))
			}
			user = renewed
		}
		c.Set(userContextKey, user)
		return next(c)
	}
}

// lifetimeOver reports whether the user's session has lived its longest (auth.SessionLifetime).
func (s *Server) lifetimeOver(user User) bool {
	return auth.LifetimeOver(user.SignedInAt, s.cfg.Now())
}

// renew exchanges the user's refresh token for new tokens and keeps them in sess.
func (s *Server) renew(c echo.Context, sess *sessions.Session, user User) (User, error) {
	renewed, err := s.services.Auth.Refresh(user.Token.RefreshToken)
	if err != nil {
		return User{}, err
	}
	user = User{Identity: renewed.Identity, Token: renewed.Token, SignedInAt: user.SignedInAt}
	sess.Values[userContextKey] = user
	return user, s.sessions.save(c, sess)
}
