// Package views holds the console's pages and panels and their view models.
package views

import (
	"appconfig-console/routes"
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// tableRows turns items into data table rows, row making the row of the i-th item.
func tableRows[T any](items []T, row func(i int, item T) components.TableRow) []components.TableRow {
	rows := make([]components.TableRow, 0, len(items))
	for i, item := range items {
		rows = append(rows, row(i, item))
	}
	return rows
}

// SignInPage is the view model of the sign-in page.
type SignInPage struct {
	Shell layout.ShellProps
	// Return is the local path to go to after signing in (hidden field "return").
	Return string
	// Error is shown above the form when the last attempt failed.
	Error string
	// Notice is shown above the form when a session ended, saying why.
	Notice string
	// DemoKeys are shown in a box when Shell.SimMode is true.
	DemoKeys []DemoAPIKey
}

// DemoAPIKey is a cloudsim demo API key shown on the sign-in page in sim mode.
type DemoAPIKey struct {
	// Label describes the key, e.g. "Administrator" or "Read-only user".
	Label  string
	Email  string
	APIKey string
}

// ErrorPage is the view model of the central error page.
type ErrorPage struct {
	Shell   layout.ShellProps
	Status  int
	Title   string
	Message string
	// BackURL and BackLabel form the link back; defaults are the resource list
	// and "Go to the resource list".
	BackURL   string
	BackLabel string
	// RetryURL, when set, is offered as "Try again" (the same address, for failures that may pass).
	RetryURL string
	// RequestID, when set, is shown so a user can quote it.
	RequestID string
}

// ResourceListPage is the view model of the resource list (route routes.ResourceList).
type ResourceListPage struct {
	Shell layout.ShellProps
	// Query is the header search text the list is filtered by, if any.
	Query    string
	Sections []ResourceGroupSection
	// GroupsProblem, when set, says why the resource groups could not be read; the list shows without their names.
	GroupsProblem string
	// RetryURL reloads the list, offered beside GroupsProblem.
	RetryURL string
}

// ResourceGroupSection is one service's group of rows in the resource list,
// e.g. "App Configuration".
type ResourceGroupSection struct {
	Service string
	Rows    []ResourceRow
}

// ResourceRow is one resource instance in the resource list.
type ResourceRow struct {
	Name string
	// URL is the instance's page in this console; empty renders the name as text.
	URL    string
	Plan   string
	Region string
	Group  string
	// State is the resource state, e.g. "active", "provisioning", "failed".
	State string
	// DeleteURL, when set, offers Delete in the row's overflow menu.
	DeleteURL string
	// PlanNote, when set, explains the plan (an unknown one) in the cell's tooltip.
	PlanNote string
}

// backURL returns the error page's link target, the resource list by default.
func (p ErrorPage) backURL() string {
	if p.BackURL == "" {
		return routes.Path(routes.ResourceList)
	}
	return p.BackURL
}

// backLabel returns the error page's link text.
func (p ErrorPage) backLabel() string {
	if p.BackLabel == "" {
		return "Go to the resource list"
	}
	return p.BackLabel
}

// title returns the error page's heading.
func (p ErrorPage) title() string {
	if p.Title == "" {
		return "Something went wrong"
	}
	return p.Title
}

// empty reports whether the resource list has no rows at all.
func (p ResourceListPage) empty() bool {
	for _, s := range p.Sections {
		if len(s.Rows) > 0 {
			return false
		}
	}
	return true
}
