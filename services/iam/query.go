package iam

import (
	"slices"
	"strings"
)

// Filter narrows a list of authorizations to one service and to a free-text search.
type Filter struct {
	// Service, when set, keeps authorizations whose source or target is this catalog service.
	Service string
	// Text, when set, keeps authorizations whose ID, services, account, instances, groups or roles contain it (any case).
	Text string
}

// Matches reports whether a passes the filter; labels are extra words the caller knows a by, such as instance and group names.
func (f Filter) Matches(a Authorization, labels ...string) bool {
	if f.Service != "" && a.Source.Service != f.Service && a.Target.Service != f.Service {
		return false
	}
	text := strings.ToLower(strings.TrimSpace(f.Text))
	if text == "" {
		return true
	}
	words := []string{a.ID, a.Description,
		a.Source.AccountID, a.Source.Service, a.Source.InstanceGUID, a.Source.ResourceGroupID,
		a.Target.AccountID, a.Target.Service, a.Target.InstanceGUID, a.Target.ResourceGroupID}
	for _, r := range a.Roles {
		words = append(words, r.DisplayName, r.CRN)
	}
	words = append(words, labels...)
	return slices.ContainsFunc(words, func(w string) bool { return w != "" && strings.Contains(strings.ToLower(w), text) })
}

// SortNewestFirst orders authorizations by creation time, newest first, then by ID.
func SortNewestFirst(list []Authorization) {
	slices.SortStableFunc(list, func(a, b Authorization) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Page is one page of a longer list: which page it is, how many there are and which items (1-based, inclusive) it shows.
type Page struct {
	Number, Count      int
	Start, End, Total  int
	HasPrev, HasNext   bool
	FirstIndex, Length int
}

// Paginate returns page number (1-based, clamped to the pages that exist) of total items, size items per page.
func Paginate(total, number, size int) Page {
	if size <= 0 {
		size = 20
	}
	count := max(1, (total+size-1)/size)
	number = min(max(number, 1), count)
	first := (number - 1) * size
	length := min(size, total-first)
	p := Page{Number: number, Count: count, Total: total, FirstIndex: first, Length: max(length, 0),
		HasPrev: number > 1, HasNext: number < count}
	if total > 0 {
		p.Start, p.End = first+1, first+length
	}
	return p
}

// RoleName returns a role's display name, or the last segment of its CRN when the policy did not carry one.
func RoleName(r Role) string {
	switch {
	case r.DisplayName != "":
		return r.DisplayName
	case IsDelegatorRole(r):
		return "Authorization Delegator"
	}
	return r.CRN[strings.LastIndex(r.CRN, ":")+1:]
}

// IsDelegatorRole reports whether r is the Authorization Delegator role, the one that lets a source service delegate the authorization to its dependent services.
func IsDelegatorRole(r Role) bool {
	return strings.HasSuffix(r.CRN, ":AuthorizationDelegator") || strings.EqualFold(strings.ReplaceAll(r.DisplayName, " ", ""), "AuthorizationDelegator")
}

// MatchRoles returns the offered roles that wanted names, by display name (any case) or CRN, in the offered order,
// and the wanted names that match none of them.
func MatchRoles(offered []Role, wanted []string) (matched []Role, unknown []string) {
	for _, w := range wanted {
		if !slices.ContainsFunc(offered, func(r Role) bool { return r.CRN == w || strings.EqualFold(r.DisplayName, w) }) {
			unknown = append(unknown, w)
		}
	}
	for _, r := range offered {
		if slices.ContainsFunc(wanted, func(w string) bool { return r.CRN == w || strings.EqualFold(r.DisplayName, w) }) {
			matched = append(matched, r)
		}
	}
	return matched, unknown
}
