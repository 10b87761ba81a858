package cloudsim

import (
	"net/http"
	"slices"
	"strings"
)

// catalogEntry is one catalog entry (a service or a plan) ready to render.
type catalogEntry struct {
	ID, Name, Kind, ParentID, DisplayName, Description, LongDescription string
	Tags, GeoTags                                                       []string
	// Prices are the pricing types of the entry ("free", "paid"), those of its plans for a service (*unconfirmed*).
	Prices []string
}

// serviceEntry returns the catalog entry of a service.
func serviceEntry(svc *catalogService) catalogEntry {
	e := catalogEntry{ID: svc.ID, Name: svc.Name, Kind: "service", DisplayName: svc.DisplayName,
		Description: svc.Description, LongDescription: svc.LongDescription, Tags: svc.Tags, GeoTags: svc.provisioningRegions()}
	for _, p := range svc.Plans {
		if !slices.Contains(e.Prices, p.pricing()) {
			e.Prices = append(e.Prices, p.pricing())
		}
	}
	return e
}

// planEntries returns the catalog entries of a service's plans.
func planEntries(svc *catalogService) []catalogEntry {
	out := make([]catalogEntry, 0, len(svc.Plans))
	for _, p := range svc.Plans {
		out = append(out, catalogEntry{ID: p.ID, Name: p.Name, Kind: "plan", ParentID: svc.ID, DisplayName: p.DisplayName,
			Description: p.Description, LongDescription: p.Description, Tags: []string{}, GeoTags: svc.provisioningRegions(), Prices: []string{p.pricing()}})
	}
	return out
}

// entryJSON renders a catalog entry as the Global Catalog does.
func (s *Server) entryJSON(r *http.Request, e catalogEntry) map[string]any {
	base := s.baseURL(r) + "/api/v1/" + e.ID
	out := map[string]any{
		"id":           e.ID,
		"name":         e.Name,
		"kind":         e.Kind,
		"overview_ui":  map[string]any{"en": map[string]any{"display_name": e.DisplayName, "description": e.Description, "long_description": e.LongDescription}},
		"images":       map[string]any{"image": "", "small_image": "", "medium_image": "", "feature_image": ""},
		"disabled":     false,
		"active":       true,
		"group":        false,
		"tags":         nonNil(e.Tags),
		"provider":     map[string]any{"email": "cloudsim@example.com", "name": "IBM"},
		"url":          base,
		"children_url": base + "/*",
		"catalog_crn":  "crn:v1:bluemix:public:globalcatalog::::" + e.Kind + ":" + e.ID,
		"geo_tags":     e.GeoTags,
		"created":      rcTime(catalogDate),
		"updated":      rcTime(catalogDate),
		"metadata":     map[string]any{"rc_compatible": true, "service": map[string]any{"iam_compatible": true, "provisionable": true, "bindable": true}},
	}
	if e.ParentID != "" {
		out["parent_id"] = e.ParentID
	}
	return out
}

// writeEntries answers a search result with one page of entries.
func (s *Server) writeEntries(w http.ResponseWriter, r *http.Request, entries []catalogEntry) error {
	offset, aerr := parseIntParam(r, "_offset", 0, 0, 1<<30)
	if aerr != nil {
		return aerr
	}
	limit, aerr := parseIntParam(r, "_limit", 200, 1, 200)
	if aerr != nil {
		return aerr
	}
	page := pageOf(entries, offset, limit)
	resources := make([]map[string]any, 0, len(page))
	for _, e := range page {
		resources = append(resources, s.entryJSON(r, e))
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"offset": offset, "limit": limit, "count": len(entries), "resource_count": len(resources), "resources": resources,
	})
	return nil
}

