package handlers

import (
	"github.com/labstack/echo/v4"

	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// rerenderKMSPanel shows the panel again in state ch with a notice on top, after a refused or failed action, within
// what is left of the request's deadline.
func (s *Server) rerenderKMSPanel(c echo.Context, ac resources.Instance, ch kmsChoice, in kmsInstanceInput,
	status int, notice *components.InlineNotificationProps) error {
	ctx := c.Request().Context()
	panel := s.kmsPanel(ctx, c, ac, ch, in, nil)
	panel.Notice = notice
	return s.respondOverIntegrations(c, status, ac, views.KMSPanelView(panel))
}

// refuseKMS shows the Key Management panel again in state ch with an error notice: title, then text.
func (s *Server) refuseKMS(c echo.Context, ac resources.Instance, ch kmsChoice, status int, title, text string) error {
	return s.rerenderKMSPanel(c, ac, ch, kmsInstanceInput{}, status, &components.InlineNotificationProps{
		ID: "kms-error", Kind: components.NotificationError, Title: title, Subtitle: text})
}
