package handlers

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// authorizationsPerPage is how many authorizations one page of the table shows.
const authorizationsPerPage = 20

// showAuthorizations renders Access (IAM) > Authorizations: the account's authorizations, filtered by service and search text, one page at a time.
func (s *Server) showAuthorizations(c echo.Context) error {
	page, err := s.authorizationsPage(c, nil)
	if err != nil {
		return err
	}
	if isFragmentRequest(c) {
		return render(c, http.StatusOK, views.AuthorizationsContent(page))
	}
	return render(c, http.StatusOK, views.AuthorizationsView(page))
}

// authorizationsPage builds the Authorizations page for the request's filter and page; removal, when set, is shown over it.
func (s *Server) authorizationsPage(c echo.Context, removal *views.AuthorizationRemoval) (views.AuthorizationsPage, error) {
	user := currentUser(c)
	ctx, cancel := s.upstreamContext(c)
	defer cancel()
	all, err := s.services.Authorizations.ListAuthorizations(ctx, user.Token, user.Identity.AccountID)
	if err != nil {
		return views.AuthorizationsPage{}, err
	}
	names, namesErr := s.loadAuthorizationNames(ctx, user, all)

	filter := iam.Filter{Service: strings.TrimSpace(c.QueryParam("service")), Text: strings.TrimSpace(c.QueryParam("q"))}
	var shown []iam.Authorization
	for _, a := range all {
		if filter.Matches(a, names.labels(a)...) {
			shown = append(shown, a)
		}
	}
	iam.SortNewestFirst(shown)
	number, _ := strconv.Atoi(c.QueryParam("page"))
	pg := iam.Paginate(len(shown), number, authorizationsPerPage)

	p := views.AuthorizationsPage{
		IAM:       s.iamProps(c, "Authorizations", ""),
		CreateURL: routeAuthorizationCreate,
		Search:    filter.Text,
		Service:   filter.Service,
		Total:     len(all),
		Removal:   removal,
	}
	p.IAM.Description = "Grant a service access to another service. An authorization lets the source service use the target service with the roles you assign."
	for _, svc := range names.filterServices(all) {
		p.Services = append(p.Services, components.SelectOption{Value: svc, Label: names.service(svc), Selected: svc == filter.Service})
	}
	for _, a := range shown[pg.FirstIndex : pg.FirstIndex+pg.Length] {
		p.Rows = append(p.Rows, names.row(a, user))
	}
	if len(shown) > authorizationsPerPage {
		p.Pagination = &components.Pagination{Start: pg.Start, End: pg.End, Total: pg.Total}
		query := url.Values{}
		if filter.Service != "" {
			query.Set("service", filter.Service)
		}
		if filter.Text != "" {
			query.Set("q", filter.Text)
		}
		if pg.HasPrev {
			query.Set("page", strconv.Itoa(pg.Number-1))
			p.Pagination.PrevURL = withQuery(routeAuthorizations, query)
		}
		if pg.HasNext {
			query.Set("page", strconv.Itoa(pg.Number+1))
			p.Pagination.NextURL = withQuery(routeAuthorizations, query)
		}
	}
	if namesErr != nil {
		p.Notice = &components.InlineNotificationProps{ID: "names-unavailable", Kind: components.NotificationWarning,
			Title: "Some names could not be loaded", Subtitle: failureOf(c, namesErr).Message + " IDs are shown instead."}
	}
	return p, nil
}

// iamProps returns the Access (IAM) frame's props with Authorizations selected.
func (s *Server) iamProps(c echo.Context, title string, crumb string) layout.IAMPageProps {
	p := layout.IAMPageProps{Shell: s.shell(c, title), Title: title, Current: "authorizations"}
	if crumb != "" {
		p.Breadcrumbs = []components.BreadcrumbItem{{Label: "Authorizations", Href: routeAuthorizations}}
		p.Shell.Title = crumb
	}
	return p
}

// authorizationNames are the names the account has for what authorizations refer to by ID.
type authorizationNames struct {
	services  []iam.CatalogService
	groups    map[string]string
	instances map[string]string
	accountID string
}

