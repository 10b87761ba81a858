package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// showInstanceDelete renders the danger confirmation for deleting an App Configuration instance.
func (s *Server) showInstanceDelete(c echo.Context) error {
	guid := instanceID(c)
	ctx := c.Request().Context()
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
	guid := instanceID(c)
	user := currentUser(c)
	ctx := c.Request().Context()
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
	ctx := c.Request().Context()
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
		Action:    instanceDeleteURL(instanceAddress(inst)),
		CancelURL: appInstanceURL(instanceAddress(inst)),
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
				KeyName: k.KeyName(), KeyURL: kmsKeyURL(instanceAddress(k.KMS), k.Key.ID), KMSName: k.KMSName()})
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
