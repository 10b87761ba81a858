package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views/layout"
)

// createKMSRootKey creates a root key (name only) in the instance chosen in the panel and returns to the panel with it chosen.
func (s *Server) createKMSRootKey(c echo.Context) error {
	user, ctx, ac, err := s.appConfigRequest(c)
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode, ch.Key = kmsModeExisting, ""
	key, target, err := s.services.KMSPanels.CreateRootKey(ctx, kms.RootKeyRequest{UserID: user.Identity.IAMID, Token: user.Token,
		Service: ch.Service, InstanceGUID: ch.Instance, Name: strings.TrimSpace(form.Get("key_name"))})
	if err != nil {
		f := rootKeyFailure(c, err, ch.Service)
		return s.refuseKMS(c, ac, ch, f.Status, f.Title, f.Message)
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Root key created", Message: "Root key " + key.Name + " was created in " + target.Name + "."})
	ch.Key = key.ID
	return s.redirect(c, ch.url(instanceAddress(ac)))
}

// rootKeyFailure explains a root key that was not created in an instance of service: what to correct, or what failed.
func rootKeyFailure(c echo.Context, err error, service string) failure {
	var re *kms.RootKeyError
	errors.As(err, &re)
	switch {
	case re == nil || re.Problem == kms.RootKeyFailed:
		f := failureOf(c, err)
		return failure{f.Status, "The root key could not be created", f.Message}
	case re.Problem == kms.RootKeyNameInvalid:
		return failure{http.StatusUnprocessableEntity, "Check the root key name", re.Message + " Nothing was created."}
	case re.Problem == kms.RootKeyNoInstance:
		return failure{http.StatusUnprocessableEntity, "Choose an instance", "Select the instance to create the root key in. Nothing was created."}
	}
	noteFailure(c, err)
	return failure{http.StatusNotFound, "Instance not found", "The chosen " + resources.ServiceDisplayName(service) +
		" instance no longer exists, or you cannot see it. Nothing was created."}
}