// loadAuthorizationNames looks up the catalog services, resource groups and instances that list refers to, in parallel.
// What cannot be loaded stays an ID; the first failure is returned with the names that were found.
func (s *Server) loadAuthorizationNames(ctx context.Context, user User, list []iam.Authorization) (authorizationNames, error) {
	names := authorizationNames{groups: map[string]string{}, instances: map[string]string{}, accountID: user.Identity.AccountID}
	var (
		wg                            sync.WaitGroup
		catalogErr, groupErr, instErr error
		groups                        []resources.ResourceGroup
		instances                     []resources.Instance
	)
	var services []string
	for _, a := range list {
		for _, p := range []iam.Party{a.Source, a.Target} {
			if p.InstanceGUID != "" && p.Service != "" && p.AccountID == user.Identity.AccountID && !slices.Contains(services, p.Service) {
				services = append(services, p.Service)
			}
		}
	}
	wg.Go(func() { names.services, catalogErr = s.services.Authorizations.ListServices(ctx, user.Token) })
	wg.Go(func() {
		groups, groupErr = s.services.Resources.ListResourceGroups(ctx, user.Token, user.Identity.AccountID)
	})
	if len(services) > 0 {
		wg.Go(func() { instances, instErr = s.services.Resources.ListInstances(ctx, user.Token, services...) })
	}
	wg.Wait()
	for _, g := range groups {
		names.groups[g.ID] = g.Name
	}
	for _, inst := range instances {
		names.instances[inst.GUID] = inst.Name
	}
	for _, err := range []error{catalogErr, groupErr, instErr} {
		if err != nil {
			return names, err
		}
	}
	return names, nil
}

// service returns the display name of a catalog service.
func (n authorizationNames) service(name string) string {
	return iam.ServiceName(n.services, name)
}

// scope says which resources of a party an authorization covers, by name where the account has one, followed by
// the conditions that narrow it further (a target's key, wildcard, region...).
func (n authorizationNames) scope(p iam.Party, target bool, conditions ...string) string {
	var parts []string
	if p.ResourceGroupID != "" {
		parts = append(parts, "Resource group "+n.group(p.ResourceGroupID))
	}
	if p.InstanceGUID != "" {
		parts = append(parts, "Instance "+n.instance(p.InstanceGUID))
	}
	parts = append(parts, conditions...)
	if len(parts) == 0 {
		if target {
			return "All instances"
		}
		return "All resources"
	}
	return strings.Join(parts, ", ")
}

func (n authorizationNames) group(id string) string {
	if name, ok := n.groups[id]; ok {
		return name
	}
	return id
}

func (n authorizationNames) instance(guid string) string {
	if name, ok := n.instances[guid]; ok {
		return name
	}
	return guid
}

// labels are the names an authorization is known by, for the search.
func (n authorizationNames) labels(a iam.Authorization) []string {
	return []string{n.service(a.Source.Service), n.service(a.Target.Service), n.scope(a.Source, false), n.scope(a.Target, true, a.TargetConditions()...)}
}

// filterServices are the services that appear in list, sorted by display name.
func (n authorizationNames) filterServices(list []iam.Authorization) []string {
	var out []string
	for _, a := range list {
		for _, svc := range []string{a.Source.Service, a.Target.Service} {
			if svc != "" && !slices.Contains(out, svc) {
				out = append(out, svc)
			}
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(n.service(a), n.service(b)) })
	return out
}

// sourceAccount is "This account" or the other account's ID.
func (n authorizationNames) sourceAccount(a iam.Authorization) string {
	if a.Source.AccountID == "" || a.Source.AccountID == n.accountID {
		return "This account"
	}
	return a.Source.AccountID
}

// row is the table row of an authorization.
func (n authorizationNames) row(a iam.Authorization, user User) views.AuthorizationRow {
	r := views.AuthorizationRow{
		ID:            a.ID,
		SourceAccount: n.sourceAccount(a),
		SourceService: n.service(a.Source.Service),
		SourceScope:   n.scope(a.Source, false),
		TargetService: n.service(a.Target.Service),
		TargetScope:   n.scope(a.Target, true, a.TargetConditions()...),
		CreatedBy:     a.CreatedByID,
		RemoveURL:     authorizationRemoveURL(a.ID),
	}
	if a.CreatedByID != "" && a.CreatedByID == user.Identity.IAMID {
		r.CreatedBy = user.Identity.Email
	}
	if !a.CreatedAt.IsZero() {
		r.CreatedAt = a.CreatedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, role := range a.Roles {
		r.Roles = append(r.Roles, iam.RoleName(role))
	}
	return r
}

// summary says in words what an authorization grants, e.g. "App Configuration (instance app-config-eu) has Reader access to Key Protect (instance key-protect-eu-de)".
func (n authorizationNames) summary(a iam.Authorization) string {
	roles := make([]string, 0, len(a.Roles))
	for _, r := range a.Roles {
		roles = append(roles, iam.RoleName(r))
	}
	source := n.service(a.Source.Service) + " (" + inSentence(n.scope(a.Source, false))
	if acct := n.sourceAccount(a); acct != "This account" {
		source += " in account " + acct
	}
	source += ")"
	target := n.service(a.Target.Service) + " (" + inSentence(n.scope(a.Target, true, a.TargetConditions()...)) + ")"
	return source + " has " + joinRoleNames(roles) + " access to " + target + "."
}

// joinRoleNames joins words as English does: "A", "A and B", "A, B and C".
func joinRoleNames(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// inSentence lower-cases the first letter of s, to use a label inside a sentence.
func inSentence(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
