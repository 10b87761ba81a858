package handlers

import (
	"errors"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"appconfig-console/internal/sessionstore"
)

// load returns the request's session, read from the store once per request, or a fresh one when the cookie is
// missing, forged, unreadable or names an ended session; the error is the store's failure to answer.
func (s *sessionStore) load(c echo.Context) (*sessions.Session, error) {
	if sess, ok := c.Get(sessionContextKey).(*sessions.Session); ok {
		return sess, nil
	}
	sess, err := s.store.Get(c.Request(), sessionName)
	if errors.Is(err, sessionstore.ErrUnavailable) {
		s.observer.SessionStoreError(sessionLoad)
		return nil, err
	}
	if err != nil {
		if !errors.As(err, new(securecookie.Error)) {
			s.observer.SessionStoreError(sessionLoad)
		}
		// An unreadable or forged cookie starts a fresh session.
		sess = sessions.NewSession(s.store, sessionName)
		sess.IsNew = true
	}
	sess.Options = s.options()
	if user, ok := s.user(sess); ok {
		// Saved again, the session keeps the expiry its sign-in gave it.
		sess.Options.MaxAge = max(int(user.SignedInAt.Add(sessionMaxAge).Sub(s.now())/time.Second), minSessionMaxAge)
	}
	c.Set(sessionContextKey, sess)
	return sess, nil
}

// get is load for the steps after the CSRF middleware, which has already answered a request whose session the store
// could not read: should the store fail now, the request goes on without its session.
func (s *sessionStore) get(c echo.Context) *sessions.Session {
	sess, err := s.load(c)
	if err != nil {
		sess = sessions.NewSession(s.store, sessionName)
		sess.Options, sess.IsNew = s.options(), true
	}
	return sess
}

// user returns the signed-in user sess holds, if any.
func (s *sessionStore) user(sess *sessions.Session) (User, bool) {
	u, ok := sess.Values[userContextKey].(User)
	return u, ok && u.Token.AccessToken != ""
}
