package handlers

import (
	"net/http"
	"slices"
	"sync"

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
	form, _ := c.FormParams()
	ch := kmsChoiceFrom(form)
	ch.Mode = kmsModeExisting
	var (
		instances    []resources.Instance
		instancesErr error
		read         sync.WaitGroup
	)
	if ch.Instance != "" && ch.Key != "" && isInstanceID(instanceID(c)) {
		// The chosen instance comes from the list the panel showed, while remembered, alongside the App Configuration instance.
		read.Go(func() {
			instances, instancesErr = s.services.Instances.Instances(ctx, user.Identity.IAMID, user.Token, ch.Service)
		})
	}
	ac, err := s.appConfigInstance(ctx, c, instanceID(c))
	read.Wait()
	if err != nil {
		return err
	}
	if ch.Instance == "" || ch.Key == "" {
		return s.refuseKMS(c, ac, ch, http.StatusUnprocessableEntity, "Choose an instance and a root key",
			"Select the instance and the root key to connect, then click Create. Nothing was created.")
	}
	i := slices.IndexFunc(instances, func(in resources.Instance) bool { return in.GUID == ch.Instance })
	if instancesErr != nil || i < 0 {
		noteFailure(c, instancesErr)
		s.services.Instances.Forget(user.Identity.IAMID)
		s.services.KeyManagement.Forget(user.Identity.IAMID)
		return s.refuseKMS(c, ac, ch, http.StatusNotFound, "Instance not found", "The chosen "+resources.ServiceDisplayName(ch.Service)+
			" instance no longer exists, or you cannot see it. Choose another instance. Nothing was created.")
	}
	target := instances[i]
	conn, err := s.services.Connections.ConnectKMS(ctx, user.Identity.IAMID, user.Token, kms.ConnectRequest{
		AccountID: user.Identity.AccountID, AppConfig: ac, KMS: target, KeyID: ch.Key, Authorize: ch.Authorize,
	})
	if err != nil {
		f := connectFailure(c, err, target.Name)
		return s.refuseKMS(c, ac, ch, f.Status, f.Title, f.Message)
	}
	message := ac.Name + " now protects its segment data with a root key of " + target.Name + "."
	if conn.AuthorizationCreated {
		message += " App Configuration was authorized to read its keys (role Reader)."
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Key Management connected", Message: message})
	return s.redirect(c, integrationsURL(instanceAddress(ac)))
}
