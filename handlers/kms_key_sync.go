package handlers

import (
	"cmp"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// syncKMSKey asks the services that own a key's associated resources to check them again (Sync associated
// resources), then says what it found: no registration of a deleted resource left, some still there (with what to do
// next), or when Key Protect accepts a sync of the key again. Users cannot remove a registration themselves.
func (s *Server) syncKMSKey(c echo.Context) error {
	guid, keyID := instanceID(c), c.Param("keyID")
	user := currentUser(c)
	ctx := c.Request().Context()
	result, err := s.services.Lifecycle.Sync(ctx, user.Token, user.Identity.AccountID, guid, keyID)
	var tooEarly *kms.SyncTooEarlyError
	var upstream *ibmcloud.Error
	switch {
	case err == nil:
	case errors.Is(err, lifecycle.ErrNotKeyManagement):
		return echo.NewHTTPError(http.StatusNotFound)
	case errors.As(err, &tooEarly):
		s.addFlash(c, layout.Flash{Kind: "warning", Title: "Not synced yet", Message: syncTooEarlyText(tooEarly)})
		return s.redirect(c, syncedKeyURL(guid, keyID))
	case errors.As(err, &upstream) && upstream.Kind != ibmcloud.KindUnauthorized && upstream.Kind != ibmcloud.KindNotFound && result.Key.ID != "":
		page := s.kmsKeyPage(c, result.KeyAssociations)
		page.SyncError = UpstreamMessage(upstream)
		return render(c, upstreamStatus(upstream), views.KMSKey(page))
	default:
		return err
	}
	s.addFlash(c, syncFlash(result))
	return s.redirect(c, syncedKeyURL(guid, keyID))
}

// syncFlash says what a sync found.
func syncFlash(r lifecycle.SyncResult) layout.Flash {
	left := len(r.Leftovers())
	switch {
	case !r.Checked:
		return layout.Flash{Kind: "success", Title: "Sync requested",
			Message: "The services that own this key's associated resources were asked to check them again. The console could not read the associated resources afterwards; reload the page to see them."}
	case left == 0:
		return layout.Flash{Kind: "success", Title: "Synced",
			Message: "The services that own this key's associated resources checked them again; no registration of a deleted resource is left."}
	}
	what := "A registration of a deleted resource is"
	if left > 1 {
		what = strconv.Itoa(left) + " registrations of deleted resources are"
	}
	return layout.Flash{Kind: "warning", Title: "Sync requested; registration still there",
		Message: what + " still on the key. The service that owns the resource removes it in its own time (IBM allows up to four hours); " +
			"if it is still there after that, open a support case with IBM Cloud Support."}
}

// syncTooEarlyText says when Key Protect accepts a sync of the key again.
func syncTooEarlyText(e *kms.SyncTooEarlyError) string {
	rule := cmp.Or(e.Err.Service, "The key management service") +
		" accepts one sync of a key an hour, counting from the last sync or lifecycle action of the key. "
	if e.RetryAt.IsZero() {
		return rule + "Try again in an hour."
	}
	return rule + "Try again after " + e.RetryAt.UTC().Format("15:04 UTC on 2 January 2006") + "."
}

// syncedKeyURL is the key page at its associated resources, where a sync's result is shown.
func syncedKeyURL(kmsGUID, keyID string) string {
	return kmsKeyURL(kmsGUID, keyID) + "#associated-resources"
}
