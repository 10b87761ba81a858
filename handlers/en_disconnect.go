package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// showENDisconnect asks for confirmation before disconnecting Event Notifications.
func (s *Server) showENDisconnect(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	conn, err := s.services.EventNotifications.Current(ctx, user.Token, ac)
	if conn == nil && err != nil { // the integration is known even when its instance cannot be read
		return err
	}
	if conn == nil {
		return s.enNotConnected(c, ac)
	}
	return s.respondENDisconnect(c, http.StatusOK, ac, s.enDisconnectModel(c, ac, conn))
}

// disconnectEN removes the Event Notifications integration and returns to the Integrations page.
func (s *Server) disconnectEN(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	conn, err := s.services.EventNotifications.Current(ctx, user.Token, ac)
	if conn == nil && err != nil { // the integration is known even when its instance cannot be read
		return err
	}
	if conn == nil {
		return s.enNotConnected(c, ac)
	}
	if err := s.services.EventNotifications.Disconnect(ctx, user.Token, ac, conn.Integration.ID); err != nil {
		if ibmcloud.IsKind(err, ibmcloud.KindUnauthorized) {
			return err
		}
		model := s.enDisconnectModel(c, ac, conn)
		model.Error = upstreamNotification("Event Notifications was not disconnected", err)
		return s.respondENDisconnect(c, enFailureStatus(err), ac, model)
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Disconnected from Event Notifications",
		Message: "App Configuration no longer sends events to " + enInstanceLabel(conn) + "."})
	return s.redirect(c, integrationsURL(ac.GUID))
}

// enNotConnected returns to the Integrations page saying there is nothing to disconnect.
func (s *Server) enNotConnected(c echo.Context, ac resources.Instance) error {
	s.addFlash(c, layout.Flash{Kind: "info", Title: "Not connected", Message: "This instance is not connected to Event Notifications."})
	return s.redirect(c, integrationsURL(ac.GUID))
}

func (s *Server) enDisconnectModel(c echo.Context, ac resources.Instance, conn *eventnotifications.Connection) views.ENDisconnect {
	return views.ENDisconnect{URL: enPanelURL(ac.GUID) + "/disconnect", CloseURL: integrationsURL(ac.GUID), CSRFToken: csrfToken(c),
		InstanceName: enInstanceLabel(conn), AppConfigName: ac.Name}
}

// respondENDisconnect sends the confirmation alone to htmx and, to a browser, over the Integrations page.
func (s *Server) respondENDisconnect(c echo.Context, status int, ac resources.Instance, model views.ENDisconnect) error {
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, views.ENDisconnectView(model))
	}
	return s.renderOverIntegrations(c, status, ac, views.ENDisconnectView(model))
}

// enInstanceLabel names the connected instance, or its CRN when the instance no longer exists.
func enInstanceLabel(conn *eventnotifications.Connection) string {
	if conn.InstanceGone || conn.Instance.Name == "" {
		return conn.Integration.ENInstanceCRN
	}
	return conn.Instance.Name
}
