package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// createAuthorization creates the authorization the wizard's URL describes, unless a field is wrong or it already exists.
func (s *Server) createAuthorization(c echo.Context) error {
	user := currentUser(c)
	ctx := c.Request().Context()
	st, d := s.offeredWizard(ctx, c, user)
	errs := st.Validate(user.Identity.AccountID, d.AuthorizationOffer)
	w := s.wizardView(c, st, d, errs, true)
	if d.Err != nil {
		return render(c, failureOf(c, d.Err).Status, views.AuthorizationWizardView(w))
	}
	if len(errs) > 0 {
		w.Notice = &components.InlineNotificationProps{ID: "wizard-invalid", Kind: components.NotificationError,
			Title: "Nothing was created", Subtitle: "Correct the fields marked below, then click Authorize again."}
		return render(c, http.StatusUnprocessableEntity, views.AuthorizationWizardView(w))
	}
	if w.Existing != nil {
		return render(c, http.StatusConflict, views.AuthorizationWizardView(w))
	}
	a := st.Authorization(user.Identity.AccountID, d.Roles)
	names := d.Names(user.Identity.AccountID)
	created, err := s.services.Authorizations.CreateAuthorization(ctx, user.Token, a)
	if err != nil {
		var upstream *ibmcloud.Error
		if !errors.As(err, &upstream) {
			return err
		}
		noteFailure(c, err)
		w.Notice = &components.InlineNotificationProps{ID: "wizard-refused", Kind: components.NotificationError,
			Title: "Authorization not created", Subtitle: creationRefusal(upstream, names.Service(a.Target.Service))}
		return render(c, upstreamStatus(upstream), views.AuthorizationWizardView(w))
	}
	if len(created.Roles) == 0 {
		created.Roles = a.Roles
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Authorization created", Message: names.Summary(created)})
	if st.Return != "" {
		return s.redirect(c, st.Return)
	}
	return s.redirect(c, authorizationsURL())
}

// creationRefusal explains why IAM did not create an authorization.
func creationRefusal(e *ibmcloud.Error, target string) string {
	switch e.Kind {
	case ibmcloud.KindForbidden:
		return "IAM refused: " + e.Message + ". To create an authorization you need access to " + target +
			" with at least the roles you grant (an administrator of the account can do it). Nothing was created."
	case ibmcloud.KindConflict:
		return "IAM reports that this authorization already exists: " + e.Message + ". Nothing was created."
	case ibmcloud.KindInvalid:
		return "IAM refused the authorization: " + e.Message + ". Nothing was created."
	}
	return UpstreamMessage(e) + " Nothing was created."
}
