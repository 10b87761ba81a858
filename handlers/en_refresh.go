package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// refreshEN re-reads the Event Notifications integration and its instance, then shows the Integrations page with what it found.
func (s *Server) refreshEN(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	var conn *eventnotifications.Connection
	if id := c.QueryParam("integration"); validIntegrationID(id) {
		conn, err = s.services.EventNotifications.Refresh(ctx, user.Token, ac, id)
	} else {
		conn, err = s.services.EventNotifications.Current(ctx, user.Token, ac)
	}
	flash := enRefreshFlash(c, conn, err)
	if isFragmentRequest(c) && conn != nil {
		tile := enTileFor(c, ac, conn)
		if !conn.InstanceGone { // the tile itself says when the instance is gone
			tile.Notice = &components.InlineNotificationProps{ID: "en-refreshed", Kind: components.NotificationKind(flash.Kind),
				Title: flash.Title, Subtitle: flash.Message}
		}
		return render(c, http.StatusOK, views.ENTileView(tile))
	}
	s.addFlash(c, flash)
	return s.redirect(c, integrationsURL(ac.GUID))
}

// enRefreshFlash says what a refresh for the request c found.
func enRefreshFlash(c echo.Context, conn *eventnotifications.Connection, err error) layout.Flash {
	switch {
	case err != nil:
		return layout.Flash{Kind: "error", Title: "Status not refreshed", Message: failureOf(c, err).Message}
	case conn == nil:
		return layout.Flash{Kind: "info", Title: "Not connected", Message: "This instance has no Event Notifications integration any more."}
	case conn.InstanceGone:
		return layout.Flash{Kind: "warning", Title: "Event Notifications instance not found",
			Message: "The connected Event Notifications instance no longer exists, so events are not delivered. Disconnect it and connect another instance."}
	}
	return layout.Flash{Kind: "success", Title: "Status refreshed",
		Message: "Connected to " + conn.Instance.Name + " (" + conn.Instance.Region + "); the instance is " + conn.Instance.State + "."}
}

// validIntegrationID reports whether id is a plausible integration ID: 1 to 64 letters, digits, dots, hyphens and underscores.
func validIntegrationID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}
