package handlers

import (
	"context"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// enTile fills the Event Notifications tile of the Integrations page from the instance's integrations; a connection
// whose instance cannot be read is shown with a notice rather than failing the page.
func (s *Server) enTile(ctx context.Context, c echo.Context, user User, ac resources.Instance, list []appconfig.Integration) views.ENTile {
	conn, err := s.services.EventNotifications.Find(ctx, user.Token, list)
	tile := enTileFor(c, ac, conn)
	if err != nil {
		tile.Notice = errorNotice(c, "en-error", "The Event Notifications instance could not be read", err)
	}
	return tile
}

// enTileFor describes a connection (nil for none) as the tile shows it to the request c.
func enTileFor(c echo.Context, ac resources.Instance, conn *eventnotifications.Connection) views.ENTile {
	base := enPanelURL(instanceAddress(ac))
	tile := views.ENTile{ConnectURL: base, PlanAllowed: ac.IsEnterprise()}
	if conn == nil {
		return tile
	}
	tile.Connected, tile.InstanceGone = true, conn.InstanceGone
	tile.InstanceName, tile.Region = enInstanceLabel(conn), conn.Instance.Region
	tile.SourceID = conn.Integration.ENSourceID
	tile.RefreshURL = withQuery(enRefreshURL(instanceAddress(ac)), url.Values{"integration": {conn.Integration.ID}})
	tile.CSRFToken = csrfToken(c)
	tile.DisconnectURL = enDisconnectURL(instanceAddress(ac))
	return tile
}
