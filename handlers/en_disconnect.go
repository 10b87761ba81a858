package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// showENDisconnect asks for confirmation before disconnecting Event Notifications.
func (s *Server) showENDisconnect(c echo.Context) error {
	_, _, ac, conn, err := s.connectedEN(c)
	if conn == nil {
		return err
	}
	return s.respondOverIntegrations(c, http.StatusOK, ac, views.ENDisconnectView(s.enDisconnectModel(c, ac, conn)))
}

// disconnectEN removes the Event Notifications integration and returns to the Integrations page.
func (s *Server) disconnectEN(c echo.Context) error {
	user, ctx, ac, conn, err := s.connectedEN(c)
	if conn == nil {
		return err
	}
	if err := s.services.EventNotifications.Disconnect(ctx, user.Token, ac, conn.Integration.ID); err != nil {
		f := failureOf(c, err)
		model := s.enDisconnectModel(c, ac, conn)
		model.Error = f.notice("en-error", "Event Notifications was not disconnected")
		return s.respondOverIntegrations(c, f.Status, ac, views.ENDisconnectView(model))
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Disconnected from Event Notifications",
		Message: "App Configuration no longer sends events to " + enInstanceLabel(conn) + "."})
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}

// enNotConnected returns to the Integrations page saying there is nothing to disconnect.
func (s *Server) enNotConnected(c echo.Context, ac resources.Instance) error {
	s.addFlash(c, layout.Flash{Kind: "info", Title: "Not connected", Message: "This instance is not connected to Event Notifications."})
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}

// enDisconnectModel describes the confirmation of disconnecting conn.
func (s *Server) enDisconnectModel(c echo.Context, ac resources.Instance, conn *eventnotifications.Connection) views.ENDisconnect {
	return views.ENDisconnect{URL: enDisconnectURL(instanceAddress(ac)), CloseURL: integrationsURL(instanceAddress(ac)), CSRFToken: csrfToken(c),
		InstanceName: enInstanceLabel(conn), AppConfigName: ac.Name}
}

// enInstanceLabel names the connected instance, or its CRN when the instance no longer exists.
func enInstanceLabel(conn *eventnotifications.Connection) string {
	if conn.InstanceGone || conn.Instance.Name == "" {
		return conn.Integration.ENInstanceCRN
	}
	return conn.Instance.Name
}
