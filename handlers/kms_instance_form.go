package handlers

import (
	"context"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// kmsInstanceInput is what the "Create a new instance" form carries, with the message about its name and the choices
// the request already read to check it (nil before they are read).
type kmsInstanceInput struct {
	Name      string
	Region    string
	Plan      string
	Group     string
	NameError string
	Choices   *kms.ProvisioningChoices
}

func kmsInstanceInputFrom(values url.Values) kmsInstanceInput {
	return kmsInstanceInput{Name: strings.TrimSpace(values.Get("name")), Region: values.Get("region"), Plan: values.Get("plan"),
		Group: values.Get("group")}
}

// kmsInstanceForm fills the provisioning form: the service's regions, its catalog plans and the account's resource
// groups, read unless in carries them.
func (s *Server) kmsInstanceForm(ctx context.Context, c echo.Context, service string, in kmsInstanceInput) views.KMSInstanceForm {
	choices := in.Choices
	if choices == nil {
		user := currentUser(c)
		read := s.services.KMSPanels.ProvisioningChoices(ctx, user.Token, user.Identity.AccountID, service)
		choices = &read
	}
	form := views.KMSInstanceForm{URL: kmsInstanceCreateURL(instanceID(c)), ServiceName: resources.ServiceDisplayName(service),
		Name: in.Name, NameError: in.NameError}
	for i, r := range choices.Regions {
		form.Regions = append(form.Regions, components.SelectOption{Value: r, Label: r, Selected: r == in.Region || in.Region == "" && i == 0})
	}
	for i, p := range choices.Plans {
		form.Plans = append(form.Plans, components.SelectOption{Value: p.ID, Label: p.DisplayName, Selected: p.ID == in.Plan || in.Plan == "" && i == 0})
	}
	for _, g := range choices.Groups {
		form.Groups = append(form.Groups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == in.Group || in.Group == "" && g.Default})
	}
	var notes []string
	for _, err := range []error{choices.PlansErr, choices.GroupsErr} {
		if err != nil {
			notes = append(notes, failureOf(c, err).Message)
		}
	}
	form.Note = strings.Join(notes, " ")
	return form
}
