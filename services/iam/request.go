package iam

import (
	"slices"
	"strings"

	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
)

// AuthorizationRequest is what a user chose for a new authorization, before it is checked against what the account offers.
type AuthorizationRequest struct {
	SourceAccount   string // "this" or "other"
	SourceAccountID string
	SourceService   string
	SourceScope     string // "all" or "attributes"
	SourceGroup     string
	SourceInstance  string
	TargetService   string
	TargetScope     string // "all", "instance" or "group"
	TargetInstance  string
	TargetGroup     string
	Roles           []string
	// RolesChosen is true when the user named roles (even none), so no role is preselected.
	RolesChosen bool
	Delegate    bool
	// FromAppConfigInstance is true when the wizard was opened from an App Configuration instance's pages, whose
	// authorizations have App Configuration as their source.
	FromAppConfigInstance bool
}

// AuthorizationOffer is what the account offers to choose from for a request; a nil list was not loaded and is not checked against.
type AuthorizationOffer struct {
	Services        []CatalogService
	Groups          []resources.ResourceGroup
	SourceInstances []resources.Instance
	TargetInstances []resources.Instance
	Roles           []Role
	// Incomplete is true when loading any of it failed, so instances and roles are not held against the request.
	Incomplete bool
}

// FieldError is what is wrong with one choice; a missing choice is one the user has not made yet.
type FieldError struct {
	Message string
	Missing bool
}

// FieldErrors are the errors of a request, by the name of the choice: source_account_id, source_service, source_scope,
// source_group, source_instance, target_service, target_instance, target_group, role and delegate.
type FieldErrors map[string]FieldError

// Normalize applies the wizard's scope rules to choices as a link or a form leaves them: the source service is App
// Configuration when none is named and the wizard came from an App Configuration instance; the source account is this
// one unless "other" is chosen (and only then has an ID); the source scope is "attributes" when a group or instance is named,
// else "all" (which names neither); the target scope follows a named instance or group, else "all"; and only the
// target scope's own choice is kept.
func (r *AuthorizationRequest) Normalize() {
	if r.SourceService == "" && r.FromAppConfigInstance {
		r.SourceService = resources.ServiceAppConfig
	}
	if r.SourceAccount != "other" {
		r.SourceAccount = "this"
		r.SourceAccountID = ""
	}
	switch {
	case r.SourceScope == "" && (r.SourceGroup != "" || r.SourceInstance != ""):
		r.SourceScope = "attributes"
	case r.SourceScope != "attributes":
		r.SourceScope = "all"
	}
	if r.SourceScope == "all" {
		r.SourceGroup, r.SourceInstance = "", ""
	}
	switch {
	case r.TargetScope == "" && r.TargetInstance != "":
		r.TargetScope = "instance"
	case r.TargetScope == "" && r.TargetGroup != "":
		r.TargetScope = "group"
	case r.TargetScope != "instance" && r.TargetScope != "group":
		r.TargetScope = "all"
	}
	if r.TargetScope != "instance" {
		r.TargetInstance = ""
	}
	if r.TargetScope != "group" {
		r.TargetGroup = ""
	}
}

// Preselect chooses Reader when no role was chosen yet and App Configuration is to use a key management service, as its docs require.
func (r *AuthorizationRequest) Preselect(offered []Role) {
	if r.RolesChosen || r.SourceService != resources.ServiceAppConfig ||
		(r.TargetService != resources.ServiceKeyProtect && r.TargetService != resources.ServiceHPCS) {
		return
	}
	if slices.ContainsFunc(offered, func(o Role) bool { return o.DisplayName == "Reader" }) {
		r.Roles = []string{"Reader"}
	}
}

