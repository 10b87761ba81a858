package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// signOut ends the session and returns to the sign-in page; the browser drops the pages it kept for revalidation
// (and its back-forward cache), so that on a shared computer the back button shows nothing of them.
func (s *Server) signOut(c echo.Context) error {
	if err := s.sessions.end(c); err != nil {
		return err
	}
	c.Response().Header().Set("Clear-Site-Data", `"cache"`)
	return c.Redirect(http.StatusSeeOther, signInURL())
}
