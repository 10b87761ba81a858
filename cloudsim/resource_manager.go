package cloudsim

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
)

// groupJSON renders a resource group as Resource Manager does.
func groupJSON(g *resourceGroup) map[string]any {
	return map[string]any{
		"id":                  g.ID,
		"crn":                 g.crn(),
		"account_id":          g.AccountID,
		"name":                g.Name,
		"state":               "ACTIVE",
		"default":             g.Default,
		"enable_reclamation":  false,
		"quota_id":            "a3d7b8d01e261c24677937c29ab33f3c",
		"quota_url":           "/v2/quota_definitions/a3d7b8d01e261c24677937c29ab33f3c",
		"payment_methods_url": "/v2/resource_groups/" + g.ID + "/payment_methods",
		"resource_linkages":   []any{},
		"teams_url":           "/v2/resource_groups/" + g.ID + "/teams",
		"created_at":          rcTime(g.CreatedAt),
		"updated_at":          rcTime(g.UpdatedAt),
	}
}

// listResourceGroups serves GET /v2/resource_groups with the account_id, name and default filters.
func (s *Server) listResourceGroups(w http.ResponseWriter, r *http.Request, u *user) error {
	q := r.URL.Query()
	if acct := q.Get("account_id"); acct != "" && acct != u.AccountID {
		return errorf(http.StatusForbidden, "forbidden", "You do not have access to account "+acct+".")
	}
	var groups []*resourceGroup
	for _, g := range s.store.read().Groups {
		if g.AccountID != u.AccountID {
			continue
		}
		if name := q.Get("name"); name != "" && name != g.Name {
			continue
		}
		if def := q.Get("default"); def != "" && (def == "true") != g.Default {
			continue
		}
		groups = append(groups, g)
	}
	slices.SortFunc(groups, func(a, b *resourceGroup) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
	})
	resources := make([]map[string]any, 0, len(groups))
	for _, g := range groups {
		resources = append(resources, groupJSON(g))
	}
	writeJSON(w, http.StatusOK, map[string]any{"resources": resources})
	return nil
}

// getResourceGroup serves GET /v2/resource_groups/{id}.
func (s *Server) getResourceGroup(w http.ResponseWriter, r *http.Request, u *user) error {
	id := r.PathValue("id")
	g := s.store.read().Groups[id]
	if g == nil || g.AccountID != u.AccountID {
		return errorf(http.StatusNotFound, "not_found", "Resource group "+id+" not found.")
	}
	writeJSON(w, http.StatusOK, groupJSON(g))
	return nil
}
