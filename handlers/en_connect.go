package handlers

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/crn"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// connectEN saves the Event Notifications panel: it checks the form, then connects, creating the service authorization
// when none grants it yet. Problems are shown in the panel, on the field they concern, with what exists afterwards.
func (s *Server) connectEN(c echo.Context) error {
	user, ctx, ac, err := s.appConfigRequest(c)
	if err != nil {
		return err
	}
	values, err := c.FormParams()
	if err != nil {
		return err
	}
	form := enFormFrom(values, "")
	form.Source = form.Source.Normalize()
	fieldErrs := form.Source.Validate()
	en, instanceErr := s.enInstance(ctx, c, user, form.Instance)
	fail := func(status int, notice *components.InlineNotificationProps) error {
		panel := s.enPanel(ctx, c, user, ac, form)
		panel.NameError, panel.DescriptionError, panel.InstanceError = fieldErrs.Name, fieldErrs.Description, instanceErr
		if notice != nil {
			panel.Error = notice
		}
		return s.respondOverIntegrations(c, status, ac, views.ENPanelView(panel))
	}
	if !fieldErrs.OK() || instanceErr != "" || !ac.IsEnterprise() {
		return fail(http.StatusUnprocessableEntity, nil)
	}
	result, err := s.services.EventNotifications.Connect(ctx, user.Token, eventnotifications.ConnectInput{
		AccountID: user.Identity.AccountID, AppConfig: ac, EventNotifications: en, Source: form.Source,
	})
	if err != nil {
		f := connectFailure(c, err, en.Name)
		return fail(f.Status, f.notice("en-error", f.Title))
	}
	message := "App Configuration sends its events to " + en.Name + " as the source \"" + form.Source.Name + "\". "
	if result.AuthorizationCreated {
		message += "A service authorization with the Event Source Manager role was created for it."
	} else {
		message += "It uses the service authorization that already grants the Event Source Manager role."
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Connected to Event Notifications", Message: message})
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}

// enInstance reads the chosen Event Notifications instance; a problem with the choice is returned as the field's message.
func (s *Server) enInstance(ctx context.Context, c echo.Context, user User, guid string) (resources.Instance, string) {
	if guid == "" {
		return resources.Instance{}, "Choose an Event Notifications instance."
	}
	if !crn.IsGUID(guid) {
		return resources.Instance{}, "Choose an Event Notifications instance from the list."
	}
	en, err := s.services.Resources.GetInstance(ctx, user.Token, guid)
	switch {
	case ibmcloud.IsKind(err, ibmcloud.KindNotFound):
		return resources.Instance{}, "This instance no longer exists. Choose another one."
	case err != nil:
		return resources.Instance{}, "The instance could not be read: " + failureOf(c, err).Message
	case en.Service != resources.ServiceEventNotifications:
		return resources.Instance{}, "This is not an Event Notifications instance. Choose one from the list."
	}
	return en, ""
}

// sentence capitalizes an error message and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return strings.TrimRight(s, ".;:, ") + "."
}
