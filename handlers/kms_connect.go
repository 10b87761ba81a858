package handlers

import (
	"cmp"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/connect"
	"appconfig-console/services/resources"
	"appconfig-console/views/layout"
)

// connectKMS creates the Key Management integration chosen in the panel (and, when asked, the service authorization
// first), then returns to the Integrations page; any refusal or failure is shown inside the panel.
func (s *Server) connectKMS(c echo.Context) error {
	user := currentUser(c)
	ctx := c.Request().Context()
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode = kmsModeExisting
	conn, err := s.services.Connections.ConnectChoice(ctx, connect.KMSChoice{UserID: user.Identity.IAMID,
		AccountID: user.Identity.AccountID, Token: user.Token, AppConfig: instanceID(c), Service: ch.Service,
		Instance: ch.Instance, KeyID: ch.Key, Authorize: ch.Authorize})
	ac := conn.AppConfig
	if ac.GUID == "" {
		return err
	}
	if err != nil {
		f := connectFailure(c, err, cmp.Or(conn.KMS.Name, resources.ServiceDisplayName(ch.Service)))
		return s.refuseKMS(c, ac, ch, f.Status, f.Title, f.Message)
	}
	message := ac.Name + " now protects its segment data with a root key of " + conn.KMS.Name + "."
	if conn.AuthorizationCreated {
		message += " App Configuration was authorized to read its keys (role Reader)."
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Key Management connected", Message: message})
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}
