package views

import (
	"github.com/a-h/templ"

	"appconfig-console/views/components"
)

// ENPanel is the view model of the "Connect to Event Notifications" side panel.
type ENPanel struct {
	// URL is the panel's own address (GET re-renders it, POST saves); CloseURL is the Integrations page.
	URL       string
	CloseURL  string
	CSRFToken string
	// Error, when set, is shown at the top of the panel (a failed save, a refused request).
	Error *components.InlineNotificationProps
	// PlanAllowed is false when the App Configuration instance is not on the Enterprise plan; Save is then disabled.
	PlanAllowed bool
	// Name and Description are the source details, with their messages.
	Name             string
	NameError        string
	Description      string
	DescriptionError string
	// Groups and Instances fill the two drop-downs; InstanceError is shown under the instance drop-down.
	Groups        []components.SelectOption
	Instances     []components.SelectOption
	InstanceError string
	// InstancesNote explains an empty instance list (none in the group, or the list could not be read).
	InstancesNote string
	// CreateInstanceURL is where "Create new instance" leads (the catalog, in a new tab).
	CreateInstanceURL string
	Authorization     ENAuthorizationBox
	// Equivalents is what Save does as commands and Terraform.
	Equivalents *Equivalents
}

// ENAuthorizationBox is the "Service authorization" box: the access Save creates, or says already exists.
type ENAuthorizationBox struct {
	// Source is the source service, e.g. "IBM App Configuration"; SourceInstance names this instance.
	Source         string
	SourceInstance string
	// Target is the chosen Event Notifications instance's name; empty when none is chosen yet.
	Target string
	// Role is the service role, e.g. "Event Source Manager".
	Role string
	// Exists is true when an authorization already grants the access; Save then creates none.
	Exists bool
	// Note, when set, replaces the usual explanation (e.g. the check could not be made).
	Note string
	// LearnMoreURL documents service-to-service authorizations.
	LearnMoreURL string
}

// ENDisconnect is the view model of the confirmation shown before disconnecting Event Notifications.
type ENDisconnect struct {
	URL       string
	CloseURL  string
	CSRFToken string
	// InstanceName is the connected Event Notifications instance (or its CRN when it no longer exists).
	InstanceName  string
	AppConfigName string
	Error         *components.InlineNotificationProps
}

// reloadPanelAttrs make a drop-down re-render the panel for its new value, keeping what was typed and leaving the CSRF token out of the URL.
func reloadPanelAttrs(url string) map[string]any {
	return map[string]any{
		"hx-get": url, "hx-trigger": "change", "hx-include": "closest form", "hx-params": "not csrf",
		"hx-target": "#en-panel", "hx-swap": "outerHTML", "hx-push-url": "true",
	}
}

// enEquivalentsAttrs make a source field refresh only the panel's equivalents when it changes, so that the commands
// name the source as typed.
func enEquivalentsAttrs(url string) templ.Attributes {
	return templ.Attributes{
		"hx-get": url, "hx-trigger": "change", "hx-include": "closest form", "hx-params": "not csrf",
		"hx-target": "#en-equivalents", "hx-select": "#en-equivalents", "hx-swap": "outerHTML",
	}
}

// withAttrs returns the attributes of a and b together.
func withAttrs(a, b templ.Attributes) templ.Attributes {
	out := templ.Attributes{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func boolAttr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
