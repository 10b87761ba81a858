package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// signOut ends the session and returns to the sign-in page.
func (s *Server) signOut(c echo.Context) error {
	if err := s.sessions.end(c); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, signInURL())
}
