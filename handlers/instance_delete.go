package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// maxDeletionChecks bounds the keys the deleted page checks, so a crafted URL cannot fan out.
const maxDeletionChecks = 4

// showInstanceDelete renders the danger confirmation for deleting an App Configuration instance.
func (s *Server) showInstanceDelete(c echo.Context) error {
	guid := c.Param("guid")
	if !crn.IsGUID(guid) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	plan, err := s.services.Lifecycle.PlanDeletion(ctx, currentUser(c).Token, guid)
	if errors.Is(err, lifecycle.ErrNotAppConfig) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.InstanceDelete(s.instanceDeletePage(c, plan)))
}

// deleteInstance deletes an App Configuration instance once its name is typed, then shows whether key management
// let go of it.
func (s *Server) deleteInstance(c echo.Context) error {
	guid := c.Param("guid")
	if !crn.IsGUID(guid) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	result, err := s.services.Lifecycle.Delete(ctx, user.Token, guid, c.FormValue("confirm"))
	var upstream *ibmcloud.Error
	switch {
	case err == nil:
	case errors.Is(err, lifecycle.ErrNotAppConfig):
		return echo.NewHTTPError(http.StatusNotFound)
	case errors.Is(err, lifecycle.ErrNameMismatch):
		return s.rerenderInstanceDelete(c, guid, http.StatusUnprocessableEntity, true, "", err)
	case errors.As(err, &upstream) && upstream.Kind != ibmcloud.KindUnauthorized && upstream.Kind != ibmcloud.KindNotFound:
		return s.rerenderInstanceDelete(c, guid, upstreamStatus(upstream), false, UpstreamMessage(upstream), err)
	default:
		return err
	}
	if len(result.Checks) == 0 && !result.Unchecked {
		s.addFlash(c, layout.Flash{Kind: "success", Title: "Instance deleted",
			Message: "The App Configuration instance " + result.Instance.Name + " was deleted."})
		return s.redirect(c, resourceListURL())
	}
	return s.redirect(c, deletedURL(result))
}

// rerenderInstanceDelete shows the confirmation again after a refused attempt; nothing was deleted.
func (s *Server) rerenderInstanceDelete(c echo.Context, guid string, status int, nameInvalid bool, message string, cause error) error {
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	plan, err := s.services.Lifecycle.PlanDeletion(ctx, currentUser(c).Token, guid)
	if err != nil {
		return cause
	}
	page := s.instanceDeletePage(c, plan)
	page.ConfirmInvalid, page.Error = nameInvalid, message
	return render(c, status, views.InstanceDelete(page))
}

// instanceDeletePage builds the confirmation's view model from the deletion plan.
func (s *Server) instanceDeletePage(c echo.Context, plan lifecycle.DeletionPlan) views.InstanceDeletePage {
	inst := plan.Instance
	page := views.InstanceDeletePage{
		Instance:  instanceFrame(s.shell(c, "Delete "+inst.Name), inst),
		Action:    instanceDeleteURL(inst.GUID),
		CancelURL: appInstanceURL(inst.GUID),
	}
	keys := map[string]lifecycle.KeyConnection{}
	for _, k := range plan.Keys {
		keys[k.IntegrationID] = k
	}
	for _, ig := range plan.Integrations {
		switch ig.Type {
		case appconfig.TypeKMS:
			k := keys[ig.ID]
			page.Integrations = append(page.Integrations, views.DeleteIntegrationItem{
				Service: "Key Management", Detail: "root key " + k.KeyName() + " of " + k.KMSName()})
		case appconfig.TypeEventNotifications:
			page.Integrations = append(page.Integrations, views.DeleteIntegrationItem{
				Service: "Event Notifications", Detail: integrationTargetLabel(ig.ENInstanceCRN)})
		}
	}
	var unread []string
	for _, k := range plan.Keys {
		if k.Err != nil {
			unread = append(unread, k.KeyName())
		}
		if len(k.Registrations) > 0 {
			page.Registrations = append(page.Registrations, views.DeleteRegistrationItem{
				KeyName: k.KeyName(), KeyURL: kmsKeyURL(k.KMS.GUID, k.Key.ID), KMSName: k.KMSName()})
		}
	}
	switch {
	case plan.IntegrationsErr != nil:
		page.Warning = "The console could not read the instance's integrations, so it cannot check afterwards that key management unregistered the instance."
	case len(unread) > 0:
		page.Warning = "The console could not read the registrations of root key " + strings.Join(unread, ", ") + "; it will check them again after deleting."
	}
	return page
}

// showInstanceDeleted reports a deleted instance and looks, on each key it was connected to, for a registration of it
// still there; the keys and the deletion time are in the query (check=<kms GUID>/<key ID>, at=<Unix seconds>), so the
// report can be reloaded. A registration found within lifecycle's PendingFor of the deletion is pending (App
// Configuration may still be unregistering); after that it is left behind, and the way out is a sync of the key.
func (s *Server) showInstanceDeleted(c echo.Context) error {
	guid := c.Param("guid")
	if !crn.IsGUID(guid) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	q := c.QueryParams()
	type target struct{ kms, key string }
	var targets []target
	for _, v := range q["check"] {
		kmsGUID, keyID, ok := strings.Cut(v, "/")
		if !ok || !crn.IsGUID(kmsGUID) || !crn.IsGUID(keyID) || len(targets) == maxDeletionChecks {
			return echo.NewHTTPError(http.StatusBadRequest, "The link to this report is damaged. Start again from the resource list.")
		}
		targets = append(targets, target{kmsGUID, keyID})
	}
	name := q.Get("name")
	if r := []rune(name); len(r) > resources.MaxInstanceName {
		name = string(r[:resources.MaxInstanceName])
	}
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	if _, err := s.services.Resources.GetInstance(ctx, user.Token, guid); err == nil {
		// The instance is still there: this is no deletion report.
		return s.redirect(c, appInstanceURL(guid))
	}
	var deletedAt time.Time
	if at, err := strconv.ParseInt(q.Get("at"), 10, 64); err == nil {
		deletedAt = time.Unix(at, 0)
	}
	pending := s.services.Lifecycle.UnregistrationPending(deletedAt)
	page := views.InstanceDeletedPage{Shell: s.shell(c, "Deleted "+name), Name: name, Unchecked: q.Get("unchecked") == "1",
		Checks: make([]views.UnregistrationCheck, len(targets)), ReportURL: c.Request().URL.RequestURI()}
	var wg sync.WaitGroup
	for i, t := range targets {
		wg.Go(func() {
			check := views.UnregistrationCheck{KMSName: t.kms, KMSURL: kmsInstanceURL(t.kms), KeyName: t.key, KeyURL: kmsKeyURL(t.kms, t.key),
				SyncURL: syncedKeyURL(t.kms, t.key)}
			conn, err := s.services.Lifecycle.CheckUnregistered(ctx, user.Token, guid, t.kms, t.key)
			if err == nil {
				err = conn.Err
				check.KMSName, check.KeyName = conn.KMSName(), conn.KeyName()
			}
			switch {
			case err != nil:
				check.Error = lifecycleErrorText(err)
			case len(conn.Registrations) > 0:
				check.Pending, check.Leftover = pending, !pending
				check.ResourceCRN = conn.Registrations[0].ResourceCRN
			}
			page.Checks[i] = check
		})
	}
	wg.Wait()
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
	return withQuery(instanceDeletedURL(result.Instance.GUID), q)
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
