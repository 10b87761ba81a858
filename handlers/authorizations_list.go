package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/iam"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// authorizationsPerPage is how many authorizations one page of the table shows.
const authorizationsPerPage = 20

// showAuthorizations renders Access (IAM) > Authorizations: the account's authorizations, filtered by service and search text, one page at a time.
func (s *Server) showAuthorizations(c echo.Context) error {
	s.streamShell(c)
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
	filter := iam.Filter{Service: strings.TrimSpace(c.QueryParam("service")), Text: strings.TrimSpace(c.QueryParam("q"))}
	number, _ := strconv.Atoi(c.QueryParam("page"))
	list, err := s.services.AuthorizationWizard.AuthorizationsPage(c.Request().Context(), user.Token, user.Identity.AccountID,
		filter, number, authorizationsPerPage)
	if err != nil {
		return views.AuthorizationsPage{}, err
	}
	p := views.AuthorizationsPage{
		IAM: s.iamProps(c, "Authorizations", ""), CreateURL: authorizationCreateURL(),
		Search: filter.Text, Service: filter.Service, Total: list.Total, Removal: removal,
	}
	p.IAM.Description = "Grant a service access to another service. An authorization lets the source service use the target service with the roles you assign."
	for _, svc := range list.Services {
		p.Services = append(p.Services, components.SelectOption{Value: svc, Label: list.Names.Service(svc), Selected: svc == filter.Service})
	}
	for _, a := range list.Shown {
		p.Rows = append(p.Rows, authorizationRow(a, list.Names, user))
	}
	if list.Matched > authorizationsPerPage {
		p.Pagination = pagination(list.Page, filter)
	}
	if list.NamesErr != nil {
		p.Notice = &components.InlineNotificationProps{ID: "names-unavailable", Kind: components.NotificationWarning,
			Title: "Some names could not be loaded", Subtitle: failureOf(c, list.NamesErr).Message + " IDs are shown instead."}
	}
	return p, nil
}

// pagination links the pages before and after pg, keeping the filter.
func pagination(pg iam.Page, filter iam.Filter) *components.Pagination {
	p := &components.Pagination{Start: pg.Start, End: pg.End, Total: pg.Total}
	query := url.Values{}
	if filter.Service != "" {
		query.Set("service", filter.Service)
	}
	if filter.Text != "" {
		query.Set("q", filter.Text)
	}
	if pg.HasPrev {
		query.Set("page", strconv.Itoa(pg.Number-1))
		p.PrevURL = withQuery(authorizationsURL(), query)
	}
	if pg.HasNext {
		query.Set("page", strconv.Itoa(pg.Number+1))
		p.NextURL = withQuery(authorizationsURL(), query)
	}
	return p
}

// authorizationRow is the table row of an authorization.
func authorizationRow(a iam.Authorization, n iam.Names, user User) views.AuthorizationRow {
	r := views.AuthorizationRow{
		ID: a.ID, SourceAccount: n.SourceAccount(a),
		SourceService: n.Service(a.Source.Service), SourceScope: n.Scope(a.Source, false),
		TargetService: n.Service(a.Target.Service), TargetScope: n.TargetScope(a),
		CreatedBy: a.CreatedByID, RemoveURL: authorizationRemoveURL(a.ID),
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