// Validate checks every choice of r, made in account accountID, against what o offers and returns what is wrong.
func (r AuthorizationRequest) Validate(accountID string, o AuthorizationOffer) FieldErrors {
	errs := FieldErrors{}
	missing := func(name, msg string) { errs[name] = FieldError{Message: msg, Missing: true} }
	invalid := func(name, msg string) { errs[name] = FieldError{Message: msg} }
	catalogHas := func(name string) bool {
		return slices.ContainsFunc(o.Services, func(c CatalogService) bool { return c.Name == name })
	}
	groupHas := func(id string) bool {
		return slices.ContainsFunc(o.Groups, func(g resources.ResourceGroup) bool { return g.ID == id })
	}
	instanceIn := func(list []resources.Instance, guid string) bool {
		return slices.ContainsFunc(list, func(i resources.Instance) bool { return i.GUID == guid })
	}

	if r.SourceAccount == "other" {
		switch {
		case r.SourceAccountID == "":
			missing("source_account_id", "Enter the account ID of the source account: 32 hexadecimal characters.")
		case !crn.IsAccountID(r.SourceAccountID):
			invalid("source_account_id", "An account ID is 32 hexadecimal characters (0-9, a-f); this one is not.")
		case r.SourceAccountID == accountID:
			invalid("source_account_id", "This is the ID of this account. Select This account instead.")
		}
	}
	switch {
	case r.SourceService == "":
		missing("source_service", "Select the source service.")
	case o.Services != nil && !catalogHas(r.SourceService):
		invalid("source_service", "“"+r.SourceService+"” is not a service of the catalog. Select a source service from the list.")
	}
	if r.SourceScope == "attributes" {
		if r.SourceGroup == "" && r.SourceInstance == "" {
			missing("source_scope", "Add at least one attribute: a source resource group or a source service instance. Or select All resources.")
		}
		if r.SourceAccount == "other" {
			if r.SourceGroup != "" && !crn.IsAccountID(r.SourceGroup) {
				invalid("source_group", "A resource group ID is 32 hexadecimal characters (0-9, a-f).")
			}
			if r.SourceInstance != "" && !crn.IsGUID(r.SourceInstance) {
				invalid("source_instance", "An instance ID is a GUID: 8-4-4-4-12 hexadecimal characters, e.g. 3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51.")
			}
		} else {
			if r.SourceGroup != "" && o.Groups != nil && !groupHas(r.SourceGroup) {
				invalid("source_group", "Select a resource group of this account.")
			}
			if r.SourceInstance != "" && r.SourceService != "" && !o.Incomplete && !instanceIn(o.SourceInstances, r.SourceInstance) {
				invalid("source_instance", "Select an instance of "+resources.ServiceDisplayName(r.SourceService)+" in this account.")
			}
		}
	}
	switch {
	case r.TargetService == "":
		missing("target_service", "Select the target service.")
	case o.Services != nil && !catalogHas(r.TargetService):
		invalid("target_service", "“"+r.TargetService+"” is not a service of the catalog. Select a target service from the list.")
	}
	switch r.TargetScope {
	case "instance":
		switch {
		case r.TargetInstance == "":
			missing("target_instance", "Select the instance of the target service.")
		case r.TargetService != "" && !o.Incomplete && !instanceIn(o.TargetInstances, r.TargetInstance):
			invalid("target_instance", "Select an instance of "+resources.ServiceDisplayName(r.TargetService)+" in this account.")
		}
	case "group":
		switch {
		case r.TargetGroup == "":
			missing("target_group", "Select the resource group of the target instances.")
		case o.Groups != nil && !groupHas(r.TargetGroup):
			invalid("target_group", "Select a resource group of this account.")
		}
	}
	if r.SourceService != "" && r.TargetService != "" && o.Roles != nil {
		matched, unknown := MatchRoles(o.Roles, r.Roles)
		_, delegation := DelegatorRole(o.Roles)
		matched = slices.DeleteFunc(matched, IsDelegatorRole)
		switch {
		case len(unknown) > 0:
			invalid("role", "“"+strings.Join(unknown, "”, “")+"” is not a role this target offers to this source. Select roles from the list.")
		case len(matched) == 0:
			missing("role", "Select at least one role.")
		}
		if r.Delegate && !delegation {
			invalid("delegate", "This source and target do not offer delegation; clear it.")
		}
	} else if len(r.Roles) > 0 && !o.Incomplete && (r.SourceService == "" || r.TargetService == "") {
		missing("role", "Select the source and the target service first: the roles depend on both.")
	}
	return errs
}

// Authorization is the authorization r describes in account accountID, with the roles of offered that r names.
func (r AuthorizationRequest) Authorization(accountID string, offered []Role) Authorization {
	a := Authorization{
		Source: Party{AccountID: accountID, Service: r.SourceService, InstanceGUID: r.SourceInstance, ResourceGroupID: r.SourceGroup},
		Target: Party{AccountID: accountID, Service: r.TargetService, InstanceGUID: r.TargetInstance, ResourceGroupID: r.TargetGroup},
	}
	if r.SourceAccount == "other" {
		a.Source.AccountID = r.SourceAccountID
	}
	matched, _ := MatchRoles(offered, r.Roles)
	a.Roles = slices.DeleteFunc(matched, IsDelegatorRole)
	if d, ok := DelegatorRole(offered); ok && r.Delegate {
		a.Roles = append(a.Roles, d)
	}
	return a
}

// GrantableRoles are the offered roles without the delegation role, which is granted by its own choice.
func GrantableRoles(offered []Role) []Role {
	return slices.DeleteFunc(slices.Clone(offered), IsDelegatorRole)
}

// DelegatorRole returns the delegation role when offered has it.
func DelegatorRole(offered []Role) (Role, bool) {
	i := slices.IndexFunc(offered, IsDelegatorRole)
	if i < 0 {
		return Role{}, false
	}
	return offered[i], true
}

// ServiceName returns the name people know a service by: "All Identity and Access enabled services" for none, else its catalog
// display name in services, else the console's own name for it.
func ServiceName(services []CatalogService, name string) string {
	if name == "" {
		return "All Identity and Access enabled services"
	}
	if d := DisplayName(services, name); d != name {
		return d
	}
	return resources.ServiceDisplayName(name)
}
