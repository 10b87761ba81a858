package handlers

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/iam"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// Instance modes of the Key Management panel.
const (
	kmsModeExisting = "existing"
	kmsModeNew      = "new"
)

// kmsChoice is the state of the Key Management panel, carried by its URL and its form.
type kmsChoice struct {
	Service   string
	Mode      string
	Instance  string
	Key       string
	Authorize bool
}

// kmsChoiceFrom reads the panel's state, replacing anything malformed by its default.
func kmsChoiceFrom(values url.Values) kmsChoice {
	ch := kmsChoice{Service: values.Get("service"), Mode: values.Get("mode"), Instance: values.Get("instance"),
		Key: values.Get("key"), Authorize: values.Get("authorize") != ""}
	if ch.Service != resources.ServiceHPCS {
		ch.Service = resources.ServiceKeyProtect
	}
	if ch.Mode != kmsModeNew {
		ch.Mode = kmsModeExisting
	}
	if !crn.IsGUID(ch.Instance) {
		ch.Instance = ""
	}
	if !crn.IsGUID(ch.Key) || ch.Instance == "" {
		ch.Key = ""
	}
	return ch
}

// query is the canonical query string of the state.
func (ch kmsChoice) query() url.Values {
	q := url.Values{"service": {ch.Service}, "mode": {ch.Mode}}
	if ch.Instance != "" {
		q.Set("instance", ch.Instance)
	}
	if ch.Key != "" {
		q.Set("key", ch.Key)
	}
	if ch.Authorize {
		q.Set("authorize", "1")
	}
	return q
}

// url is the panel's address for the state.
func (ch kmsChoice) url(guid string) string { return withQuery(kmsPanelURL(guid), ch.query()) }

// showKMSPanel renders the Key Management panel in the state its URL names: alone for htmx, over the Integrations page otherwise.
func (s *Server) showKMSPanel(c echo.Context) error {
	guid := c.Param("guid")
	q := c.QueryParams()
	if q.Has("apply") || q.Has("csrf") {
		// The no-script "Apply" button submits the whole form by GET: keep only the choices in the address.
		return c.Redirect(http.StatusSeeOther, kmsChoiceFrom(q).url(guid))
	}
	if !crn.IsGUID(guid) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	choice := kmsChoiceFrom(q)
	// The instance list does not depend on the App Configuration instance: read it (into the per-user cache) while that
	// instance is read, so that a panel opened with nothing remembered costs two rounds of upstream calls, not three.
	user := currentUser(c)
	prefetched := make(chan struct{})
	go func() {
		defer close(prefetched)
		_, _ = s.services.Instances.Instances(ctx, user.Identity.IAMID, user.Token, choice.Service)
	}()
	ac, err := s.appConfigInstance(ctx, c, guid)
	<-prefetched
	if err != nil {
		return err
	}
	panel := s.kmsPanel(ctx, c, ac, choice, kmsInstanceInput{})
	return s.respondOverIntegrations(c, http.StatusOK, ac, views.KMSPanelView(panel))
}

