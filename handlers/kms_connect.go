package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views/layout"
)

// connectKMS creates the Key Management integration chosen in the panel (and, when asked, the service authorization
// first), then returns to the Integrations page; any refusal or failure is shown inside the panel.
func (s *Server) connectKMS(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	ac, err := s.appConfigInstance(ctx, c, c.Param("guid"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode = kmsModeExisting
	if ch.Instance == "" || ch.Key == "" {
		return s.refuseKMS(c, ac, ch, http.StatusUnprocessableEntity, "Choose an instance and a root key",
			"Select the instance and the root key to connect, then click Create. Nothing was created.")
	}
	target, err := s.services.Resources.GetInstance(ctx, user.Token, ch.Instance)
	if err != nil || target.Service != ch.Service {
		if isUnauthorized(err) {
			return err
		}
		s.services.KeyManagement.Forget(user.Identity.IAMID)
		return s.refuseKMS(c, ac, ch, http.StatusNotFound, "Instance not found", "The chosen "+resources.ServiceDisplayName(ch.Service)+
			" instance no longer exists, or you cannot see it. Choose another instance. Nothing was created.")
	}
	conn, err := s.services.KMSLinker.Connect(ctx, user.Identity.IAMID, user.Token, kms.ConnectRequest{
		AccountID: user.Identity.AccountID, AppConfig: ac, KMS: target, KeyID: ch.Key, Authorize: ch.Authorize,
	})
	if err != nil {
		if isUnauthorized(err) {
			return err
		}
		status, title, text := connectFailure(err, target)
		return s.refuseKMS(c, ac, ch, status, title, text)
	}
	message := ac.Name + " now protects its segment data with a root key of " + target.Name + "."
	if conn.AuthorizationCreated {
		message += " App Configuration was authorized to read its keys (role Reader)."
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Key Management connected", Message: message})
	return s.redirect(c, integrationsURL(ac.GUID))
}

// connectFailure explains a failed connection: what happened, what exists now, and what to do.
func connectFailure(err error, target resources.Instance) (int, string, string) {
	var ce *kms.ConnectError
	if !errors.As(err, &ce) {
		return statusOf(err), "Could not connect", failureText(err) + " Nothing was created."
	}
	switch ce.Problem {
	case kms.ProblemNotEnterprise:
		return http.StatusForbidden, "Enterprise plan required",
			"BYOK and KYOK are supported only on the App Configuration Enterprise plan. Nothing was created."
	case kms.ProblemAlreadyConnected:
		return http.StatusConflict, "Already connected",
			"This instance already uses root key " + ce.Existing.RootKeyID + ". Disconnect it on the Integrations page before you connect another key."
	case kms.ProblemNotAuthorized:
		return http.StatusUnprocessableEntity, "Service authorization needed",
			"App Configuration is not authorized to read the root keys of " + target.Name + ". Tick \u201cAuthorize App Configuration as part of Create\u201d, " +
				"or create the authorization in Access (IAM), then click Create again. Nothing was created."
	case kms.ProblemKeyNotUsable:
		return http.StatusUnprocessableEntity, "Root key not usable",
			"Root key " + ce.Key.Name + " is " + ce.Key.State.String() + ". Choose an active root key. Nothing was created."
	}
	text := "Failed while " + ce.Step + ": " + failureText(ce.Err)
	switch {
	case ce.AuthorizationKept:
		text += " The service authorization created for this attempt (App Configuration to " + target.Name + ", Reader) is still in place: " +
			"Create will use it next time, or remove it under Access (IAM) > Authorizations."
	case ce.AuthorizationCreated:
		text += " The service authorization created for this attempt was removed again, so nothing was changed."
	default:
		text += " Nothing was created."
	}
	return statusOf(ce.Err), "Could not connect", text
}
