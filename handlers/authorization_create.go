package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// wizardState is every choice of the Create authorization wizard, as its URL carries them.
type wizardState struct {
	iam.AuthorizationRequest
	Return string
}

// parseWizardState reads the wizard's choices from query, filling what a link may leave out.
func parseWizardState(q url.Values) wizardState {
	get := func(name string) string { return strings.TrimSpace(q.Get(name)) }
	st := wizardState{AuthorizationRequest: iam.AuthorizationRequest{
		SourceAccount:   get("source_account"),
		SourceAccountID: strings.ToLower(get("source_account_id")),
		SourceService:   get("source_service"),
		SourceScope:     get("source_scope"),
		SourceGroup:     get("source_group"),
		SourceInstance:  get("source_instance"),
		TargetService:   get("target_service"),
		TargetScope:     get("target_scope"),
		TargetInstance:  get("target_instance"),
		TargetGroup:     get("target_group"),
		RolesChosen:     q.Has("role"),
		Delegate:        get("delegate") == "1",
	}}
	for _, r := range q["role"] {
		if r = strings.TrimSpace(r); r != "" && !slices.Contains(st.Roles, r) {
			st.Roles = append(st.Roles, r)
		}
	}
	if ret := get("return"); ret != "" && safeReturn(ret) == ret {
		st.Return = ret
	}
	if st.SourceService == "" && strings.HasPrefix(st.Return, "/instances/") {
		// Coming from an App Configuration instance's Integrations page.
		st.SourceService = resources.ServiceAppConfig
	}
	st.Normalize()
	return st
}

// query returns the wizard's URL query for the state, with only the names that matter for it.
func (st wizardState) query() url.Values {
	q := url.Values{}
	set := func(name, value string) {
		if value != "" {
			q.Set(name, value)
		}
	}
	set("source_account", st.SourceAccount)
	if st.SourceAccount == "other" {
		set("source_account_id", st.SourceAccountID)
	}
	set("source_service", st.SourceService)
	set("source_scope", st.SourceScope)
	set("source_group", st.SourceGroup)
	set("source_instance", st.SourceInstance)
	set("target_service", st.TargetService)
	set("target_scope", st.TargetScope)
	set("target_instance", st.TargetInstance)
	set("target_group", st.TargetGroup)
	if st.RolesChosen && len(st.Roles) == 0 {
		q["role"] = []string{""}
	}
	for _, r := range st.Roles {
		q.Add("role", r)
	}
	if st.Delegate {
		q.Set("delegate", "1")
	}
	set("return", st.Return)
	return q
}

// loadWizardData loads what the wizard offers for st.
func (s *Server) loadWizardData(ctx context.Context, user User, st wizardState) iam.WizardOffer {
	return s.services.AuthorizationWizard.Offer(ctx, user.Token, user.Identity.AccountID, st.AuthorizationRequest)
}

// validate checks every choice of st against what d offers, for user's account, and returns what is wrong, by query name.
func (st wizardState) validate(d iam.WizardOffer, user User) iam.FieldErrors {
	return st.Validate(user.Identity.AccountID, d.AuthorizationOffer)
}

// showAuthorizationWizard renders the Create authorization wizard for the choices in the URL.
func (s *Server) showAuthorizationWizard(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	st := parseWizardState(c.QueryParams())
	d := s.loadWizardData(ctx, user, st)
	st.Preselect(d.Roles)
	w := s.wizardView(c, st, d, st.validate(d, user), false)
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, views.AuthorizationWizardContent(w))
	}
	return render(c, http.StatusOK, views.AuthorizationWizardView(w))
}

