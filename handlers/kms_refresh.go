package handlers

import (
	"context"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// refreshKMS forgets what the console remembers for the user and reads the Key Management integration again.
func (s *Server) refreshKMS(c echo.Context) error {
	user := currentUser(c)
	s.services.Instances.Forget(user.Identity.IAMID)
	s.services.Keys.Forget(user.Identity.IAMID)
	return s.refreshTile(c, s.readKMSTile)
}

// readKMSTile reads the Key Management tile for htmx; a full page reads it itself after the redirect.
func (s *Server) readKMSTile(ctx context.Context, c echo.Context, ac resources.Instance) (templ.Component, layout.Flash) {
	flash := layout.Flash{Kind: "info", Title: "Refreshed", Message: "The Key Management details were read again."}
	if !isFragmentRequest(c) {
		return nil, flash
	}
	list, err := s.services.Integrations.ListIntegrations(ctx, currentUser(c).Token, appconfig.InstanceOf(ac))
	if err != nil {
		tile := views.KMSTile{ConnectURL: kmsPanelURL(instanceAddress(ac)), PlanAllowed: ac.IsEnterprise(),
			Notice: errorNotice(c, "kms-tile-error", "The integrations of this instance could not be read", err)}
		return views.KMSTileView(tile), flash
	}
	return views.KMSTileView(s.kmsTile(ctx, c, ac, list)), flash
}
