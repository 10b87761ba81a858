package handlers

import (
	"context"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
)

// appConfigRequest begins a request about the App Configuration instance in the path: it returns the signed-in user,
// the request's context (which carries its one deadline) and the instance.
func (s *Server) appConfigRequest(c echo.Context) (User, context.Context, resources.Instance, error) {
	ctx := c.Request().Context()
	ac, err := s.appConfigInstance(ctx, c, instanceID(c))
	return currentUser(c), ctx, ac, err
}

// enConnection reads the Event Notifications integration of ac; when there is none, it answers with the Integrations
// page saying so and returns no connection.
func (s *Server) enConnection(ctx context.Context, c echo.Context, user User, ac resources.Instance) (*eventnotifications.Connection, error) {
	conn, err := s.services.EventNotifications.Current(ctx, user.Token, ac)
	if conn == nil && err != nil { // the integration is known even when its instance cannot be read
		return nil, err
	}
	if conn == nil {
		return nil, s.enNotConnected(c, ac)
	}
	return conn, nil
}

// offeredWizard reads the wizard's choices from the URL and what IAM offers for them, with the offered roles preselected.
func (s *Server) offeredWizard(ctx context.Context, c echo.Context, user User) (wizardState, iam.WizardOffer) {
	st := parseWizardState(c.QueryParams())
	d := s.services.AuthorizationWizard.Offer(ctx, user.Token, user.Identity.AccountID, st.AuthorizationRequest)
	st.Preselect(d.Roles)
	return st, d
}
