package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// showHealth answers that the console is up.
func (s *Server) showHealth(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}
