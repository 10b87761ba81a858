package layout

import (
	"encoding/json"
	"strings"

	"appconfig-console/routes"
	"appconfig-console/views/components"
)

// unavailable is the title of console items that exist in IBM Cloud but not here.
const unavailable = "Not available in this console"

// hxHeaders returns the JSON for hx-headers carrying the CSRF token.
func hxHeaders(token string) string {
	b, err := json.Marshal(map[string]string{"X-CSRF-Token": token})
	if err != nil {
		return "{}"
	}
	return string(b)
}

// documentTitle appends the product name to a page title.
func documentTitle(title string) string {
	if title == "" {
		return "IBM Cloud"
	}
	return title + " | IBM Cloud"
}

// navItem is one entry of a left navigation.
type navItem struct {
	Key   string
	Label string
	// Beta adds a "Beta" tag.
	Beta bool
}

// instanceNav lists the App Configuration instance navigation in console order.
var instanceNav = []navItem{
	{Key: "getting-started", Label: "Getting started"},
	{Key: "environments", Label: "Environments"},
	{Key: "collections", Label: "Collections"},
	{Key: "feature-flags", Label: "Feature flags"},
	{Key: "properties", Label: "Properties"},
	{Key: "segments", Label: "Segments"},
	{Key: "experimentation", Label: "Experimentation", Beta: true},
	{Key: "metrics", Label: "Metrics"},
	{Key: "integrations", Label: "Integrations"},
	{Key: "configuration-aggregator", Label: "Configuration aggregator"},
	{Key: "settings", Label: "Settings"},
	{Key: "sdks", Label: "SDKs"},
	{Key: "service-credentials", Label: "Service credentials"},
}

// iamNav lists the Access (IAM) navigation in console order.
var iamNav = []navItem{
	{Key: "overview", Label: "Overview"},
	{Key: "users", Label: "Users"},
	{Key: "trusted-profiles", Label: "Trusted profiles"},
	{Key: "access-groups", Label: "Access groups"},
	{Key: "service-ids", Label: "Service IDs"},
	{Key: "api-keys", Label: "API keys"},
	{Key: "authorizations", Label: "Authorizations"},
	{Key: "roles", Label: "Roles"},
	{Key: "settings", Label: "Settings"},
}

// instanceNavURL returns the URL of an instance nav item, given the Integrations page's, or "" when the
// console does not implement it.
func instanceNavURL(integrationsURL, key string) string {
	if key == "integrations" {
		return integrationsURL
	}
	return ""
}

// iamNavURL returns the URL of an IAM nav item, or "" when not implemented.
func iamNavURL(key string) string {
	if key == "authorizations" {
		return routes.Path(routes.Authorizations)
	}
	return ""
}

// planLabel capitalises a plan name for the plan tag.
func planLabel(plan string) string {
	if plan == "" {
		return ""
	}
	return strings.ToUpper(plan[:1]) + plan[1:]
}

// headerMenuItem is the class of an entry in a header dropdown.
const headerMenuItem = "flex items-center h-10 px-4 text-body-compact-01 text-text-secondary no-underline hover:no-underline hover:bg-layer-hover hover:text-text-primary"

// instanceActionItems lists the "Actions..." menu of an instance page.
func instanceActionItems(p InstancePageProps) []components.OverflowItem {
	items := []components.OverflowItem{
		{Label: "Monitoring", Disabled: true, DisabledReason: unavailable},
	}
	if p.DeleteURL != "" {
		items = append(items, components.OverflowItem{Label: "Delete", Href: p.DeleteURL, Danger: true})
	}
	return items
}
