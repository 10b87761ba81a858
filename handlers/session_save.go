package handlers

import (
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
)

// save writes sess to the store and the response's cookie, telling the observer of a failure.
func (s *sessionStore) save(c echo.Context, sess *sessions.Session) error {
	err := s.store.Save(c.Request(), c.Response(), sess)
	if err != nil {
		s.observer.SessionStoreError(sessionSave)
	}
	return err
}

// start replaces any session of the request with a new one, under a new ID, holding user.
func (s *sessionStore) start(c echo.Context, user User) error {
	old := s.get(c)
	if old.ID != "" {
		old.Options = s.options()
		old.Options.MaxAge = -1
		if err := s.save(c, old); err != nil {
			return err
		}
	}
	fresh := sessions.NewSession(s.store, sessionName)
	fresh.Options = s.options()
	fresh.IsNew = true
	fresh.Values[userContextKey] = user
	return s.save(c, fresh)
}

// end deletes the request's session.
func (s *sessionStore) end(c echo.Context) error {
	sess := s.get(c)
	sess.Options = s.options()
	sess.Options.MaxAge = -1
	return s.save(c, sess)
}
