package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// showInstance opens an App Configuration instance on its Integrations page.
func (s *Server) showInstance(c echo.Context) error {
	id := instanceID(c)
	return c.Redirect(http.StatusFound, integrationsURL(id))
}
