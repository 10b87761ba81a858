package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// createKMSInstance provisions a key management instance through Resource Controller and returns to the panel with it chosen.
func (s *Server) createKMSInstance(c echo.Context) error {
	user, ctx, ac, err := s.appConfigRequest(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode, ch.Instance, ch.Key = kmsModeNew, "", ""
	in := kmsInstanceInputFrom(form)
	choices := s.services.KMSPanels.ProvisioningChoices(ctx, user.Token, user.Identity.AccountID, ch.Service)
	in.Choices = &choices
	var problem string
	in.NameError, problem = kms.InstanceRequest{Service: ch.Service, Name: in.Name, Region: in.Region, Plan: in.Plan, Group: in.Group}.
		Check(choices.Plans, choices.Groups, choices.PlansErr != nil || choices.GroupsErr != nil)
	if in.NameError != "" || problem != "" {
		notice := &components.InlineNotificationProps{ID: "kms-error", Kind: components.NotificationError,
			Title: "Check the form", Subtitle: strings.TrimSpace(problem + " Nothing was created.")}
		return s.rerenderKMSPanel(c, ac, ch, in, http.StatusUnprocessableEntity, notice)
	}
	inst, err := s.services.Instances.CreateInstance(ctx, user.Identity.IAMID, user.Token, ch.Service, resources.CreateInstanceInput{
		Name: in.Name, PlanID: in.Plan, Region: in.Region, ResourceGroupID: in.Group,
	})
	if err != nil {
		f := failureOf(c, err)
		return s.rerenderKMSPanel(c, ac, ch, in, f.Status, f.notice("kms-error", "The instance could not be created"))
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Instance created",
		Message: resources.ServiceDisplayName(ch.Service) + " instance " + inst.Name + " was created in " + inst.Region + ". Choose its root key."})
	return s.redirect(c, kmsChoice{Service: ch.Service, Mode: kmsModeExisting, Instance: inst.GUID}.url(instanceAddress(ac)))
}
