package handlers

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/resources"
	"appconfig-console/views/layout"
)

// tileRead reads one tile of the Integrations page again: the tile to send htmx (nil to have it navigate instead), and
// the notification a full page shows.
type tileRead func(ctx context.Context, c echo.Context, ac resources.Instance) (tile templ.Component, flash layout.Flash)

// refreshTile is the Refresh of both Integrations tiles: it forgets the instance's remembered integration lists, reads
// the App Configuration instance and the tile again, then sends htmx the tile alone, and a browser back to the
// Integrations page with what was found.
func (s *Server) refreshTile(c echo.Context, read tileRead) error {
	ctx := c.Request().Context()
	ac, err := s.appConfigInstance(ctx, c, instanceID(c))
	if err != nil {
		return err
	}
	s.services.Integrations.ForgetLists(appconfig.InstanceOf(ac))
	tile, flash := read(ctx, c, ac)
	if isFragmentRequest(c) && tile != nil {
		return render(c, http.StatusOK, tile)
	}
	s.addFlash(c, flash)
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}
