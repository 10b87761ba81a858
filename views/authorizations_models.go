package views

import (
	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// AuthorizationsPage is the view model of Access (IAM) > Authorizations: the table of the account's authorizations.
type AuthorizationsPage struct {
	IAM layout.IAMPageProps
	// CreateURL is where Create leads (the wizard).
	CreateURL string
	// Search and Service are the current filter; Services are the choices of the service filter.
	Search   string
	Service  string
	Services []components.SelectOption
	Rows     []AuthorizationRow
	// Total is the number of authorizations in the account before filtering.
	Total      int
	Pagination *components.Pagination
	// Notice, when set, is shown above the table (e.g. names that could not be loaded).
	Notice *components.InlineNotificationProps
	// Removal, when set, shows the removal confirmation over the list.
	Removal *AuthorizationRemoval
}

// AuthorizationRow is one authorization in the table.
type AuthorizationRow struct {
	ID string
	// SourceAccount is "This account" or the other account's ID.
	SourceAccount string
	SourceService string
	// SourceScope says which resources of the source, e.g. "All resources" or "Instance app-config-eu".
	SourceScope   string
	TargetService string
	TargetScope   string
	Roles         []string
	// CreatedBy and CreatedAt say who created it and when.
	CreatedBy string
	CreatedAt string
	RemoveURL string
}

// AuthorizationRemoval is the danger confirmation of removing one authorization.
type AuthorizationRemoval struct {
	Action    string
	CSRFToken string
	CancelURL string
	// Summary names what the authorization grants; Consequence names what loses access.
	Summary     string
	Consequence string
	// Warning, when set, adds a warning about what stops working (e.g. App Configuration encryption).
	Warning string
	// Error, when set, says why the last attempt failed.
	Error string
}

// AuthorizationWizard is the view model of the Create authorization page; every choice is also in the page's URL.
type AuthorizationWizard struct {
	IAM layout.IAMPageProps
	// FormAction is the GET URL the choices are sent to; AuthorizeAction is the POST URL (with the full state in its query).
	FormAction      string
	AuthorizeAction string
	CancelURL       string
	CSRFToken       string
	Return          string

	SourceAccount   string
	SourceAccountID WizardField

	SourceServices []components.SelectOption
	SourceService  WizardField

	SourceScope string
	// SourceScopeError says the attributes are missing when "Resources based on selected attributes" is chosen.
	SourceScopeError string
	// OtherAccount switches the attribute fields from dropdowns to ID fields.
	OtherAccount    bool
	SourceGroups    []components.SelectOption
	SourceGroup     WizardField
	SourceInstances []components.SelectOption
	SourceInstance  WizardField
	// SourceServiceName is the display name of the chosen source service ("" when none).
	SourceServiceName string

	TargetServices    []components.SelectOption
	TargetService     WizardField
	TargetScope       string
	TargetInstances   []components.SelectOption
	TargetInstance    WizardField
	TargetGroups      []components.SelectOption
	TargetGroup       WizardField
	TargetServiceName string

	// Roles are the roles the target offers this source; RolesHelp explains an empty list.
	Roles      []WizardRole
	RolesHelp  string
	RolesError string
	// DelegationOffered shows the delegation checkbox; Delegate is its state.
	DelegationOffered bool
	Delegate          bool
	DelegateError     string

	// Review, when set, describes what will be granted.
	Review *AuthorizationReview
	// Existing, when set, is the authorization that already grants this; Authorize is then disabled.
	Existing *ExistingAuthorization
	// Notice is an error or warning about the whole form (an upstream refusal, data that could not be loaded).
	Notice *components.InlineNotificationProps
}

// WizardField is a field's value and, when invalid, what is wrong with it.
type WizardField struct {
	Value string
	Error string
}

// WizardRole is a role checkbox of the wizard.
type WizardRole struct {
	Name        string
	CRN         string
	Description string
	Checked     bool
}

// AuthorizationReview is the summary of what will be granted, with its CLI and Terraform equivalents.
type AuthorizationReview struct {
	Sentences []string
	CLI       string
	Terraform string
}

// ExistingAuthorization links to an authorization that already grants the source access to the target.
type ExistingAuthorization struct {
	URL     string
	Summary string
}
