package handlers

import (
	"context"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// kmsTile describes the Key Management tile: the empty state, the plan gate, or the connected instance and its root key.
func (s *Server) kmsTile(ctx context.Context, c echo.Context, ac resources.Instance, list []appconfig.Integration) views.KMSTile {
	tile := views.KMSTile{ConnectURL: kmsPanelURL(instanceAddress(ac)), PlanAllowed: ac.IsEnterprise()}
	user := currentUser(c)
	conn := s.services.KMSPanels.Connection(ctx, user.Identity.IAMID, user.Token, list)
	if conn == nil {
		return tile
	}
	in := conn.Integration
	tile.Connected = true
	tile.RefreshURL = kmsRefreshURL(instanceAddress(ac))
	tile.CSRFToken = csrfToken(c)
	tile.DeleteInstanceURL = instanceDeleteURL(instanceAddress(ac))
	tile.RootKeyID, tile.RootKeyName = in.RootKeyID, conn.RootKeyName
	tile.KeyStatus = keyStatus(in.KeyStatus)
	if !in.CreatedTime.IsZero() {
		tile.ConnectedAt = in.CreatedTime.UTC().Format("2006-01-02 15:04 UTC")
	}
	if conn.CRNUnreadable {
		tile.Service, tile.InstanceName = "Key management", in.KMSInstanceCRN
		return tile
	}
	tile.Service, tile.Scheme = resources.ServiceDisplayName(conn.Service), conn.Scheme
	tile.Region, tile.InstanceName = conn.Region, conn.InstanceGUID
	switch {
	case conn.InstanceErr != nil:
		tile.Notice = errorNotice(c, "kms-tile-error", "The key management instance could not be read", conn.InstanceErr)
	case conn.InstanceGone:
		tile.InstanceGone = true
		tile.Notice = &components.InlineNotificationProps{ID: "kms-tile-gone", Kind: components.NotificationWarning,
			Title: "Instance not found", Subtitle: "The connected key management instance no longer exists, or you cannot see it. " +
				"App Configuration cannot use its root key: disconnect it, then connect another key."}
	default:
		tile.InstanceName, tile.Region, tile.InstanceURL = conn.Instance.Name, conn.Instance.Region, kmsInstanceURL(instanceAddress(*conn.Instance))
		if conn.KeyErr != nil {
			tile.Notice = errorNotice(c, "kms-tile-error", "The root key could not be read", conn.KeyErr)
		}
	}
	return tile
}

// keyStatus shows an integration's key status: usable, disabled or deleted.
func keyStatus(status string) components.StatusIndicatorProps {
	switch status {
	case appconfig.KeyUsable:
		return components.StatusIndicatorProps{Status: components.StatusActive, Label: "Usable"}
	case appconfig.KeyDisabled:
		return components.StatusIndicatorProps{Status: components.StatusWarning, Label: "Disabled"}
	case appconfig.KeyDeleted:
		return components.StatusIndicatorProps{Status: components.StatusError, Label: "Deleted"}
	}
	return components.StatusIndicatorProps{Status: components.StatusNeutral, Label: "Unknown"}
}