// listCatalogEntries serves GET /api/v1/ with a q of free text and tags, e.g. "kind:service iam:true kms".
func (s *Server) listCatalogEntries(w http.ResponseWriter, r *http.Request, _ *user) error {
	var all []catalogEntry
	for i := range catalog {
		all = append(all, serviceEntry(&catalog[i]))
	}
	terms := strings.FieldsFunc(r.URL.Query().Get("q"), func(c rune) bool { return c == ' ' || c == '+' })
	var matched []catalogEntry
	for _, e := range all {
		if entryMatches(e, terms) && !s.faults.unreadable(e.ID) {
			matched = append(matched, e)
		}
	}
	return s.writeEntries(w, r, matched)
}

// entryMatches reports whether e satisfies every search term. The tags are the ones platform-services-go-sdk
// globalcatalogv1 documents for q: kind:, tag:, rc:, iam:, active:, geo: and price: (every cloudsim entry is active,
// IAM- and RC-compatible). Any other term is free text, matched against the name, display name and description, so
// an undocumented tag such as name:kms is free text that no entry contains (*unconfirmed*: IBM may reject it instead).
func entryMatches(e catalogEntry, terms []string) bool {
	for _, term := range terms {
		field, value, _ := strings.Cut(term, ":")
		var match bool
		switch field {
		case "kind":
			match = e.Kind == value
		case "tag":
			match = slices.Contains(e.Tags, value)
		case "rc", "iam", "active":
			match = value == "true"
		case "geo":
			match = slices.Contains(e.GeoTags, value)
		case "price":
			match = slices.Contains(e.Prices, value)
		default:
			t := strings.ToLower(term)
			match = strings.Contains(strings.ToLower(e.Name), t) || strings.Contains(strings.ToLower(e.DisplayName), t) ||
				strings.Contains(strings.ToLower(e.Description), t)
		}
		if !match {
			return false
		}
	}
	return true
}

// findCatalogEntry finds a service or plan entry by ID, or a service by name.
func findCatalogEntry(id string) (catalogEntry, *catalogService, bool) {
	for i := range catalog {
		svc := &catalog[i]
		if svc.ID == id || svc.Name == id {
			return serviceEntry(svc), svc, true
		}
		for _, p := range planEntries(svc) {
			if p.ID == id {
				return p, nil, true
			}
		}
	}
	return catalogEntry{}, nil, false
}

// errUnreadableEntry is the Global Catalog's answer for an entry the user may not see (ibm-strictness.md section 8;
// the body's code and message are *unconfirmed*).
func errUnreadableEntry(id string) *apiError {
	return errorf(http.StatusForbidden, "forbidden", "You are not authorized to view catalog entry "+id+".")
}

// readableEntry returns the entry of the path's id (and its service, for a service) when the user may see it.
func (s *Server) readableEntry(r *http.Request) (catalogEntry, *catalogService, error) {
	e, svc, ok := findCatalogEntry(r.PathValue("id"))
	if !ok {
		return e, nil, errorf(http.StatusNotFound, "not_found", "Catalog entry "+r.PathValue("id")+" not found.")
	}
	if s.faults.unreadable(e.ID) {
		return e, nil, errUnreadableEntry(e.ID)
	}
	return e, svc, nil
}

// getCatalogEntry serves GET /api/v1/{id}.
func (s *Server) getCatalogEntry(w http.ResponseWriter, r *http.Request, _ *user) error {
	e, _, err := s.readableEntry(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.entryJSON(r, e))
	return nil
}

// getCatalogChildren serves GET /api/v1/{id}/{kind}; a service's children of kind "plan" or "*" are its plans.
func (s *Server) getCatalogChildren(w http.ResponseWriter, r *http.Request, _ *user) error {
	_, svc, err := s.readableEntry(r)
	if err != nil {
		return err
	}
	var children []catalogEntry
	if kind := r.PathValue("kind"); svc != nil && (kind == "plan" || kind == "*") {
		for _, p := range planEntries(svc) {
			if !s.faults.unreadable(p.ID) {
				children = append(children, p)
			}
		}
	}
	return s.writeEntries(w, r, children)
}
