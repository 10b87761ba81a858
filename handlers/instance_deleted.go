package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// maxDeletionChecks bounds the keys the deleted page checks, so a crafted URL cannot fan out.
const maxDeletionChecks = 4

// showInstanceDeleted reports a deleted instance and looks, on each key it was connected to, for a registration of it
// still there; the keys and the deletion time are in the query (check=<kms GUID>/<key ID>, at=<Unix seconds>), so the
// report can be reloaded. A registration found within lifecycle's PendingFor of the deletion is pending (App
// Configuration may still be unregistering); after that it is left behind, and the way out is a sync of the key.
func (s *Server) showInstanceDeleted(c echo.Context) error {
	guid := instanceID(c)
	q := c.QueryParams()
	var targets []lifecycle.KeyRef
	for _, v := range q["check"] {
		kmsGUID, keyID, ok := strings.Cut(v, "/")
		if !ok || !crn.IsGUID(kmsGUID) || !crn.IsGUID(keyID) || len(targets) == maxDeletionChecks {
			return echo.NewHTTPError(http.StatusBadRequest, "The link to this report is damaged. Start again from the resource list.")
		}
		targets = append(targets, lifecycle.KeyRef{KMSGUID: kmsGUID, KeyID: keyID})
	}
	name := q.Get("name")
	if r := []rune(name); len(r) > resources.MaxInstanceName {
		name = string(r[:resources.MaxInstanceName])
	}
	user := currentUser(c)
	ctx := c.Request().Context()
	if _, err := s.services.Resources.GetInstance(ctx, user.Token, guid); err == nil {
		// The instance is still there: this is no deletion report.
		return s.redirect(c, appInstanceURL(guid))
	}
	var deletedAt time.Time
	if at, err := strconv.ParseInt(q.Get("at"), 10, 64); err == nil {
		deletedAt = time.Unix(at, 0)
	}
	// The registrations name the instance by its CRN, whose GUID is the deleted instance's, whichever the address gave.
	appGUID, _ := crn.InstanceGUID(guid)
	page := views.InstanceDeletedPage{Shell: s.shell(c, "Deleted "+name), Name: name, Unchecked: q.Get("unchecked") == "1",
		Checks: make([]views.UnregistrationCheck, len(targets)), ReportURL: c.Request().URL.RequestURI()}
	for i, result := range s.services.Lifecycle.CheckDeletion(ctx, user.Token, appGUID, deletedAt, targets) {
		t := targets[i]
		check := views.UnregistrationCheck{KMSName: result.KMSName(), KMSURL: kmsInstanceURL(t.KMSGUID), KeyName: result.KeyName(),
			KeyURL: kmsKeyURL(t.KMSGUID, t.KeyID), SyncURL: syncedKeyURL(t.KMSGUID, t.KeyID)}
		switch result.State {
		case lifecycle.RegistrationUnknown:
			check.Error = lifecycleErrorText(result.Err)
		case lifecycle.RegistrationPending, lifecycle.RegistrationLeftBehind:
			check.Pending, check.Leftover = result.State == lifecycle.RegistrationPending, result.State == lifecycle.RegistrationLeftBehind
			check.ResourceCRN = result.Registrations[0].ResourceCRN
		}
		page.Checks[i] = check
	}
	return render(c, http.StatusOK, views.InstanceDeleted(page))
}

// deletedURL is the report of a deletion: the instance's name, when it was deleted and the keys to check.
func deletedURL(result lifecycle.DeletionResult) string {
	q := url.Values{"name": {result.Instance.Name}, "at": {strconv.FormatInt(result.DeletedAt.Unix(), 10)}}
	for _, ch := range result.Checks {
		if ch.KMS.GUID != "" && ch.Key.ID != "" {
			q.Add("check", ch.KMS.GUID+"/"+ch.Key.ID)
		}
	}
	if result.Unchecked {
		q.Set("unchecked", "1")
	}
	return withQuery(instanceDeletedURL(instanceAddress(result.Instance)), q)
}

// integrationTargetLabel names an instance by the GUID in its CRN.
func integrationTargetLabel(instanceCRN string) string {
	if p, err := crn.Parse(instanceCRN); err == nil && p.ServiceInst != "" {
		return resources.ServiceDisplayName(p.ServiceName) + " instance " + p.ServiceInst
	}
	return instanceCRN
}

// lifecycleErrorText explains an error to a person.
func lifecycleErrorText(err error) string {
	var upstream *ibmcloud.Error
	if errors.As(err, &upstream) {
		return UpstreamMessage(upstream)
	}
	return err.Error()
}
