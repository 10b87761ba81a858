package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// kmsInstanceInput is what the "Create a new instance" form carries, with the message about its name.
type kmsInstanceInput struct {
	Name      string
	Region    string
	Plan      string
	Group     string
	NameError string
}

func kmsInstanceInputFrom(values url.Values) kmsInstanceInput {
	return kmsInstanceInput{Name: strings.TrimSpace(values.Get("name")), Region: values.Get("region"), Plan: values.Get("plan"),
		Group: values.Get("group")}
}

// kmsInstanceForm fills the provisioning form: the service's regions, its catalog plans and the account's resource groups.
func (s *Server) kmsInstanceForm(ctx context.Context, c echo.Context, service string, in kmsInstanceInput) views.KMSInstanceForm {
	plans, groups, plansErr, groupsErr := s.kmsProvisioningChoices(ctx, c, service)
	form := views.KMSInstanceForm{URL: kmsInstanceCreateURL(c.Param("guid")), ServiceName: resources.ServiceDisplayName(service),
		Name: in.Name, NameError: in.NameError}
	for i, r := range kms.Regions(service) {
		form.Regions = append(form.Regions, components.SelectOption{Value: r, Label: r, Selected: r == in.Region || in.Region == "" && i == 0})
	}
	for i, p := range plans {
		form.Plans = append(form.Plans, components.SelectOption{Value: p.ID, Label: p.DisplayName, Selected: p.ID == in.Plan || in.Plan == "" && i == 0})
	}
	for _, g := range groups {
		form.Groups = append(form.Groups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == in.Group || in.Group == "" && g.Default})
	}
	var notes []string
	for _, err := range []error{plansErr, groupsErr} {
		if err != nil {
			notes = append(notes, failureOf(c, err).Message)
		}
	}
	form.Note = strings.Join(notes, " ")
	return form
}

// kmsProvisioningChoices reads the service's plans and the account's resource groups in parallel.
func (s *Server) kmsProvisioningChoices(ctx context.Context, c echo.Context, service string) ([]kms.Plan, []resources.ResourceGroup, error, error) {
	user := currentUser(c)
	var (
		wg                  sync.WaitGroup
		plans               []kms.Plan
		groups              []resources.ResourceGroup
		plansErr, groupsErr error
	)
	wg.Go(func() { plans, plansErr = s.services.KeyManagement.Plans(ctx, user.Token, service) })
	wg.Go(func() {
		groups, groupsErr = s.services.Resources.ListResourceGroups(ctx, user.Token, user.Identity.AccountID)
	})
	wg.Wait()
	return plans, groups, plansErr, groupsErr
}

// createKMSInstance provisions a key management instance through Resource Controller and returns to the panel with it chosen.
func (s *Server) createKMSInstance(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode, ch.Instance, ch.Key = kmsModeNew, "", ""
	in := kmsInstanceInputFrom(form)
	plans, groups, plansErr, groupsErr := s.kmsProvisioningChoices(ctx, c, ch.Service)
	var problem string
	in.NameError, problem = kms.InstanceRequest{Service: ch.Service, Name: in.Name, Region: in.Region, Plan: in.Plan, Group: in.Group}.
		Check(plans, groups, plansErr != nil || groupsErr != nil)
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
	return s.redirect(c, kmsChoice{Service: ch.Service, Mode: kmsModeExisting, Instance: inst.GUID}.url(ac.GUID))
}

// rerenderKMSPanel shows the panel again in state ch with a notice on top, after a refused or failed action, within
// what is left of the request's deadline.
func (s *Server) rerenderKMSPanel(c echo.Context, ac resources.Instance, ch kmsChoice, in kmsInstanceInput,
	status int, notice *components.InlineNotificationProps) error {
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	panel := s.kmsPanel(ctx, c, ac, ch, in)
	panel.Notice = notice
	return s.respondOverIntegrations(c, status, ac, views.KMSPanelView(panel))
}

// refuseKMS shows the Key Management panel again in state ch with an error notice: title, then text.
func (s *Server) refuseKMS(c echo.Context, ac resources.Instance, ch kmsChoice, status int, title, text string) error {
	return s.rerenderKMSPanel(c, ac, ch, kmsInstanceInput{}, status, &components.InlineNotificationProps{
		ID: "kms-error", Kind: components.NotificationError, Title: title, Subtitle: text})
}
