package handlers

import (
	"cmp"
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// showKMSPanel renders the Key Management panel in the state its URL names: alone for htmx, over the Integrations page otherwise.
func (s *Server) showKMSPanel(c echo.Context) error {
	id := instanceID(c)
	q := c.QueryParams()
	if q.Has("apply") || q.Has("csrf") {
		// The no-script "Apply" button submits the whole form by GET: keep only the choices in the address.
		return c.Redirect(http.StatusSeeOther, kmsChoiceFrom(q).url(id))
	}
	ctx := c.Request().Context()
	choice := kmsChoiceFrom(q)
	// What the panel reads of the key management service does not depend on the App Configuration instance: begin it
	// while that instance is read, so that a panel whose instances this process has met costs one round of upstream
	// calls, and one with nothing remembered two.
	user := currentUser(c)
	begun := s.services.KMSPanels.Begin(ctx, kms.PanelRequest{UserID: user.Identity.IAMID, Token: user.Token,
		AccountID: user.Identity.AccountID, Service: choice.Service, Instance: choice.Instance, InstanceCRN: choice.InstanceCRN, NewInstance: choice.Mode == kmsModeNew})
	ac, err := s.appConfigInstanceWithIntegrations(ctx, c, id)
	if err != nil {
		return err
	}
	panel := s.kmsPanel(ctx, c, ac, choice, kmsInstanceInput{}, begun)
	return s.respondOverIntegrations(c, http.StatusOK, ac, views.KMSPanelView(panel))
}

// kmsPanel fills the panel for a state from what the Key Management service reads and decides for it, joining the
// reads begun started (nil: none); failures become notices in the panel.
func (s *Server) kmsPanel(ctx context.Context, c echo.Context, ac resources.Instance, ch kmsChoice, newInstance kmsInstanceInput,
	begun *kms.PanelReads) views.KMSPanel {
	user := currentUser(c)
	p := views.KMSPanel{
		URL: kmsPanelURL(instanceAddress(ac)), CloseURL: integrationsURL(instanceAddress(ac)), CSRFToken: csrfToken(c),
		Service: ch.Service, Mode: ch.Mode, Instance: ch.Instance, Key: ch.Key, Authorize: ch.Authorize,
		Services: []components.SelectOption{
			{Value: resources.ServiceKeyProtect, Label: "Key Protect", Selected: ch.Service == resources.ServiceKeyProtect},
			{Value: resources.ServiceHPCS, Label: "Hyper Protect Crypto Services", Selected: ch.Service == resources.ServiceHPCS,
				Disabled: true, Reason: kms.HPCSClosedReason},
		},
		ServiceNote: &views.KMSServiceNote{Text: "Hyper Protect Crypto Services is " + kms.HPCSClosedReason + "; existing integrations keep working.",
			LinkLabel: "Release note", URL: kms.HPCSReleaseNoteURL},
	}
	read := s.services.KMSPanels.Read(ctx, kms.PanelRequest{UserID: user.Identity.IAMID, Token: user.Token, AccountID: user.Identity.AccountID,
		AppConfig: ac, Service: ch.Service, Instance: ch.Instance, InstanceCRN: ch.InstanceCRN, Key: ch.Key, NewInstance: ch.Mode == kmsModeNew,
		Integrations: func(ctx context.Context) ([]appconfig.Integration, error) { return s.integrationsOf(ctx, c, ac) },
		Begun:        begun})
	if ch.Mode != kmsModeNew {
		req := kms.ConnectRequest{AccountID: user.Identity.AccountID, AppConfig: ac, KeyID: read.Key, Authorize: ch.Authorize}
		if read.Target != nil {
			req.KMS = *read.Target
		}
		p.Equivalents = equivalentsView("kms", kms.Equivalents(req, read))
	}
	p.Refusal = kmsRefusal(ac, ch, read)
	if p.ServiceUnavailable = read.Refusal == kms.RefusalServiceClosed; p.ServiceUnavailable || read.Refusal == kms.RefusalPlan {
		return p
	}
	if ch.Mode == kmsModeNew {
		form := s.kmsInstanceForm(ctx, c, ch.Service, newInstance)
		p.NewInstance = &form
		return p
	}
	service := resources.ServiceDisplayName(ch.Service)
	for _, f := range []struct {
		err   error
		title string
	}{{read.IntegrationsErr, "The integrations of this instance could not be read"}, {read.InstancesErr, "Your " + service + " instances could not be listed"}} {
		if f.err != nil {
			p.Notice = errorNotice(c, "kms-error", f.title, f.err)
		}
	}
	if read.InstancesErr != nil {
		p.InstancesNote = "The list could not be read. Try again in a moment."
		p.Instance, p.Key = "", ""
		return p
	}
	for _, in := range read.Instances {
		p.Instances = append(p.Instances, components.SelectOption{Value: cmp.Or(in.CRN, in.GUID), Label: in.Name + " (" + in.Region + ")",
			Selected: in.GUID == ch.Instance, Disabled: in.Unusable != "", Reason: in.Unusable})
	}
	if len(read.Instances) == 0 {
		p.InstancesNote = "You have no " + service + " instances. Choose Create a new instance to make one."
	}
	if read.TargetMissing {
		p.Notice = &components.InlineNotificationProps{ID: "kms-error", Kind: components.NotificationWarning, Title: "Instance not found",
			Subtitle: "The chosen " + service + " instance no longer exists, or you cannot see it. Choose another instance."}
		p.Instance, p.Key = "", ""
		return p
	}
	if read.Target == nil {
		return p
	}
	fillKeys(c, &p, ac, *read.Target, read)
	p.Authorization = kmsAuthorizationBox(c, ac, *read.Target, ch, read.Authorization, read.AuthorizationErr)
	return p
}
