package iam_test

import (
	"maps"
	"reflect"
	"slices"
	"testing"

	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
)

const (
	myAccount    = "0123456789abcdef0123456789abcdef"
	otherAccount = "fedcba9876543210fedcba9876543210"
	groupID      = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	sourceGUID   = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51"
	targetGUID   = "a1c3e5f7-9b2d-4f6a-8c0e-1d3f5b7a9c42"
)

var (
	readerRole    = iam.Role{CRN: "crn:v1:bluemix:public:iam::::serviceRole:Reader", DisplayName: "Reader"}
	writerRole    = iam.Role{CRN: "crn:v1:bluemix:public:iam::::serviceRole:Writer", DisplayName: "Writer"}
	delegatorRole = iam.Role{CRN: "crn:v1:bluemix:public:iam::::serviceRole:AuthorizationDelegator", DisplayName: "Authorization Delegator"}
)

// offer is a fully loaded offer: App Configuration and Key Protect in the catalog, one group, one instance of each, Reader,
// Writer and delegation.
func offer() iam.AuthorizationOffer {
	return iam.AuthorizationOffer{
		Services:        []iam.CatalogService{{Name: "apprapp", DisplayName: "App Configuration"}, {Name: "kms", DisplayName: "Key Protect"}},
		Groups:          []resources.ResourceGroup{{ID: groupID, Name: "Default"}},
		SourceInstances: []resources.Instance{{GUID: sourceGUID, Name: "app-config-eu"}},
		TargetInstances: []resources.Instance{{GUID: targetGUID, Name: "key-protect-eu-de"}},
		Roles:           []iam.Role{readerRole, writerRole, delegatorRole},
	}
}

// request is a valid request of App Configuration for Reader on all of Key Protect, changed by edit.
func request(edit func(*iam.AuthorizationRequest)) iam.AuthorizationRequest {
	r := iam.AuthorizationRequest{SourceAccount: "this", SourceService: "apprapp", SourceScope: "all",
		TargetService: "kms", TargetScope: "all", Roles: []string{"Reader"}, RolesChosen: true}
	if edit != nil {
		edit(&r)
	}
	return r
}