// kmsPanel fills the panel for a state from what the Key Management service reads and decides for it; failures
// become notices in the panel.
func (s *Server) kmsPanel(ctx context.Context, c echo.Context, ac resources.Instance, ch kmsChoice, newInstance kmsInstanceInput) views.KMSPanel {
	user := currentUser(c)
	p := views.KMSPanel{
		URL: kmsPanelURL(ac.GUID), CloseURL: integrationsURL(ac.GUID), CSRFToken: csrfToken(c),
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
		AppConfig: ac, Service: ch.Service, Instance: ch.Instance, Key: ch.Key, NewInstance: ch.Mode == kmsModeNew,
		Integrations: func(ctx context.Context) ([]appconfig.Integration, error) { return s.integrationsOf(ctx, c, ac) }})
	switch read.Refusal {
	case kms.RefusalServiceClosed:
		// An address that chooses HPCS (a bookmark, an old link) shows why it cannot be used, and the way to Key Protect.
		p.ServiceUnavailable = true
		p.Refusal = &components.InlineNotificationProps{ID: "kms-hpcs-closed", Kind: components.NotificationInfo,
			Title: "Hyper Protect Crypto Services is not available", Subtitle: sentence(kms.ErrHPCSClosed.Error()),
			ActionLabel: "Use Key Protect", ActionURL: kmsChoice{Service: resources.ServiceKeyProtect, Mode: ch.Mode}.url(ac.GUID)}
		return p
	case kms.RefusalPlan:
		is := ac.Name + " is on the " + ac.PlanDisplayName + " plan."
		if ac.PlanUnknown() {
			is = "The plan of " + ac.Name + " could not be read from the Global Catalog, so it cannot be checked."
		}
		p.Refusal = &components.InlineNotificationProps{ID: "kms-plan", Kind: components.NotificationInfo,
			Title: "Enterprise plan required", Subtitle: "BYOK (Key Protect) and KYOK (Hyper Protect Crypto Services) are supported only " +
				"on the App Configuration Enterprise plan. " + is}
		return p
	case kms.RefusalConnected:
		p.Refusal = &components.InlineNotificationProps{ID: "kms-connected", Kind: components.NotificationInfo,
			Title: "Already connected", Subtitle: ac.Name + " already uses a root key (" + read.Connected.RootKeyID + "). " +
				"Customer-managed encryption stays on for the life of the instance, with the key it was set up with.",
			ActionLabel: "Back to Integrations", ActionURL: integrationsURL(ac.GUID)}
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
		p.Instances = append(p.Instances, components.SelectOption{Value: in.GUID, Label: in.Name + " (" + in.Region + ")",
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

// fillKeys lists the root keys of the chosen instance: usable ones selectable, the others disabled with the reason.
func fillKeys(c echo.Context, p *views.KMSPanel, ac, target resources.Instance, read kms.Panel) {
	p.Key = read.Key
	if read.KeysErr != nil {
		p.Notice = errorNotice(c, "kms-error", "The root keys of "+target.Name+" could not be listed", read.KeysErr)
		p.KeysNote = "The list could not be read. Try again in a moment."
		return
	}
	for _, k := range read.Keys {
		p.Keys = append(p.Keys, components.SelectOption{Value: k.ID, Label: k.Name, Selected: k.ID == read.Key,
			Disabled: k.Unusable != "", Reason: k.Unusable})
	}
	if read.UsableKeys == 0 {
		p.KeysNote = target.Name + " has no active root key."
		p.NewKey = &views.KMSNewKey{URL: kmsRootKeyCreateURL(ac.GUID)}
	}
}

// kmsAuthorizationBox describes the authorization App Configuration needs on the target, and whether it exists.
func kmsAuthorizationBox(c echo.Context, ac, target resources.Instance, ch kmsChoice, grant *iam.Authorization, err error) *views.KMSAuthorization {
	box := &views.KMSAuthorization{
		Exists: grant != nil, SourceInstance: ac.Name, Target: target.Name, TargetService: resources.ServiceDisplayName(target.Service),
		Role: "Reader", WizardURL: authorizationWizardURL(ac, target, ch),
	}
	if err != nil {
		box.Note = "The console could not check whether this authorization exists (" + failureOf(c, err).Message + ") Create checks again; " +
			"tick the box below to create it if it is missing."
	}
	return box
}

// authorizationWizardURL opens the Authorizations wizard pre-filled with the authorization the integration needs,
// returning to the panel in its current state.
func authorizationWizardURL(ac, target resources.Instance, ch kmsChoice) string {
	back := ch
	back.Authorize = false
	return withQuery(authorizationCreateURL(), url.Values{
		"source_service": {resources.ServiceAppConfig}, "source_scope": {"instance"}, "source_instance": {ac.GUID},
		"target_service": {target.Service}, "target_scope": {"instance"}, "target_instance": {target.GUID},
		"role": {"Reader"}, "return": {back.url(ac.GUID)},
	})
}
