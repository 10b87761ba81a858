package handlers

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// showAuthorizationWizard renders the Create authorization wizard for the choices in the URL.
func (s *Server) showAuthorizationWizard(c echo.Context) error {
	s.streamShell(c)
	user := currentUser(c)
	ctx := c.Request().Context()
	st, d := s.offeredWizard(ctx, c, user)
	w := s.wizardView(c, st, d, st.Validate(user.Identity.AccountID, d.AuthorizationOffer), false)
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, views.AuthorizationWizardContent(w))
	}
	return render(c, http.StatusOK, views.AuthorizationWizardView(w))
}

// wizardView builds the wizard's view model; errors of missing values are shown only when showMissing is set.
func (s *Server) wizardView(c echo.Context, st wizardState, d iam.WizardOffer, errs iam.FieldErrors, showMissing bool) views.AuthorizationWizard {
	accountID := currentUser(c).Identity.AccountID
	n := d.Names(accountID)
	msg := func(name string) string {
		if e, ok := errs[name]; ok && (showMissing || !e.Missing) {
			return e.Message
		}
		return ""
	}
	field := func(value, name string) views.WizardField { return views.WizardField{Value: value, Error: msg(name)} }
	w := views.AuthorizationWizard{
		IAM:        s.iamProps(c, "Create authorization", "Create authorization"),
		FormAction: authorizationCreateURL(), AuthorizeAction: withQuery(authorizationCreateURL(), st.query()),
		CancelURL: authorizationsURL(), CSRFToken: csrfToken(c), Return: st.Return,
		SourceAccount: st.SourceAccount, OtherAccount: st.SourceAccount == "other",
		SourceAccountID: field(st.SourceAccountID, "source_account_id"), SourceService: field(st.SourceService, "source_service"),
		SourceScope: st.SourceScope, SourceScopeError: msg("source_scope"),
		SourceGroup: field(st.SourceGroup, "source_group"), SourceInstance: field(st.SourceInstance, "source_instance"),
		TargetService: field(st.TargetService, "target_service"), TargetScope: st.TargetScope,
		TargetInstance: field(st.TargetInstance, "target_instance"), TargetGroup: field(st.TargetGroup, "target_group"),
		RolesError: msg("role"), Delegate: st.Delegate, DelegateError: msg("delegate"),
		SourceServiceName: n.ChosenService(st.SourceService), TargetServiceName: n.ChosenService(st.TargetService),
		RolesHelp: d.RolesHelp(st.AuthorizationRequest, n),
	}
	w.IAM.Description = "Grant a service access to another service. The source service gets the roles you select on the target service."
	if st.Return != "" {
		w.CancelURL = st.Return
	}
	w.SourceServices = serviceOptions(d.Services, st.SourceService)
	w.TargetServices = serviceOptions(iam.OrderServices(d.Services, resources.ServiceKeyProtect, resources.ServiceHPCS), st.TargetService)
	for _, g := range d.Groups {
		w.SourceGroups = append(w.SourceGroups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == st.SourceGroup})
		w.TargetGroups = append(w.TargetGroups, components.SelectOption{Value: g.ID, Label: g.Name, Selected: g.ID == st.TargetGroup})
	}
	w.SourceInstances = instanceOptions(d.SourceInstances, n, st.SourceInstance)
	w.TargetInstances = instanceOptions(d.TargetInstances, n, st.TargetInstance)
	for _, r := range d.RoleChoices(st.AuthorizationRequest) {
		w.Roles = append(w.Roles, views.WizardRole{Name: r.DisplayName, CRN: r.CRN, Description: r.Description, Checked: r.Chosen})
	}
	_, w.DelegationOffered = iam.DelegatorRole(d.Roles)
	if d.Err != nil {
		w.Notice = &components.InlineNotificationProps{ID: "wizard-load-error", Kind: components.NotificationError,
			Title: "Some choices could not be loaded", Subtitle: failureOf(c, d.Err).Message}
	}
	if rv := d.Review(accountID, st.AuthorizationRequest, errs); rv != nil {
		w.Review = &views.AuthorizationReview{Sentences: rv.Sentences, CLI: rv.CLI, Terraform: rv.Terraform}
		if rv.Existing != nil {
			w.Existing = &views.ExistingAuthorization{URL: withQuery(authorizationsURL(), url.Values{"q": {rv.Existing.ID}}),
				Summary: rv.ExistingSummary + " Change the roles of that authorization, or remove it first, rather than creating a second one."}
		}
	}
	return w
}

// serviceOptions lists catalog services as options, in the order given.
func serviceOptions(services []iam.CatalogService, selected string) []components.SelectOption {
	out := make([]components.SelectOption, 0, len(services))
	for _, svc := range services {
		out = append(out, components.SelectOption{Value: svc.Name, Label: svc.DisplayName, Selected: svc.Name == selected})
	}
	return out
}

// instanceOptions lists instances as options, named with their region and resource group.
func instanceOptions(list []resources.Instance, n iam.Names, selected string) []components.SelectOption {
	var out []components.SelectOption
	for _, i := range list {
		out = append(out, components.SelectOption{Value: i.GUID, Label: n.InstanceLabel(i), Selected: i.GUID == selected})
	}
	return out
}