func TestAuthorizationRequestValidate(t *testing.T) {
	type want map[string]iam.FieldError
	miss := func(msg string) iam.FieldError { return iam.FieldError{Message: msg, Missing: true} }
	bad := func(msg string) iam.FieldError { return iam.FieldError{Message: msg} }
	tests := []struct {
		name  string
		req   iam.AuthorizationRequest
		offer func(*iam.AuthorizationOffer)
		want  want
	}{
		{name: "valid", req: request(nil), want: want{}},
		{name: "role by CRN, any case of name", req: request(func(r *iam.AuthorizationRequest) { r.Roles = []string{writerRole.CRN, "reader"} }), want: want{}},
		{name: "nothing chosen", req: iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}, want: want{
			"source_service": miss("Select the source service."),
			"target_service": miss("Select the target service."),
		}},
		{name: "other account without ID", req: request(func(r *iam.AuthorizationRequest) { r.SourceAccount = "other" }), want: want{
			"source_account_id": miss("Enter the account ID of the source account: 32 hexadecimal characters."),
		}},
		{name: "other account with a malformed ID", req: request(func(r *iam.AuthorizationRequest) { r.SourceAccount, r.SourceAccountID = "other", "0123" }), want: want{
			"source_account_id": bad("An account ID is 32 hexadecimal characters (0-9, a-f); this one is not."),
		}},
		{name: "other account is this account", req: request(func(r *iam.AuthorizationRequest) { r.SourceAccount, r.SourceAccountID = "other", myAccount }), want: want{
			"source_account_id": bad("This is the ID of this account. Select This account instead."),
		}},
		{name: "other account", req: request(func(r *iam.AuthorizationRequest) { r.SourceAccount, r.SourceAccountID = "other", otherAccount }), want: want{}},
		{name: "account ID ignored for this account", req: request(func(r *iam.AuthorizationRequest) { r.SourceAccountID = "0123" }), want: want{}},
		{name: "services not in the catalog", req: request(func(r *iam.AuthorizationRequest) { r.SourceService, r.TargetService = "nope", "none" }), want: want{
			"source_service": bad("“nope” is not a service of the catalog. Select a source service from the list."),
			"target_service": bad("“none” is not a service of the catalog. Select a target service from the list."),
		}},
		{name: "catalog not loaded", req: request(func(r *iam.AuthorizationRequest) { r.SourceService = "nope" }),
			offer: func(o *iam.AuthorizationOffer) { o.Services = nil }, want: want{}},
		{name: "attributes without any", req: request(func(r *iam.AuthorizationRequest) { r.SourceScope = "attributes" }), want: want{
			"source_scope": miss("Add at least one attribute: a source resource group or a source service instance. Or select All resources."),
		}},
		{name: "attributes of this account", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", groupID, sourceGUID
		}), want: want{}},
		{name: "attributes unknown in this account", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", "g", "i"
		}), want: want{
			"source_group":    bad("Select a resource group of this account."),
			"source_instance": bad("Select an instance of App Configuration in this account."),
		}},
		{name: "attributes unchecked when not loaded", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", "g", "i"
		}), offer: func(o *iam.AuthorizationOffer) { o.Groups, o.Incomplete = nil, true }, want: want{}},
		{name: "malformed attributes of another account", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceAccount, r.SourceAccountID = "other", otherAccount
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", "g", "i"
		}), want: want{
			"source_group":    bad("A resource group ID is 32 hexadecimal characters (0-9, a-f)."),
			"source_instance": bad("An instance ID is a GUID: 8-4-4-4-12 hexadecimal characters, e.g. 3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51."),
		}},
		{name: "well-formed attributes of another account are not looked up", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceAccount, r.SourceAccountID = "other", otherAccount
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", targetGUID
		}), want: want{}},
		{name: "target instance missing", req: request(func(r *iam.AuthorizationRequest) { r.TargetScope = "instance" }), want: want{
			"target_instance": miss("Select the instance of the target service."),
		}},
		{name: "target instance unknown", req: request(func(r *iam.AuthorizationRequest) { r.TargetScope, r.TargetInstance = "instance", sourceGUID }), want: want{
			"target_instance": bad("Select an instance of Key Protect in this account."),
		}},
		{name: "target instance", req: request(func(r *iam.AuthorizationRequest) { r.TargetScope, r.TargetInstance = "instance", targetGUID }), want: want{}},
		{name: "target group missing", req: request(func(r *iam.AuthorizationRequest) { r.TargetScope = "group" }), want: want{
			"target_group": miss("Select the resource group of the target instances."),
		}},
		{name: "target group unknown", req: request(func(r *iam.AuthorizationRequest) { r.TargetScope, r.TargetGroup = "group", "g" }), want: want{
			"target_group": bad("Select a resource group of this account."),
		}},
		{name: "no role", req: request(func(r *iam.AuthorizationRequest) { r.Roles = nil }), want: want{
			"role": miss("Select at least one role."),
		}},
		{name: "only delegation is no role", req: request(func(r *iam.AuthorizationRequest) { r.Roles = []string{delegatorRole.CRN} }), want: want{
			"role": miss("Select at least one role."),
		}},
		{name: "roles not offered", req: request(func(r *iam.AuthorizationRequest) { r.Roles = []string{"Reader", "Boss", "Chief"} }), want: want{
			"role": bad("“Boss”, “Chief” is not a role this target offers to this source. Select roles from the list."),
		}},
		{name: "roles before services", req: request(func(r *iam.AuthorizationRequest) { r.TargetService = "" }), want: want{
			"target_service": miss("Select the target service."),
			"role":           miss("Select the source and the target service first: the roles depend on both."),
		}},
		{name: "roles not loaded", req: request(func(r *iam.AuthorizationRequest) { r.Roles = []string{"Boss"} }),
			offer: func(o *iam.AuthorizationOffer) { o.Roles, o.Incomplete = nil, true }, want: want{}},
		{name: "delegation offered", req: request(func(r *iam.AuthorizationRequest) { r.Delegate = true }), want: want{}},
		{name: "delegation not offered", req: request(func(r *iam.AuthorizationRequest) { r.Delegate = true }),
			offer: func(o *iam.AuthorizationOffer) { o.Roles = []iam.Role{readerRole} }, want: want{
				"delegate": bad("This source and target do not offer delegation; clear it."),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := offer()
			if tt.offer != nil {
				tt.offer(&o)
			}
			got := tt.req.Validate(myAccount, o)
			if !maps.Equal(got, iam.FieldErrors(tt.want)) {
				t.Errorf("Validate =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestAuthorizationRequestAuthorization(t *testing.T) {
	tests := []struct {
		name string
		req  iam.AuthorizationRequest
		want iam.Authorization
	}{
		{name: "this account, all resources", req: request(nil), want: iam.Authorization{
			Source: iam.Party{AccountID: myAccount, Service: "apprapp"}, Target: iam.Party{AccountID: myAccount, Service: "kms"},
			Roles: []iam.Role{readerRole},
		}},
		{name: "other account, attributes, target instance, delegation", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceAccount, r.SourceAccountID = "other", otherAccount
			r.SourceScope, r.SourceGroup, r.SourceInstance = "attributes", groupID, sourceGUID
			r.TargetScope, r.TargetInstance = "instance", targetGUID
			r.Roles, r.Delegate = []string{"writer", readerRole.CRN}, true
		}), want: iam.Authorization{
			Source: iam.Party{AccountID: otherAccount, Service: "apprapp", InstanceGUID: sourceGUID, ResourceGroupID: groupID},
			Target: iam.Party{AccountID: myAccount, Service: "kms", InstanceGUID: targetGUID},
			Roles:  []iam.Role{readerRole, writerRole, delegatorRole},
		}},
		{name: "delegation only by its own choice", req: request(func(r *iam.AuthorizationRequest) {
			r.TargetScope, r.TargetGroup = "group", groupID
			r.Roles = []string{"Reader", delegatorRole.DisplayName, "Boss"}
		}), want: iam.Authorization{
			Source: iam.Party{AccountID: myAccount, Service: "apprapp"}, Target: iam.Party{AccountID: myAccount, Service: "kms", ResourceGroupID: groupID},
			Roles: []iam.Role{readerRole},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.req.Authorization(myAccount, offer().Roles)
			if got.Source != tt.want.Source || got.Target != tt.want.Target || !slices.Equal(got.Roles, tt.want.Roles) {
				t.Errorf("Authorization =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestAuthorizationRequestPreselect(t *testing.T) {
	tests := []struct {
		name    string
		req     iam.AuthorizationRequest
		offered []iam.Role
		want    []string
	}{
		{name: "App Configuration to Key Protect", req: request(func(r *iam.AuthorizationRequest) { r.Roles, r.RolesChosen = nil, false }),
			offered: offer().Roles, want: []string{"Reader"}},
		{name: "App Configuration to Hyper Protect Crypto Services", req: request(func(r *iam.AuthorizationRequest) {
			r.TargetService, r.Roles, r.RolesChosen = "hs-crypto", nil, false
		}), offered: offer().Roles, want: []string{"Reader"}},
		{name: "roles already chosen, even none", req: request(func(r *iam.AuthorizationRequest) { r.Roles = nil }), offered: offer().Roles},
		{name: "another source", req: request(func(r *iam.AuthorizationRequest) {
			r.SourceService, r.Roles, r.RolesChosen = "event-notifications", nil, false
		}),
			offered: offer().Roles},
		{name: "another target", req: request(func(r *iam.AuthorizationRequest) {
			r.TargetService, r.Roles, r.RolesChosen = "event-notifications", nil, false
		}),
			offered: offer().Roles},
		{name: "Reader not offered", req: request(func(r *iam.AuthorizationRequest) { r.Roles, r.RolesChosen = nil, false }),
			offered: []iam.Role{writerRole}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.req
			r.Preselect(tt.offered)
			if !slices.Equal(r.Roles, tt.want) {
				t.Errorf("Roles = %q, want %q", r.Roles, tt.want)
			}
		})
	}
}

func TestDelegatorAndGrantableRoles(t *testing.T) {
	tests := []struct {
		name          string
		offered       []iam.Role
		wantGrantable []iam.Role
		wantDelegator bool
	}{
		{name: "none", offered: nil, wantGrantable: nil},
		{name: "without delegation", offered: []iam.Role{readerRole, writerRole}, wantGrantable: []iam.Role{readerRole, writerRole}},
		{name: "with delegation", offered: []iam.Role{readerRole, delegatorRole, writerRole}, wantGrantable: []iam.Role{readerRole, writerRole}, wantDelegator: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.offered)
			if got := iam.GrantableRoles(tt.offered); !slices.Equal(got, tt.wantGrantable) {
				t.Errorf("GrantableRoles = %v, want %v", got, tt.wantGrantable)
			}
			if !slices.Equal(tt.offered, before) {
				t.Errorf("GrantableRoles changed its argument to %v", tt.offered)
			}
			r, ok := iam.DelegatorRole(tt.offered)
			if ok != tt.wantDelegator || ok && r != delegatorRole {
				t.Errorf("DelegatorRole = %v, %v; want %v", r, ok, tt.wantDelegator)
			}
		})
	}
}

func TestServiceName(t *testing.T) {
	catalog := []iam.CatalogService{{Name: "kms", DisplayName: "Key Protect (catalog)"}}
	tests := []struct{ name, service, want string }{
		{name: "none is all", service: "", want: "All Identity and Access enabled services"},
		{name: "from the catalog", service: "kms", want: "Key Protect (catalog)"},
		{name: "known to the console", service: "apprapp", want: resources.ServiceDisplayName("apprapp")},
		{name: "unknown", service: "nope", want: resources.ServiceDisplayName("nope")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := iam.ServiceName(catalog, tt.service); got != tt.want {
				t.Errorf("ServiceName(%q) = %q, want %q", tt.service, got, tt.want)
			}
		})
	}
}

func TestAuthorizationRequestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   iam.AuthorizationRequest
		want iam.AuthorizationRequest
	}{
		{"nothing chosen", iam.AuthorizationRequest{},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"an account ID only counts for another account", iam.AuthorizationRequest{SourceAccount: "mine", SourceAccountID: otherAccount},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"another account keeps its ID", iam.AuthorizationRequest{SourceAccount: "other", SourceAccountID: otherAccount},
			iam.AuthorizationRequest{SourceAccount: "other", SourceAccountID: otherAccount, SourceScope: "all", TargetScope: "all"}},
		{"a named source instance means attributes", iam.AuthorizationRequest{SourceInstance: sourceGUID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "attributes", SourceInstance: sourceGUID, TargetScope: "all"}},
		{"all resources names no group or instance", iam.AuthorizationRequest{SourceScope: "all", SourceGroup: groupID, SourceInstance: sourceGUID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"an unknown source scope is all", iam.AuthorizationRequest{SourceScope: "some", SourceGroup: groupID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"a named target instance means instance", iam.AuthorizationRequest{TargetInstance: targetGUID, TargetGroup: groupID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "instance", TargetInstance: targetGUID}},
		{"a named target group means group", iam.AuthorizationRequest{TargetGroup: groupID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "group", TargetGroup: groupID}},
		{"the group scope drops an instance", iam.AuthorizationRequest{TargetScope: "group", TargetInstance: targetGUID, TargetGroup: groupID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "group", TargetGroup: groupID}},
		{"an unknown target scope is all", iam.AuthorizationRequest{TargetScope: "region", TargetInstance: targetGUID},
			iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"from an App Configuration instance, the source is App Configuration", iam.AuthorizationRequest{FromAppConfigInstance: true},
			iam.AuthorizationRequest{FromAppConfigInstance: true, SourceService: "apprapp", SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{"a named source service stays", iam.AuthorizationRequest{FromAppConfigInstance: true, SourceService: "event-notifications"},
			iam.AuthorizationRequest{FromAppConfigInstance: true, SourceService: "event-notifications", SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Normalize() = %+v, want %+v", got, tt.want)
			}
		})
	}
}