// createAuthorization creates the authorization the wizard's URL describes, unless a field is wrong or it already exists.
func (s *Server) createAuthorization(c echo.Context) error {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	st := parseWizardState(c.QueryParams())
	d := s.loadWizardData(ctx, user, st)
	st.Preselect(d.Roles)
	errs := st.validate(d, user)
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
	names := wizardNames(d, user)
	created, err := s.services.Authorizations.CreateAuthorization(ctx, user.Token, a)
	if err != nil {
		var upstream *ibmcloud.Error
		if !errors.As(err, &upstream) {
			return err
		}
		noteFailure(c, err)
		w.Notice = &components.InlineNotificationProps{ID: "wizard-refused", Kind: components.NotificationError,
			Title: "Authorization not created", Subtitle: creationRefusal(upstream, names.service(a.Target.Service))}
		return render(c, upstreamStatus(upstream), views.AuthorizationWizardView(w))
	}
	if len(created.Roles) == 0 {
		created.Roles = a.Roles
	}
	s.addFlash(c, layout.Flash{Kind: "success", Title: "Authorization created", Message: names.summary(created)})
	if st.Return != "" {
		return s.redirect(c, st.Return)
	}
	return s.redirect(c, routeAuthorizations)
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

// wizardNames returns the naming helper for what the wizard has loaded.
func wizardNames(d iam.WizardOffer, user User) authorizationNames {
	n := authorizationNames{services: d.Services, groups: map[string]string{}, instances: map[string]string{}, accountID: user.Identity.AccountID}
	for _, g := range d.Groups {
		n.groups[g.ID] = g.Name
	}
	for _, list := range [][]resources.Instance{d.SourceInstances, d.TargetInstances} {
		for _, i := range list {
			n.instances[i.GUID] = i.Name
		}
	}
	return n
}

// wizardView builds the wizard's view model; errors of missing values are shown only when showMissing is set.
func (s *Server) wizardView(c echo.Context, st wizardState, d iam.WizardOffer, errs iam.FieldErrors, showMissing bool) views.AuthorizationWizard {
	user := currentUser(c)
	n := wizardNames(d, user)
	msg := func(name string) string {
		if e, ok := errs[name]; ok && (showMissing || !e.Missing) {
			return e.Message
		}
		return ""
	}
	q := st.query()
	w := views.AuthorizationWizard{
		IAM:               s.iamProps(c, "Create authorization", "Create authorization"),
		FormAction:        routeAuthorizationCreate,
		AuthorizeAction:   withQuery(routeAuthorizationCreate, q),
		CancelURL:         routeAuthorizations,
		CSRFToken:         csrfToken(c),
		Return:            st.Return,
		SourceAccount:     st.SourceAccount,
		OtherAccount:      st.SourceAccount == "other",
		SourceAccountID:   views.WizardField{Value: st.SourceAccountID, Error: msg("source_account_id")},
		SourceService:     views.WizardField{Value: st.SourceService, Error: msg("source_service")},
		SourceScope:       st.SourceScope,
		SourceScopeError:  msg("source_scope"),
		SourceGroup:       views.WizardField{Value: st.SourceGroup, Error: msg("source_group")},
		SourceInstance:    views.WizardField{Value: st.SourceInstance, Error: msg("source_instance")},
		TargetService:     views.WizardField{Value: st.TargetService, Error: msg("target_service")},
		TargetScope:       st.TargetScope,
		TargetInstance:    views.WizardField{Value: st.TargetInstance, Error: msg("target_instance")},
		TargetGroup:       views.WizardField{Value: st.TargetGroup, Error: msg("target_group")},
		RolesError:        msg("role"),
		Delegate:          st.Delegate,
		DelegateError:     msg("delegate"),
		SourceServiceName: chosenServiceName(n, st.SourceService),
		TargetServiceName: chosenServiceName(n, st.TargetService),
	}
	w.IAM.Description = "Grant a service access to another service. The source service gets the roles you select on the target service."
	if st.Return != "" {
		w.CancelURL = st.Return
	}
	w.SourceServices = catalogOptions(d.Services, st.SourceService, nil)
	w.TargetServices = catalogOptions(d.Services, st.TargetService, []string{resources.ServiceKeyProtect, resources.ServiceHPCS})
	for _, g := range d.Groups {
		w.SourceGroups = append(w.SourceGroups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == st.SourceGroup})
		w.TargetGroups = append(w.TargetGroups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == st.TargetGroup})
	}
	for _, i := range d.SourceInstances {
		w.SourceInstances = append(w.SourceInstances, components.SelectOption{Value: i.GUID, Label: instanceOptionLabel(i, n), Selected: i.GUID == st.SourceInstance})
	}
	for _, i := range d.TargetInstances {
		w.TargetInstances = append(w.TargetInstances, components.SelectOption{Value: i.GUID, Label: instanceOptionLabel(i, n), Selected: i.GUID == st.TargetInstance})
	}
	matched, _ := iam.MatchRoles(d.Roles, st.Roles)
	for _, r := range iam.GrantableRoles(d.Roles) {
		w.Roles = append(w.Roles, views.WizardRole{Name: r.DisplayName, CRN: r.CRN, Description: r.Description,
			Checked: slices.ContainsFunc(matched, func(m iam.Role) bool { return m.CRN == r.CRN })})
	}
	_, w.DelegationOffered = iam.DelegatorRole(d.Roles)
	switch {
	case st.SourceService == "" || st.TargetService == "":
		w.RolesHelp = "Select the source and the target service to see the roles the target offers."
	case d.Err != nil:
		w.RolesHelp = "The roles could not be loaded."
	case len(w.Roles) == 0:
		w.RolesHelp = n.service(st.TargetService) + " offers no role to " + n.service(st.SourceService) + " in an authorization."
	}
	if d.Err != nil {
		w.Notice = &components.InlineNotificationProps{ID: "wizard-load-error", Kind: components.NotificationError,
			Title: "Some choices could not be loaded", Subtitle: failureOf(c, d.Err).Message}
	}
	if len(errs) == 0 && d.Err == nil {
		a := st.Authorization(user.Identity.AccountID, d.Roles)
		w.Review = &views.AuthorizationReview{Sentences: reviewSentences(a, st, n), CLI: iam.CLICommand(a), Terraform: iam.TerraformBlock(a)}
		for _, e := range d.Existing {
			if e.Same(a) {
				w.Existing = &views.ExistingAuthorization{URL: withQuery(routeAuthorizations, url.Values{"q": {e.ID}}),
					Summary: n.summary(withRoleNames(e, d.Roles)) + " Change the roles of that authorization, or remove it first, rather than creating a second one."}
				break
			}
		}
	}
	return w
}

