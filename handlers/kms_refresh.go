package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// refreshKMS forgets what the console remembers for the user and reads the Key Management integration again: the
// tile alone for htmx, the Integrations page otherwise.
func (s *Server) refreshKMS(c echo.Context) error {
	user := currentUser(c)
	s.services.Instances.Forget(user.Identity.IAMID)
	s.services.KeyManagement.Forget(user.Identity.IAMID)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	if !isFragmentRequest(c) {
		s.addFlash(c, layout.Flash{Kind: "info", Title: "Refreshed", Message: "The Key Management details were read again."})
		return s.redirect(c, integrationsURL(ac.GUID))
	}
	list, err := s.services.Integrations.ListIntegrations(ctx, user.Token, appconfig.InstanceOf(ac))
	if err != nil {
		tile := views.KMSTile{ConnectURL: kmsPanelURL(ac.GUID), PlanAllowed: ac.IsEnterprise(),
			Notice: errorNotice(c, "kms-tile-error", "The integrations of this instance could not be read", err)}
		return render(c, http.StatusOK, views.KMSTileView(tile))
	}
	return render(c, http.StatusOK, views.KMSTileView(s.kmsTile(ctx, c, ac, list)))
}
