package handlers

import (
	"context"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// refreshEN re-reads the Event Notifications integration and its instance.
func (s *Server) refreshEN(c echo.Context) error {
	return s.refreshTile(c, s.readENTile)
}

// readENTile reads the Event Notifications integration named in the address (else the instance's current one) and
// says what it found; htmx gets the tile when there is a connection to show.
func (s *Server) readENTile(ctx context.Context, c echo.Context, ac resources.Instance) (templ.Component, layout.Flash) {
	user := currentUser(c)
	var (
		conn *eventnotifications.Connection
		err  error
	)
	if id := c.QueryParam("integration"); validIntegrationID(id) {
		conn, err = s.services.EventNotifications.Refresh(ctx, user.Token, ac, id)
	} else {
		conn, err = s.services.EventNotifications.Current(ctx, user.Token, ac)
	}
	flash := enRefreshFlash(c, conn, err)
	if conn == nil {
		return nil, flash
	}
	tile := enTileFor(c, ac, conn)
	if !conn.InstanceGone { // the tile itself says when the instance is gone
		tile.Notice = &components.InlineNotificationProps{ID: "en-refreshed", Kind: components.NotificationKind(flash.Kind),
			Title: flash.Title, Subtitle: flash.Message}
	}
	return views.ENTileView(tile), flash
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
