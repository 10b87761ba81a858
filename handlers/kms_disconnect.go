package handlers

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// showKMSDisconnect asks for confirmation before disconnecting Key Management, over the Integrations page.
func (s *Server) showKMSDisconnect(c echo.Context) error {
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, in, err := s.kmsIntegration(ctx, c)
	if err != nil || in == nil {
		return s.kmsNotConnected(c, ac, err)
	}
	return s.respondOverIntegrations(c, http.StatusOK, ac, views.KMSDisconnectView(s.kmsDisconnectModel(ctx, c, ac, *in)))
}

// disconnectKMS removes the Key Management integration and returns to the Integrations page.
func (s *Server) disconnectKMS(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, in, err := s.kmsIntegration(ctx, c)
	if err != nil || in == nil {
		return s.kmsNotConnected(c, ac, err)
	}
	if err := s.services.KMSLinker.Disconnect(ctx, user.Token, ac, in.ID); err != nil {
		if isUnauthorized(err) {
			return err
		}
		model := s.kmsDisconnectModel(ctx, c, ac, *in)
		model.Error = errorNotice("kms-disconnect-error", "Could not disconnect", err)
		model.Error.Subtitle += " The integration is still in place."
		return s.respondOverIntegrations(c, statusOf(err), ac, views.KMSDisconnectView(model))
	}
	s.services.KeyManagement.Forget(user.Identity.IAMID)
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Key Management disconnected",
		Message: ac.Name + " no longer uses a root key of your key management service."})
	return s.redirect(c, integrationsURL(ac.GUID))
}

// kmsIntegration reads the App Configuration instance of the URL and its KMS integration (nil when there is none).
func (s *Server) kmsIntegration(ctx context.Context, c echo.Context) (resources.Instance, *appconfig.Integration, error) {
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return ac, nil, err
	}
	list, err := s.services.Integrations.ListIntegrations(ctx, currentUser(c).Token, kms.AppConfigOf(ac))
	if err != nil {
		return ac, nil, err
	}
	return ac, kmsIntegrationOf(list), nil
}

// kmsNotConnected answers a disconnect or refresh when there is nothing connected (or the page cannot be read).
func (s *Server) kmsNotConnected(c echo.Context, ac resources.Instance, err error) error {
	if err != nil {
		return err
	}
	s.addFlash(c, layout.Flash{Kind: "info", Title: "Nothing to disconnect", Message: ac.Name + " is not connected to Key Management."})
	return s.redirect(c, integrationsURL(ac.GUID))
}

// kmsDisconnectModel describes the confirmation, naming the connected instance and root key as the tile does.
func (s *Server) kmsDisconnectModel(ctx context.Context, c echo.Context, ac resources.Instance, in appconfig.Integration) views.KMSDisconnect {
	tile := s.kmsTile(ctx, c, ac, []appconfig.Integration{in})
	return views.KMSDisconnect{URL: kmsPanelURL(ac.GUID) + "/disconnect", CloseURL: integrationsURL(ac.GUID), CSRFToken: csrfToken(c),
		AppConfigName: ac.Name, InstanceName: tile.InstanceName, RootKeyName: tile.RootKeyName}
}
