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

// connectedEN begins a request about the Event Notifications integration of the App Configuration instance in the
// path: it returns the signed-in user, the request's context, the instance and its integration. Without an
// integration, conn is nil and err is the failure, or the answer made: the Integrations page saying so.
func (s *Server) connectedEN(c echo.Context) (user User, ctx context.Context, ac resources.Instance, conn *eventnotifications.Connection, err error) {
	user, ctx, ac, err = s.appConfigRequest(c)
	if err != nil {
		return user, ctx, ac, nil, err
	}
	conn, err = s.services.EventNotifications.Current(ctx, user.Token, ac)
	if conn == nil && err == nil { // the integration is known even when its instance cannot be read
		err = s.enNotConnected(c, ac)
	}
	return user, ctx, ac, conn, err
}

// offeredWizard reads the wizard's choices from the URL and what IAM offers for them, with the offered roles preselected.
func (s *Server) offeredWizard(ctx context.Context, c echo.Context, user User) (wizardState, iam.WizardOffer) {
	st := parseWizardState(c.QueryParams())
	d := s.services.AuthorizationWizard.Offer(ctx, user.Token, user.Identity.AccountID, st.AuthorizationRequest)
	st.Preselect(d.Roles)
	return st, d
}
