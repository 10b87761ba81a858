// Package layout renders the console's page frames: the HTML document and
// header (Shell), the App Configuration instance frame (InstancePage) and the
// Access (IAM) frame (IAMPage).
package layout

import "appconfig-console/views/components"

// Flash is a one-time message shown as a toast at the top right of the page.
type Flash struct {
	// Kind is one of "success", "error", "warning" or "info".
	Kind    string
	Title   string
	Message string
}

// ShellProps are the per-request values every full page needs.
type ShellProps struct {
	// Title is the document title; " | IBM Cloud" is appended.
	Title string
	// UserEmail is the signed-in user's email; empty means signed out
	// (no account name, no user menu).
	UserEmail   string
	AccountName string
	// CSRFToken goes into hx-headers on <body> and into the sign-out form.
	CSRFToken string
	Flash     *Flash
	// SimMode marks the console as running against cloudsim.
	SimMode bool
}

// InstancePageProps describe the App Configuration instance frame: page
// header (breadcrumb, name, status, plan, region, actions) and left nav.
type InstancePageProps struct {
	Shell ShellProps
	// GUID is the instance GUID, shown in its details.
	GUID string
	// IntegrationsURL is where the Integrations nav link leads.
	IntegrationsURL string
	// Name is the instance name shown after "App Configuration".
	Name string
	// State is the resource state, e.g. "active"; shown as a status indicator.
	State string
	// Plan is the plan's display name, e.g. "Enterprise".
	Plan string
	// Region is the location, e.g. "us-south".
	Region string
	// Current is the key of the selected nav item; only "integrations" exists.
	Current string
	// DeleteURL is where "Actions... > Delete" leads (a confirmation URL);
	// empty hides the item.
	DeleteURL string
}

// IAMPageProps describe the Access (IAM) frame: left nav and page title.
type IAMPageProps struct {
	Shell ShellProps
	// Title is the page heading, e.g. "Authorizations".
	Title string
	// Description is an optional line below the title.
	Description string
	// Breadcrumbs, when not empty, are shown above the title.
	Breadcrumbs []components.BreadcrumbItem
	// Current is the key of the selected nav item; only "authorizations" exists.
	Current string
}
