package handlers

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// showRegistrationDelete renders the confirmation that unregisters a resource (?crn=) from a key.
func (s *Server) showRegistrationDelete(c echo.Context) error {
	resourceCRN, err := registrationCRN(c.QueryParam("crn"))
	if err != nil {
		return err
	}
	ka, err := s.keyAssociations(c)
	if err != nil {
		return err
	}
	a, ok := ka.Find(resourceCRN)
	if !ok {
		s.addFlash(c, layout.Flash{Kind: "info", Title: "Not registered",
			Message: "Root key " + ka.Key.Name + " has no registration of that resource; nothing to remove."})
		return s.redirect(c, safeReturnOr(c.QueryParam("return"), kmsKeyURL(ka.KMS.GUID, ka.Key.ID)))
	}
	if a.Registration.PreventKeyDeletion {
		return echo.NewHTTPError(http.StatusConflict, "This registration prevents key deletion: the resource is under a retention policy, so it cannot be unregistered from the console.")
	}
	return render(c, http.StatusOK, views.RegistrationDelete(s.registrationDeletePage(c, ka, a, c.QueryParam("return"))))
}

// deleteRegistration unregisters a resource from a key. A registration of a resource that still exists needs the
// acknowledgement field (acknowledge=in-use); one that prevents key deletion is refused.
func (s *Server) deleteRegistration(c echo.Context) error {
	resourceCRN, err := registrationCRN(c.FormValue("crn"))
	if err != nil {
		return err
	}
	guid, keyID := c.Param("guid"), c.Param("keyID")
	if !crn.IsGUID(guid) || !crn.IsGUID(keyID) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ret := c.FormValue("return")
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	a, err := s.services.Lifecycle.Unregister(ctx, user.Token, user.Identity.AccountID, guid, keyID, resourceCRN,
		c.FormValue("acknowledge") == "in-use")
	var upstream *ibmcloud.Error
	switch {
	case err == nil:
	case errors.Is(err, lifecycle.ErrNotKeyManagement):
		return echo.NewHTTPError(http.StatusNotFound)
	case errors.Is(err, lifecycle.ErrPreventsKeyDeletion):
		return s.rerenderRegistrationDelete(c, ret, resourceCRN, http.StatusConflict, false,
			"This registration prevents key deletion: the resource is under a retention policy, so it cannot be unregistered from the console.", err)
	case errors.Is(err, lifecycle.ErrInUseNotAcknowledged):
		return s.rerenderRegistrationDelete(c, ret, resourceCRN, http.StatusUnprocessableEntity, true, "", err)
	case errors.As(err, &upstream) && upstream.Kind != ibmcloud.KindUnauthorized:
		return s.rerenderRegistrationDelete(c, ret, resourceCRN, upstreamStatus(upstream), false, UpstreamMessage(upstream), err)
	default:
		return err
	}
	name := a.Resource.Name
	if name == "" {
		name = "The resource"
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Unregistered", Message: name + " is no longer registered with the key."})
	return s.redirect(c, safeReturnOr(ret, kmsKeyURL(guid, keyID)))
}

// rerenderRegistrationDelete shows the confirmation again after a refused attempt; nothing was removed.
func (s *Server) rerenderRegistrationDelete(c echo.Context, ret, resourceCRN string, status int, ackInvalid bool, message string, cause error) error {
	ka, err := s.keyAssociations(c)
	if err != nil {
		return cause
	}
	a, ok := ka.Find(resourceCRN)
	if !ok {
		return cause
	}
	page := s.registrationDeletePage(c, ka, a, ret)
	page.AckInvalid, page.Error = ackInvalid, message
	return render(c, status, views.RegistrationDelete(page))
}

// registrationDeletePage builds the confirmation's view model.
func (s *Server) registrationDeletePage(c echo.Context, ka lifecycle.KeyAssociations, a lifecycle.Association, ret string) views.RegistrationDeletePage {
	keyURL := kmsKeyURL(ka.KMS.GUID, ka.Key.ID)
	page := views.RegistrationDeletePage{
		Key:          s.kmsKeyPage(c, ka),
		Action:       keyURL + "/registrations/delete",
		CancelURL:    safeReturnOr(ret, keyURL),
		Hidden:       []components.HiddenField{{Name: "crn", Value: a.Registration.ResourceCRN}},
		Registration: associationRow(ka, a, ret),
		InUse:        a.InUse(),
		Breaks:       whatBreaks(ka, a),
	}
	page.Key.Shell.Title = "Unregister from " + ka.Key.Name
	if ret != "" {
		page.Hidden = append(page.Hidden, components.HiddenField{Name: "return", Value: safeReturn(ret)})
	}
	return page
}

// whatBreaks says what stops working when the registration of a resource that may still exist is removed.
func whatBreaks(ka lifecycle.KeyAssociations, a lifecycle.Association) string {
	kmsName := resources.ServiceDisplayName(ka.KMS.Service)
	if a.Status == lifecycle.ResourceUnknown {
		return "The console cannot tell whether this resource still exists: it is not in this account, or could not be read. If it exists, " +
			kmsName + " will no longer show that root key " + ka.Key.Name + " protects it, so the key could be disabled or deleted without warning and the resource's data would become unreadable."
	}
	what := a.Resource.Name + " still exists"
	if a.Resource.Service == resources.ServiceAppConfig {
		what += " and encrypts its segment data with root key " + ka.Key.Name
	} else {
		what += " and may still use root key " + ka.Key.Name
	}
	return what + ". Without the registration, " + kmsName + " no longer shows that the key protects it, so the key could be disabled or deleted without warning, and " +
		a.Resource.Name + " would lose access to its data."
}

// registrationCRN validates the CRN of a registration named in a request.
func registrationCRN(value string) (string, error) {
	if _, err := crn.Parse(value); err != nil {
		return "", echo.NewHTTPError(http.StatusBadRequest, "The resource CRN in the link is missing or not valid.")
	}
	return value, nil
}

// registrationDeleteURL is the confirmation that unregisters resourceCRN from a key; ret is where to go afterwards.
func registrationDeleteURL(kmsGUID, keyID, resourceCRN, ret string) string {
	q := url.Values{"crn": {resourceCRN}}
	if ret != "" {
		q.Set("return", ret)
	}
	return withQuery(kmsKeyURL(kmsGUID, keyID)+"/registrations/delete", q)
}

// safeReturnOr returns ret when it is a safe local path, otherwise fallback.
func safeReturnOr(ret, fallback string) string {
	if ret == "" {
		return fallback
	}
	if safe := safeReturn(ret); safe != "/" || ret == "/" {
		return safe
	}
	return fallback
}
