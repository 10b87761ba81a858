package iam_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
)

// names is what offer() loaded, for myAccount.
func names() iam.Names {
	return iam.WizardOffer{AuthorizationOffer: offer()}.Names(myAccount)
}

func TestNamesSummaryAndRemoval(t *testing.T) {
	instanceToInstance := iam.Authorization{
		Source: iam.Party{AccountID: myAccount, Service: "apprapp", InstanceGUID: sourceGUID},
		Target: iam.Party{AccountID: myAccount, Service: "kms", InstanceGUID: targetGUID}, Roles: []iam.Role{readerRole}}
	tests := []struct {
		name        string
		a           iam.Authorization
		summary     string
		consequence string
		warns       bool
	}{
		{name: "named instances", a: instanceToInstance,
			summary:     "App Configuration (instance app-config-eu) has Reader access to Key Protect (instance key-protect-eu-de).",
			consequence: "App Configuration (instance app-config-eu) will lose this access to Key Protect (instance key-protect-eu-de) as soon as the authorization is removed.",
			warns:       true},
		{name: "other account, unknown group, several roles",
			a: iam.Authorization{Source: iam.Party{AccountID: otherAccount, Service: "apprapp"},
				Target: iam.Party{AccountID: myAccount, Service: "kms", ResourceGroupID: "g-unknown"}, Roles: []iam.Role{readerRole, writerRole, delegatorRole}},
			summary:     "App Configuration (all resources in account " + otherAccount + ") has Reader, Writer and Authorization Delegator access to Key Protect (resource group g-unknown).",
			consequence: "App Configuration (all resources) will lose this access to Key Protect (resource group g-unknown) as soon as the authorization is removed.",
			warns:       true},
		{name: "no warning outside key management",
			a:           iam.Authorization{Source: iam.Party{Service: "kms"}, Target: iam.Party{Service: "apprapp"}, Roles: []iam.Role{writerRole}},
			summary:     "Key Protect (all resources) has Writer access to App Configuration (all instances).",
			consequence: "Key Protect (all resources) will lose this access to App Configuration (all instances) as soon as the authorization is removed."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := names()
			if got := n.Summary(tt.a); got != tt.summary {
				t.Errorf("Summary =\n%q, want\n%q", got, tt.summary)
			}
			if got := n.RemovalConsequence(tt.a); got != tt.consequence {
				t.Errorf("RemovalConsequence =\n%q, want\n%q", got, tt.consequence)
			}
			if got := n.RemovalWarning(tt.a); (got != "") != tt.warns {
				t.Errorf("RemovalWarning = %q, want a warning: %v", got, tt.warns)
			}
		})
	}
}

func TestNamesLabels(t *testing.T) {
	n := names()
	if got := n.InstanceLabel(resources.Instance{Name: "kp", Region: "eu-de", ResourceGroupID: groupID}); got != "kp (eu-de, Default)" {
		t.Errorf("InstanceLabel = %q", got)
	}
	if got := n.InstanceLabel(resources.Instance{Name: "kp"}); got != "kp" {
		t.Errorf("InstanceLabel without details = %q", got)
	}
	if got := n.ChosenService(""); got != "" {
		t.Errorf("ChosenService of none = %q", got)
	}
	list := []iam.Authorization{{Source: iam.Party{Service: "kms"}, Target: iam.Party{Service: "apprapp"}}, {Source: iam.Party{Service: "apprapp"}, Target: iam.Party{Service: "kms"}}}
	if got := n.FilterServices(list); !reflect.DeepEqual(got, []string{"apprapp", "kms"}) {
		t.Errorf("FilterServices = %v, want by display name", got)
	}
}

func TestList(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	var all []iam.Authorization
	for i := range 25 {
		svc := "kms"
		if i%5 == 0 {
			svc = "hs-crypto"
		}
		all = append(all, iam.Authorization{ID: string(rune('a'+i)) + "-id", CreatedAt: day.Add(time.Duration(i) * time.Hour),
			Source: iam.Party{Service: "apprapp", InstanceGUID: sourceGUID}, Target: iam.Party{Service: svc}})
	}
	tests := []struct {
		name        string
		filter      iam.Filter
		page        int
		wantMatched int
		wantShown   int
		wantFirst   string
	}{
		{name: "first page, newest first", page: 1, wantMatched: 25, wantShown: 20, wantFirst: "y-id"},
		{name: "second page", page: 2, wantMatched: 25, wantShown: 5, wantFirst: "e-id"},
		{name: "page beyond the last is the last", page: 9, wantMatched: 25, wantShown: 5, wantFirst: "e-id"},
		{name: "service filter", filter: iam.Filter{Service: "hs-crypto"}, wantMatched: 5, wantShown: 5, wantFirst: "u-id"},
		{name: "search by instance name", filter: iam.Filter{Text: "APP-CONFIG-EU"}, wantMatched: 25, wantShown: 20, wantFirst: "y-id"},
		{name: "nothing matches", filter: iam.Filter{Text: "nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := iam.List(all, names(), tt.filter, tt.page, 20)
			if l.Matched != tt.wantMatched || len(l.Shown) != tt.wantShown {
				t.Fatalf("matched %d, shown %d; want %d, %d", l.Matched, len(l.Shown), tt.wantMatched, tt.wantShown)
			}
			if tt.wantShown > 0 && l.Shown[0].ID != tt.wantFirst {
				t.Errorf("first shown %q, want %q", l.Shown[0].ID, tt.wantFirst)
			}
		})
	}
}

