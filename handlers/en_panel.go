package handlers

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// Links the Event Notifications panel shows.
const (
	enCatalogURL            = "https://cloud.ibm.com/catalog/services/event-notifications"
	serviceAuthorizationDoc = "https://cloud.ibm.com/docs/account?topic=account-serviceauth"
	appConfigDisplayName    = "IBM App Configuration"
)

// enForm is what the Event Notifications panel's URL and form carry: the chosen group and instance and the source details.
type enForm struct {
	Group    string
	Instance string
	Source   eventnotifications.Source
}

// enFormFrom reads the panel's fields; a missing name defaults to defaultName (the App Configuration instance's name).
func enFormFrom(values url.Values, defaultName string) enForm {
	f := enForm{Group: values.Get("group"), Instance: values.Get("instance"),
		Source: eventnotifications.Source{Name: values.Get("name"), Description: values.Get("description")}}
	if _, ok := values["name"]; !ok {
		f.Source.Name = defaultName
	}
	return f
}

// showENPanel renders the "Connect to Event Notifications" panel for the group, instance and source details in the URL.
func (s *Server) showENPanel(c echo.Context) error {
	if q := c.QueryParams(); q.Has("apply") || q.Has("csrf") {
		// The no-script "Apply choices" button submits the whole form by GET: keep only the choices in the address.
		clean := url.Values{}
		for _, k := range []string{"group", "instance", "name", "description"} {
			if q.Has(k) {
				clean.Set(k, q.Get(k))
			}
		}
		return c.Redirect(http.StatusSeeOther, withQuery(enPanelURL(instanceID(c)), clean))
	}
	user := currentUser(c)
	ctx := c.Request().Context()
	ac, err := s.appConfigInstance(ctx, c, instanceID(c))
	if err != nil {
		return err
	}
	panel := s.enPanel(ctx, c, user, ac, enFormFrom(c.QueryParams(), ac.Name))
	return s.respondOverIntegrations(c, http.StatusOK, ac, views.ENPanelView(panel))
}

// enPanel fills the panel for the form from what the Event Notifications service reads for it; failures to read the
// choices become messages in the panel.
func (s *Server) enPanel(ctx context.Context, c echo.Context, user User, ac resources.Instance, form enForm) views.ENPanel {
	at := instanceAddress(ac)
	panel := views.ENPanel{
		URL: enPanelURL(at), CloseURL: integrationsURL(at), CSRFToken: csrfToken(c), PlanAllowed: ac.IsEnterprise(),
		Name: form.Source.Name, Description: form.Source.Description, CreateInstanceURL: enCatalogURL,
		Authorization: views.ENAuthorizationBox{Source: appConfigDisplayName, SourceInstance: ac.Name,
			Role: eventnotifications.RoleName, LearnMoreURL: serviceAuthorizationDoc},
	}
	read := s.services.EventNotifications.Panel(ctx, eventnotifications.PanelRequest{Token: user.Token,
		AccountID: user.Identity.AccountID, AppConfig: ac, Group: form.Group, Instance: form.Instance})
	for _, g := range read.Groups {
		panel.Groups = append(panel.Groups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == read.Group})
	}
	for _, inst := range read.Instances {
		panel.Instances = append(panel.Instances, components.SelectOption{Value: inst.GUID, Label: inst.Name + " (" + inst.Region + ")",
			Selected: read.Chosen != nil && inst.GUID == read.Chosen.GUID})
	}
	switch {
	case read.GroupsErr != nil:
		panel.Error = errorNotice(c, "en-error", "The resource groups could not be read", read.GroupsErr)
	case read.InstancesErr != nil:
		panel.InstancesNote = "The Event Notifications instances could not be read: " + failureOf(c, read.InstancesErr).Message
	case len(panel.Instances) == 0:
		panel.InstancesNote = "This resource group has no Event Notifications instance. Choose another group or create an instance."
	}
	input := eventnotifications.ConnectInput{AccountID: user.Identity.AccountID, AppConfig: ac, Source: form.Source}
	if read.Chosen == nil {
		panel.Authorization.Note = "Choose an Event Notifications instance to see the access that saving creates."
		panel.Equivalents = equivalentsView("en", eventnotifications.Equivalents(input, eventnotifications.Grant{}, nil))
		return panel
	}
	panel.Authorization.Target = read.Chosen.Name
	input.EventNotifications = *read.Chosen
	panel.Equivalents = equivalentsView("en", eventnotifications.Equivalents(input, read.Grant, read.GrantErr))
	if read.GrantErr != nil {
		panel.Authorization.Note = "Existing authorizations could not be checked (" + failureOf(c, read.GrantErr).Message + "). Saving creates the access below unless it exists."
		return panel
	}
	panel.Authorization.Exists = read.Grant.Existing != nil
	panel.Authorization.Role = read.Grant.Role.DisplayName
	return panel
}
