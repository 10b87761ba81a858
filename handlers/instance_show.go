package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/crn"
)

// showInstance opens an App Configuration instance on its Integrations page.
func (s *Server) showInstance(c echo.Context) error {
	guid := c.Param("guid")
	if !crn.IsGUID(guid) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	return c.Redirect(http.StatusFound, integrationsURL(guid))
}
