package handlers

import (
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
	name := strings.TrimSpace(form.Get("key_name"))
	if msg := kms.RootKeyNameError(name); msg != "" {
		return s.refuseKMS(c, ac, ch, http.StatusUnprocessableEntity, "Check the root key name", msg+" Nothing was created.")
	}
	if ch.Instance == "" {
		return s.refuseKMS(c, ac, ch, http.StatusUnprocessableEntity, "Choose an instance", "Select the instance to create the root key in. Nothing was created.")
	}
	target, err := s.services.Resources.GetInstance(ctx, user.Token, ch.Instance)
	if err != nil || target.Service != ch.Service {
		noteFailure(c, err)
		return s.refuseKMS(c, ac, ch, http.StatusNotFound, "Instance not found", "The chosen "+resources.ServiceDisplayName(ch.Service)+
			" instance no longer exists, or you cannot see it. Nothing was created.")
	}
	key, err := s.services.KeyManagement.CreateRootKey(ctx, user.Identity.IAMID, user.Token, target, name)
	if err != nil {
		f := failureOf(c, err)
		return s.refuseKMS(c, ac, ch, f.Status, "The root key could not be created", f.Message)
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Root key created", Message: "Root key " + key.Name + " was created in " + target.Name + "."})
	ch.Key = key.ID
	return s.redirect(c, ch.url(instanceAddress(ac)))
}
