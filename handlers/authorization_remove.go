package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/views"
	"appconfig-console/views/layout"
)

// showAuthorizationRemoval renders the Authorizations page with the danger confirmation of removing one authorization over it.
func (s *Server) showAuthorizationRemoval(c echo.Context) error {
	removal, _, err := s.authorizationRemoval(c)
	if err != nil {
		return err
	}
	return s.renderRemoval(c, http.StatusOK, removal)
}

// removeAuthorization removes an authorization through IAM and returns to the list with a notification naming it.
func (s *Server) removeAuthorization(c echo.Context) error {
	removal, a, err := s.authorizationRemoval(c)
	if err != nil {
		return err
	}
	user := currentUser(c)
	ctx := c.Request().Context()
	if err := s.services.Authorizations.DeleteAuthorization(ctx, user.Token, a.ID); err != nil {
		var upstream *ibmcloud.Error
		if !errors.As(err, &upstream) || upstream.Kind == ibmcloud.KindUnauthorized {
			return err
		}
		removal.Error = removalRefusal(upstream)
		return s.renderRemoval(c, upstreamStatus(upstream), removal)
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Authorization removed", Message: removal.Summary})
	return s.redirect(c, authorizationsURL())
}

// authorizationRemoval loads the authorization named in the path and describes what removing it takes away.
func (s *Server) authorizationRemoval(c echo.Context) (*views.AuthorizationRemoval, iam.Authorization, error) {
	id := c.Param("id")
	if !validPolicyID(id) {
		return nil, iam.Authorization{}, echo.NewHTTPError(http.StatusNotFound)
	}
	user := currentUser(c)
	ctx := c.Request().Context()
	a, err := s.services.Authorizations.GetAuthorization(ctx, user.Token, id)
	if err != nil {
		return nil, iam.Authorization{}, err
	}
	names, _ := s.services.AuthorizationWizard.Names(ctx, user.Token, user.Identity.AccountID, []iam.Authorization{a})
	return &views.AuthorizationRemoval{Action: authorizationRemoveURL(id), CSRFToken: csrfToken(c), CancelURL: authorizationsURL(),
		Summary: names.Summary(a), Consequence: names.RemovalConsequence(a), Warning: names.RemovalWarning(a)}, a, nil
}

// renderRemoval renders the list with the removal confirmation over it.
func (s *Server) renderRemoval(c echo.Context, status int, removal *views.AuthorizationRemoval) error {
	page, err := s.authorizationsPage(c, removal)
	if err != nil {
		return err
	}
	return render(c, status, views.AuthorizationsView(page))
}

// removalRefusal explains why IAM did not remove an authorization.
func removalRefusal(e *ibmcloud.Error) string {
	if e.Kind == ibmcloud.KindForbidden {
		return "IAM refused to remove it: " + e.Message + ". Removing an authorization needs the Administrator role on the target service."
	}
	return UpstreamMessage(e)
}

// validPolicyID reports whether id can be a policy ID: 1 to 64 letters, digits and hyphens.
func validPolicyID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
