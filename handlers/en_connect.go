package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/resources"
	"appconfig-console/views"
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
	result, en, err := s.services.EventNotifications.ConnectForm(ctx, user.Token, eventnotifications.Form{
		AccountID: user.Identity.AccountID, AppConfig: ac, InstanceGUID: form.Instance, Source: form.Source,
	})
	var fe *eventnotifications.FormError
	if errors.As(err, &fe) {
		return s.refuseEN(c, ac, form, fe)
	}
	if err != nil {
		f := connectFailure(c, err, en.Name)
		panel := s.enPanel(ctx, c, user, ac, form)
		panel.Error = f.notice("en-error", f.Title)
		return s.respondOverIntegrations(c, f.Status, ac, views.ENPanelView(panel))
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

// refuseEN shows the Event Notifications panel again with the form's problems on the fields they concern.
func (s *Server) refuseEN(c echo.Context, ac resources.Instance, form enForm, fe *eventnotifications.FormError) error {
	panel := s.enPanel(c.Request().Context(), c, currentUser(c), ac, form)
	panel.NameError, panel.DescriptionError, panel.InstanceError = fe.Source.Name, fe.Source.Description, fe.Instance
	if fe.InstanceErr != nil {
		panel.InstanceError = "The instance could not be read: " + failureOf(c, fe.InstanceErr).Message
	}
	return s.respondOverIntegrations(c, http.StatusUnprocessableEntity, ac, views.ENPanelView(panel))
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
