package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/views/layout"
)

// addFlash stores a notification to show on the next page.
func (s *Server) addFlash(c echo.Context, flash layout.Flash) {
	if tokenRefused(c) != nil {
		// The request ends by renewing the session, which says so itself.
		return
	}
	sess := s.sessions.get(c)
	sess.AddFlash(flash)
	_ = s.sessions.save(c, sess)
}

// takeFlash returns and removes the pending notification, if any.
func (s *Server) takeFlash(c echo.Context) *layout.Flash {
	sess := s.sessions.get(c)
	flashes := sess.Flashes()
	if len(flashes) == 0 {
		return nil
	}
	_ = s.sessions.save(c, sess)
	if f, ok := flashes[len(flashes)-1].(layout.Flash); ok {
		return &f
	}
	return nil
}