func TestWizardReview(t *testing.T) {
	same := iam.Authorization{ID: "existing-1", Source: iam.Party{AccountID: myAccount, Service: "apprapp"},
		Target: iam.Party{AccountID: myAccount, Service: "kms"}, Roles: []iam.Role{{CRN: readerRole.CRN}}}
	tests := []struct {
		name          string
		request       iam.AuthorizationRequest
		existing      []iam.Authorization
		errs          iam.FieldErrors
		loadErr       error
		wantReview    bool
		wantSentences []string
		wantExisting  string
	}{
		{name: "whole account to whole service", request: request(nil), wantReview: true, wantSentences: []string{
			"App Configuration (all resources) has Reader access to Key Protect (all instances).",
			"Every instance of App Configuration in this account gets this access, including instances created later.",
			"The access covers every instance of Key Protect in this account, including instances created later."}},
		{name: "other account with delegation", request: request(func(r *iam.AuthorizationRequest) {
			r.SourceAccount, r.SourceAccountID, r.TargetScope, r.TargetInstance, r.Delegate = "other", otherAccount, "instance", targetGUID, true
		}), wantReview: true, wantSentences: []string{
			"App Configuration (all resources in account " + otherAccount + ") has Reader and Authorization Delegator access to Key Protect (instance key-protect-eu-de).",
			"Every instance of App Configuration in account " + otherAccount + " gets this access, including instances created later.",
			"App Configuration can delegate this access to the services it depends on."}},
		{name: "the same authorization exists", request: request(nil), existing: []iam.Authorization{same}, wantReview: true,
			wantExisting: "App Configuration (all resources) has Reader access to Key Protect (all instances)."},
		{name: "a wrong field: no review", request: request(nil), errs: iam.FieldErrors{"role": {Message: "x"}}},
		{name: "offer not loaded: no review", request: request(nil), loadErr: errors.New("catalog unavailable")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := iam.WizardOffer{AuthorizationOffer: offer(), Existing: tt.existing, Err: tt.loadErr}
			rv := o.Review(myAccount, tt.request, tt.errs)
			if (rv != nil) != tt.wantReview {
				t.Fatalf("review = %+v, want one: %v", rv, tt.wantReview)
			}
			if rv == nil {
				return
			}
			if tt.wantSentences != nil && !reflect.DeepEqual(rv.Sentences, tt.wantSentences) {
				t.Errorf("sentences =\n%q\nwant\n%q", rv.Sentences, tt.wantSentences)
			}
			if rv.ExistingSummary != tt.wantExisting || (rv.Existing != nil) != (tt.wantExisting != "") {
				t.Errorf("existing = %v %q, want %q", rv.Existing, rv.ExistingSummary, tt.wantExisting)
			}
			if !strings.Contains(rv.CLI, "ibmcloud iam authorization-policy-create") {
				t.Errorf("CLI = %q", rv.CLI)
			}
		})
	}
}

func TestWizardRoles(t *testing.T) {
	tests := []struct {
		name        string
		request     iam.AuthorizationRequest
		roles       []iam.Role
		wantChosen  []string
		wantOffered int
		wantHelp    string
	}{
		{name: "chosen role checked, delegation apart", request: request(nil), roles: offer().Roles, wantChosen: []string{"Reader"}, wantOffered: 2},
		{name: "no target service yet", request: request(func(r *iam.AuthorizationRequest) { r.TargetService = "" }),
			wantHelp: "Select the source and the target service to see the roles the target offers."},
		{name: "target offers no role", request: request(nil), roles: []iam.Role{delegatorRole},
			wantHelp: "Key Protect offers no role to App Configuration in an authorization."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := iam.WizardOffer{AuthorizationOffer: offer()}
			o.Roles = tt.roles
			choices := o.RoleChoices(tt.request)
			var chosen []string
			for _, c := range choices {
				if c.Chosen {
					chosen = append(chosen, c.DisplayName)
				}
			}
			if len(choices) != tt.wantOffered || !reflect.DeepEqual(chosen, tt.wantChosen) {
				t.Errorf("%d roles offered, chosen %v; want %d, %v", len(choices), chosen, tt.wantOffered, tt.wantChosen)
			}
			if got := o.RolesHelp(tt.request, names()); got != tt.wantHelp {
				t.Errorf("RolesHelp = %q, want %q", got, tt.wantHelp)
			}
		})
	}
}

func TestOrderServices(t *testing.T) {
	services := []iam.CatalogService{{Name: "a"}, {Name: "hs-crypto"}, {Name: "b"}, {Name: "kms"}}
	var got []string
	for _, s := range iam.OrderServices(services, "kms", "hs-crypto") {
		got = append(got, s.Name)
	}
	if want := []string{"kms", "hs-crypto", "a", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("OrderServices = %v, want %v", got, want)
	}
}
