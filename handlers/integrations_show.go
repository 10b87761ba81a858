package handlers

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// showIntegrations renders the Integrations page of an App Configuration instance.
func (s *Server) showIntegrations(c echo.Context) error {
	id := instanceID(c)
	s.streamShell(c)
	ctx := c.Request().Context()
	ac, err := s.appConfigInstanceWithIntegrations(ctx, c, id)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.IntegrationsView(s.integrationsPage(ctx, c, ac)))
}

// respondOverIntegrations sends overlay (a panel or a confirmation) alone to htmx, always with status 200 as htmx swaps
// only successes, and to a browser the Integrations page with overlay open over it, within the request's one deadline.
func (s *Server) respondOverIntegrations(c echo.Context, status int, ac resources.Instance, overlay templ.Component) error {
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, overlay)
	}
	ctx := c.Request().Context()
	page := s.integrationsPage(ctx, c, ac)
	page.Panel = overlay
	return render(c, status, views.IntegrationsView(page))
}

// integrationsPage reads the App Configuration instance's integrations and fills both tiles, anticipating the Key
// Management panel the page opens; respondOverIntegrations sets page.Panel before rendering it.
func (s *Server) integrationsPage(ctx context.Context, c echo.Context, ac resources.Instance) views.IntegrationsPage {
	user := currentUser(c)
	s.services.KMSPanels.AnticipatePanel(ctx, user.Identity.IAMID, user.Token, ac)
	list, listErr := s.integrationsOf(ctx, c, ac)
	page := views.IntegrationsPage{Instance: instanceFrame(s.shell(c, "Integrations - "+ac.Name), ac)}
	if listErr != nil {
		retry := integrationsURL(instanceAddress(ac))
		page.KMS = views.KMSTile{ConnectURL: kmsPanelURL(instanceAddress(ac)), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: errorNotice(c, "kms-tile-error", "The integrations of this instance could not be read", listErr)}
		page.EN = views.ENTile{ConnectURL: enPanelURL(instanceAddress(ac)), PlanAllowed: ac.IsEnterprise(), RetryURL: retry,
			Notice: errorNotice(c, "en-tile-error", "The integrations of this instance could not be read", listErr)}
		return page
	}
	page.KMS = s.kmsTile(ctx, c, ac, list)
	page.EN = s.enTile(ctx, c, user, ac, list)
	return page
}
