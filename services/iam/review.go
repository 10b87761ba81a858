package iam

import (
	"context"
	"slices"
	"sync"

	"appconfig-console/services/ibmcloud"
)

// Names returns the names of what the offer loaded, for the account accountID.
func (o WizardOffer) Names(accountID string) Names {
	return NewNames(accountID, o.Services, o.Groups, o.SourceInstances, o.TargetInstances)
}

// RoleChoice is a role the wizard offers to grant, and whether the request chose it.
type RoleChoice struct {
	Role
	Chosen bool
}

// RoleChoices are the grantable roles offered (the delegation role has its own choice), with those the request names chosen.
func (o WizardOffer) RoleChoices(r AuthorizationRequest) []RoleChoice {
	matched, _ := MatchRoles(o.Roles, r.Roles)
	var out []RoleChoice
	for _, role := range GrantableRoles(o.Roles) {
		out = append(out, RoleChoice{Role: role, Chosen: slices.ContainsFunc(matched, func(m Role) bool { return m.CRN == role.CRN })})
	}
	return out
}

// RolesHelp says why the wizard lists no role for the request, or "" when it lists some.
func (o WizardOffer) RolesHelp(r AuthorizationRequest, n Names) string {
	switch {
	case r.SourceService == "" || r.TargetService == "":
		return "Select the source and the target service to see the roles the target offers."
	case o.Err != nil:
		return "The roles could not be loaded."
	case len(GrantableRoles(o.Roles)) == 0:
		return n.Service(r.TargetService) + " offers no role to " + n.Service(r.SourceService) + " in an authorization."
	}
	return ""
}

// Review is what the wizard shows before a valid request is authorized: the authorization, in words and as its CLI and
// Terraform equivalents, and the account's authorization that already grants the same, if any.
type Review struct {
	Authorization Authorization
	Sentences     []string
	CLI           string
	Terraform     string
	// Existing is the same authorization already in the account, or nil; ExistingSummary says what it grants.
	Existing        *Authorization
	ExistingSummary string
}

// Review reviews the request in account accountID against the offer; it is nil while a choice is wrong or the offer
// could not be loaded in full.
func (o WizardOffer) Review(accountID string, r AuthorizationRequest, errs FieldErrors) *Review {
	if len(errs) > 0 || o.Err != nil {
		return nil
	}
	n := o.Names(accountID)
	a := r.Authorization(accountID, o.Roles)
	rv := &Review{Authorization: a, Sentences: ReviewSentences(a, r, n), CLI: CLICommand(a), Terraform: TerraformBlock(a)}
	for _, e := range o.Existing {
		if e.Same(a) {
			rv.Existing = &e
			rv.ExistingSummary = n.Summary(WithRoleNames(e, o.Roles))
			break
		}
	}
	return rv
}

// ReviewSentences say in words what a, made from the request r, grants.
func ReviewSentences(a Authorization, r AuthorizationRequest, n Names) []string {
	out := []string{n.Summary(a)}
	if r.SourceScope == "all" {
		where := "this account"
		if r.SourceAccount == "other" {
			where = "account " + r.SourceAccountID
		}
		out = append(out, "Every instance of "+n.Service(a.Source.Service)+" in "+where+" gets this access, including instances created later.")
	}
	if r.TargetScope == "all" {
		out = append(out, "The access covers every instance of "+n.Service(a.Target.Service)+" in this account, including instances created later.")
	}
	if r.Delegate {
		out = append(out, n.Service(a.Source.Service)+" can delegate this access to the services it depends on.")
	}
	return out
}

// WithRoleNames fills missing role display names of a from the offered roles.
func WithRoleNames(a Authorization, offered []Role) Authorization {
	roles := slices.Clone(a.Roles)
	for i, r := range roles {
		if r.DisplayName == "" {
			if j := slices.IndexFunc(offered, func(o Role) bool { return o.CRN == r.CRN }); j >= 0 {
				roles[i].DisplayName = offered[j].DisplayName
			}
		}
	}
	a.Roles = roles
	return a
}

// OrderServices lists catalog services with the first names on top, in that order, and the rest as given.
func OrderServices(services []CatalogService, first ...string) []CatalogService {
	var top, rest []CatalogService
	for _, svc := range services {
		if slices.Contains(first, svc.Name) {
			top = append(top, svc)
		} else {
			rest = append(rest, svc)
		}
	}
	slices.SortFunc(top, func(a, b CatalogService) int { return slices.Index(first, a.Name) - slices.Index(first, b.Name) })
	return append(top, rest...)
}

// Listing is one page of the Authorizations table: the authorizations that pass a filter, newest first.
type Listing struct {
	// Shown are the authorizations of the page; Matched counts all that pass the filter.
	Shown   []Authorization
	Matched int
	Page    Page
}

// List filters all by f (searching the names n knows them by too), sorts them newest first and returns page number of
// size authorizations each.
func List(all []Authorization, n Names, f Filter, number, size int) Listing {
	var matched []Authorization
	for _, a := range all {
		if f.Matches(a, n.Labels(a)...) {
			matched = append(matched, a)
		}
	}
	SortNewestFirst(matched)
	pg := Paginate(len(matched), number, size)
	return Listing{Shown: matched[pg.FirstIndex : pg.FirstIndex+pg.Length], Matched: len(matched), Page: pg}
}

// AuthorizationsPage is what the Authorizations page shows: one page of the account's authorizations that pass a
// filter, the services the filter offers and the names the authorizations refer to.
type AuthorizationsPage struct {
	Listing
	// Total counts every authorization of the account, whatever the filter.
	Total int
	// Services are the services the account's authorizations refer to, sorted by display name.
	Services []string
	// Names are the names the authorizations refer to; NamesErr is the first failure to load them (what failed stays an ID).
	Names    Names
	NamesErr error
}

// AuthorizationsPage reads the account's authorizations and, alongside them, the names they refer to, and returns page
// number of perPage authorizations that pass filter. Only a failure to read the authorizations is returned; one to
// read the names is kept in NamesErr.
func (w *Wizard) AuthorizationsPage(ctx context.Context, tok ibmcloud.Token, accountID string, filter Filter, number, perPage int) (AuthorizationsPage, error) {
	var (
		wg       sync.WaitGroup
		names    Names
		namesErr error
	)
	// The names do not depend on the list: read them alongside it.
	wg.Go(func() { names, namesErr = w.AccountNames(ctx, tok, accountID) })
	all, err := w.iam.ListAuthorizations(ctx, tok, accountID)
	wg.Wait()
	if err != nil {
		return AuthorizationsPage{}, err
	}
	return AuthorizationsPage{Listing: List(all, names, filter, number, perPage), Total: len(all),
		Services: names.FilterServices(all), Names: names, NamesErr: namesErr}, nil
}