// reviewSentences say in words what a grants.
func reviewSentences(a iam.Authorization, st wizardState, n authorizationNames) []string {
	out := []string{n.summary(a)}
	if st.SourceScope == "all" {
		where := "this account"
		if st.SourceAccount == "other" {
			where = "account " + st.SourceAccountID
		}
		out = append(out, "Every instance of "+n.service(a.Source.Service)+" in "+where+" gets this access, including instances created later.")
	}
	if st.TargetScope == "all" {
		out = append(out, "The access covers every instance of "+n.service(a.Target.Service)+" in this account, including instances created later.")
	}
	if st.Delegate {
		out = append(out, n.service(a.Source.Service)+" can delegate this access to the services it depends on.")
	}
	return out
}

// withRoleNames fills missing role display names of a from the offered roles.
func withRoleNames(a iam.Authorization, offered []iam.Role) iam.Authorization {
	roles := slices.Clone(a.Roles)
	for i, r := range roles {
		if r.DisplayName == "" {
			if j := slices.IndexFunc(offered, func(o iam.Role) bool { return o.CRN == r.CRN }); j >= 0 {
				roles[i].DisplayName = offered[j].DisplayName
			}
		}
	}
	a.Roles = roles
	return a
}

// catalogOptions lists catalog services as options, the first names on top and the rest by display name.
func catalogOptions(services []iam.CatalogService, selected string, first []string) []components.SelectOption {
	var top, rest []components.SelectOption
	for _, svc := range services {
		o := components.SelectOption{Value: svc.Name, Label: svc.DisplayName, Selected: svc.Name == selected}
		if slices.Contains(first, svc.Name) {
			top = append(top, o)
		} else {
			rest = append(rest, o)
		}
	}
	slices.SortFunc(top, func(a, b components.SelectOption) int {
		return slices.IndexFunc(first, func(n string) bool { return n == a.Value }) - slices.IndexFunc(first, func(n string) bool { return n == b.Value })
	})
	return append(top, rest...)
}

// chosenServiceName is the display name of a chosen service, or "" when none is chosen.
func chosenServiceName(n authorizationNames, service string) string {
	if service == "" {
		return ""
	}
	return n.service(service)
}

// instanceOptionLabel names an instance in a dropdown with its region and resource group.
func instanceOptionLabel(i resources.Instance, n authorizationNames) string {
	label := i.Name
	var details []string
	if i.Region != "" {
		details = append(details, i.Region)
	}
	if i.ResourceGroupID != "" {
		details = append(details, n.group(i.ResourceGroupID))
	}
	if len(details) > 0 {
		label += " (" + strings.Join(details, ", ") + ")"
	}
	return label
}
