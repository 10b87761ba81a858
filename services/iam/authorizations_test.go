package iam_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/servicetest"
)

// newEnv returns the services over a fresh cloudsim, connected without retries.
func newEnv(t *testing.T) servicetest.Env {
	t.Helper()
	return servicetest.StartWith(t, ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 0, MaxRetryWait: 100 * time.Millisecond})
}

// policyClient is a raw SDK client, to check what IAM stored independently of the service under test.
func policyClient(t *testing.T, sim *simtest.Sim) *iampolicymanagementv1.IamPolicyManagementV1 {
	t.Helper()
	c, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: sim.URL, Authenticator: &core.IamAuthenticator{ApiKey: cloudsim.DemoAdminAPIKey, URL: sim.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reader() []iam.Role { return []iam.Role{{CRN: cloudsim.RoleReaderCRN}} }

// TestCreateAuthorizationAttributes checks, through GetPolicy, that each scope combination yields exactly the documented attributes.
func TestCreateAuthorizationAttributes(t *testing.T) {
	env := newEnv(t)
	raw := policyClient(t, env.Sim)
	acct := cloudsim.DemoAccountID
	tests := []struct {
		name         string
		source       iam.Party
		target       iam.Party
		wantSubject  []string
		wantResource []string
	}{
		{
			name:         "all resources to all instances",
			source:       iam.Party{AccountID: acct, Service: "apprapp"},
			target:       iam.Party{AccountID: acct, Service: "kms"},
			wantSubject:  []string{"accountId=" + acct, "serviceName=apprapp"},
			wantResource: []string{"accountId=" + acct + " stringEquals", "serviceName=kms stringEquals"},
		},
		{
			name:        "instance to instance",
			source:      iam.Party{AccountID: acct, Service: "apprapp", InstanceGUID: cloudsim.AppConfigEnterpriseGUID},
			target:      iam.Party{AccountID: acct, Service: "kms", InstanceGUID: cloudsim.KeyProtectUSSouthGUID},
			wantSubject: []string{"accountId=" + acct, "serviceName=apprapp", "serviceInstance=" + cloudsim.AppConfigEnterpriseGUID},
			wantResource: []string{"accountId=" + acct + " stringEquals", "serviceName=kms stringEquals",
				"serviceInstance=" + cloudsim.KeyProtectUSSouthGUID + " stringEquals"},
		},
		{
			name:        "resource group to resource group",
			source:      iam.Party{AccountID: acct, Service: "apprapp", ResourceGroupID: cloudsim.ProductionResourceGroupID},
			target:      iam.Party{AccountID: acct, Service: "hs-crypto", ResourceGroupID: cloudsim.DefaultResourceGroupID},
			wantSubject: []string{"accountId=" + acct, "serviceName=apprapp", "resourceGroupId=" + cloudsim.ProductionResourceGroupID},
			wantResource: []string{"accountId=" + acct + " stringEquals", "serviceName=hs-crypto stringEquals",
				"resourceGroupId=" + cloudsim.DefaultResourceGroupID + " stringEquals"},
		},
		{
			name:   "group and instance to all instances",
			source: iam.Party{AccountID: acct, Service: "apprapp", InstanceGUID: cloudsim.AppConfigLiteGUID, ResourceGroupID: cloudsim.DefaultResourceGroupID},
			target: iam.Party{AccountID: acct, Service: "hs-crypto"},
			wantSubject: []string{"accountId=" + acct, "serviceName=apprapp", "serviceInstance=" + cloudsim.AppConfigLiteGUID,
				"resourceGroupId=" + cloudsim.DefaultResourceGroupID},
			wantResource: []string{"accountId=" + acct + " stringEquals", "serviceName=hs-crypto stringEquals"},
		},
		{
			name:        "other account to an instance",
			source:      iam.Party{AccountID: cloudsim.OtherAccountID, Service: "apprapp"},
			target:      iam.Party{AccountID: acct, Service: "kms", InstanceGUID: cloudsim.KeyProtectEUDEGUID},
			wantSubject: []string{"accountId=" + cloudsim.OtherAccountID, "serviceName=apprapp"},
			wantResource: []string{"accountId=" + acct + " stringEquals", "serviceName=kms stringEquals",
				"serviceInstance=" + cloudsim.KeyProtectEUDEGUID + " stringEquals"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			created, err := env.IAM.CreateAuthorization(context.Background(), env.Admin, iam.Authorization{Source: tt.source, Target: tt.target, Roles: reader()})
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if created.Source != tt.source || created.Target != tt.target {
				t.Errorf("created %+v -> %+v, want %+v -> %+v", created.Source, created.Target, tt.source, tt.target)
			}
			p, _, err := raw.GetPolicy(raw.NewGetPolicyOptions(created.ID))
			if err != nil {
				t.Fatalf("GetPolicy: %v", err)
			}
			if *p.Type != "authorization" || len(p.Subjects) != 1 || len(p.Resources) != 1 || len(p.Roles) != 1 {
				t.Fatalf("policy shape: type %s, %d subjects, %d resources, %d roles", *p.Type, len(p.Subjects), len(p.Resources), len(p.Roles))
			}
			var subject, resource []string
			for _, a := range p.Subjects[0].Attributes {
				subject = append(subject, *a.Name+"="+*a.Value)
			}
			for _, a := range p.Resources[0].Attributes {
				op := ""
				if a.Operator != nil {
					op = " " + *a.Operator
				}
				resource = append(resource, *a.Name+"="+*a.Value+op)
			}
			slices.Sort(subject)
			slices.Sort(resource)
			want := slices.Sorted(slices.Values(tt.wantSubject))
			if !slices.Equal(subject, want) {
				t.Errorf("subject attributes = %v, want %v", subject, want)
			}
			want = slices.Sorted(slices.Values(tt.wantResource))
			if !slices.Equal(resource, want) {
				t.Errorf("resource attributes = %v, want %v", resource, want)
			}
			if *p.Roles[0].RoleID != cloudsim.RoleReaderCRN {
				t.Errorf("role = %s, want Reader", *p.Roles[0].RoleID)
			}
		})
	}
}

func TestListFindAndDeleteAuthorizations(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	all, err := env.IAM.ListAuthorizations(ctx, env.Admin, cloudsim.DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(a iam.Authorization) bool { return a.ID == cloudsim.EUAuthorizationPolicyID })
	if i < 0 {
		t.Fatalf("seeded authorization %s not listed in %d", cloudsim.EUAuthorizationPolicyID, len(all))
	}
	seeded := all[i]
	if seeded.Source.Service != "apprapp" || seeded.Target.Service != "kms" || seeded.Target.InstanceGUID != cloudsim.KeyProtectEUDEGUID {
		t.Errorf("seeded authorization = %+v", seeded)
	}

	// More than one page of the pager (limit 100).
	for n := range 105 {
		src := iam.Party{AccountID: fmt.Sprintf("%032x", n+1), Service: "apprapp"}
		if _, err := env.IAM.CreateAuthorization(ctx, env.Admin, iam.Authorization{Source: src,
			Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "kms"}, Roles: reader()}); err != nil {
			t.Fatalf("create %d: %v", n, err)
		}
	}
	all, err = env.IAM.ListAuthorizations(ctx, env.Admin, cloudsim.DemoAccountID)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 106 {
		t.Errorf("listed %d authorizations, want at least 106 (pager must follow every page)", len(all))
	}

	if err := env.IAM.DeleteAuthorization(ctx, env.Admin, seeded.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if _, err := env.IAM.GetAuthorization(ctx, env.Admin, seeded.ID); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		t.Errorf("get after delete: %v, want NotFound", err)
	}
}

func TestViewerCannotCreate(t *testing.T) {
	env := newEnv(t)
	_, err := env.IAM.CreateAuthorization(context.Background(), env.Viewer, iam.Authorization{
		Source: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp"},
		Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "kms"}, Roles: reader()})
	if !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
		t.Fatalf("viewer create: %v, want Forbidden", err)
	}
}

func TestListAuthorizationRoles(t *testing.T) {
	env := newEnv(t)
	tests := []struct {
		target, source string
		want           []string
		delegation     bool
	}{
		{"kms", "apprapp", []string{"Reader"}, false},
		{"hs-crypto", "apprapp", []string{"Reader"}, false},
		{"kms", "databases-for-postgresql", []string{"Reader"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.source+" to "+tt.target, func(t *testing.T) {
			roles, err := env.IAM.ListAuthorizationRoles(context.Background(), env.Admin, tt.target, tt.source)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !slices.ContainsFunc(roles, func(r iam.Role) bool { return r.DisplayName == w && r.CRN != "" && r.Description != "" }) {
					t.Errorf("roles %v lack %s with CRN and description", roles, w)
				}
			}
			if got := slices.ContainsFunc(roles, iam.IsDelegatorRole); got != tt.delegation {
				t.Errorf("delegation offered = %v, want %v", got, tt.delegation)
			}
		})
	}
}

func TestListServices(t *testing.T) {
	env := newEnv(t)
	services, err := env.IAM.ListServices(context.Background(), env.Admin)
	if err != nil {
		t.Fatal(err)
	}
	for name, display := range map[string]string{"apprapp": "App Configuration", "kms": "Key Protect", "hs-crypto": "Hyper Protect Crypto Services"} {
		if got := iam.DisplayName(services, name); got != display {
			t.Errorf("DisplayName(%s) = %q, want %q (services %v)", name, got, display, services)
		}
	}
}

func TestFilter(t *testing.T) {
	a := iam.Authorization{ID: "abc-123", Source: iam.Party{Service: "apprapp", InstanceGUID: "g-1"}, Target: iam.Party{Service: "kms"},
		Roles: []iam.Role{{DisplayName: "Reader", CRN: cloudsim.RoleReaderCRN}}}
	tests := []struct {
		filter iam.Filter
		labels []string
		want   bool
	}{
		{iam.Filter{}, nil, true},
		{iam.Filter{Service: "kms"}, nil, true},
		{iam.Filter{Service: "apprapp"}, nil, true},
		{iam.Filter{Service: "hs-crypto"}, nil, false},
		{iam.Filter{Text: "ABC"}, nil, true},
		{iam.Filter{Text: "reader"}, nil, true},
		{iam.Filter{Text: "app-config-eu"}, []string{"Instance app-config-eu"}, true},
		{iam.Filter{Text: "app-config-eu"}, nil, false},
		{iam.Filter{Service: "kms", Text: "writer"}, nil, false},
	}
	for _, tt := range tests {
		if got := tt.filter.Matches(a, tt.labels...); got != tt.want {
			t.Errorf("%+v.Matches(labels %v) = %v, want %v", tt.filter, tt.labels, got, tt.want)
		}
	}
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		total, number, size int
		want                iam.Page
	}{
		{0, 1, 20, iam.Page{Number: 1, Count: 1}},
		{5, 1, 20, iam.Page{Number: 1, Count: 1, Start: 1, End: 5, Total: 5, Length: 5}},
		{45, 2, 20, iam.Page{Number: 2, Count: 3, Start: 21, End: 40, Total: 45, HasPrev: true, HasNext: true, FirstIndex: 20, Length: 20}},
		{45, 9, 20, iam.Page{Number: 3, Count: 3, Start: 41, End: 45, Total: 45, HasPrev: true, FirstIndex: 40, Length: 5}},
		{45, -1, 20, iam.Page{Number: 1, Count: 3, Start: 1, End: 20, Total: 45, HasNext: true, Length: 20}},
	}
	for _, tt := range tests {
		if got := iam.Paginate(tt.total, tt.number, tt.size); got != tt.want {
			t.Errorf("Paginate(%d, %d, %d) = %+v, want %+v", tt.total, tt.number, tt.size, got, tt.want)
		}
	}
}

func TestMatchRoles(t *testing.T) {
	offered := []iam.Role{{DisplayName: "Reader", CRN: cloudsim.RoleReaderCRN}, {DisplayName: "Writer", CRN: cloudsim.RoleWriterCRN}}
	matched, unknown := iam.MatchRoles(offered, []string{cloudsim.RoleWriterCRN, "reader", "Owner"})
	if len(matched) != 2 || matched[0].DisplayName != "Reader" || matched[1].DisplayName != "Writer" {
		t.Errorf("matched = %v", matched)
	}
	if !slices.Equal(unknown, []string{"Owner"}) {
		t.Errorf("unknown = %v", unknown)
	}
}

func TestEquivalents(t *testing.T) {
	acct := cloudsim.DemoAccountID
	tests := []struct {
		name          string
		a             iam.Authorization
		wantCLI       []string
		wantTerraform []string
	}{
		{
			name: "instance to instance",
			a: iam.Authorization{Source: iam.Party{AccountID: acct, Service: "apprapp", InstanceGUID: "src"},
				Target: iam.Party{AccountID: acct, Service: "kms", InstanceGUID: "dst"}, Roles: []iam.Role{{DisplayName: "Reader"}}},
			wantCLI: []string{"ibmcloud iam authorization-policy-create apprapp kms Reader", "--source-service-instance-id src",
				"--target-service-instance-id dst"},
			wantTerraform: []string{`resource "ibm_iam_authorization_policy" "apprapp_to_kms"`, `source_service_name         = "apprapp"`,
				`source_resource_instance_id = "src"`, `target_resource_instance_id = "dst"`, `roles                       = ["Reader"]`},
		},
		{
			name: "other account, groups, two roles",
			a: iam.Authorization{Source: iam.Party{AccountID: cloudsim.OtherAccountID, Service: "apprapp", ResourceGroupID: "rg1"},
				Target: iam.Party{AccountID: acct, Service: "hs-crypto", ResourceGroupID: "rg2"},
				Roles:  []iam.Role{{DisplayName: "Reader"}, {CRN: cloudsim.RoleAuthorizationDelegatorCRN}}},
			wantCLI: []string{"apprapp hs-crypto 'Reader,Authorization Delegator'", "--source-service-account " + cloudsim.OtherAccountID,
				"--source-resource-group-id rg1", "--target-resource-group-id rg2"},
			wantTerraform: []string{`source_service_account   = "` + cloudsim.OtherAccountID + `"`, `roles                    = ["Reader", "Authorization Delegator"]`},
		},
		{
			name: "instance in another account needs a policy file",
			a: iam.Authorization{Source: iam.Party{AccountID: cloudsim.OtherAccountID, Service: "apprapp", InstanceGUID: "src"},
				Target: iam.Party{AccountID: acct, Service: "kms"}, Roles: []iam.Role{{DisplayName: "Reader", CRN: cloudsim.RoleReaderCRN}}},
			wantCLI: []string{"ibmcloud iam authorization-policy-create --file authorization-policy.json", `"name": "serviceInstance"`,
				`"role_id": "` + cloudsim.RoleReaderCRN + `"`, `"operator": "stringEquals"`},
			wantTerraform: []string{`source_service_account      = "` + cloudsim.OtherAccountID + `"`, `source_resource_instance_id = "src"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli, tf := iam.CLICommand(tt.a), iam.TerraformBlock(tt.a)
			for _, w := range tt.wantCLI {
				if !strings.Contains(cli, w) {
					t.Errorf("CLI lacks %q:\n%s", w, cli)
				}
			}
			for _, w := range tt.wantTerraform {
				if !strings.Contains(tf, w) {
					t.Errorf("Terraform lacks %q:\n%s", w, tf)
				}
			}
		})
	}
}

func TestWizardOffersWhatTheChoicesNeed(t *testing.T) {
	tests := []struct {
		name          string
		request       iam.AuthorizationRequest
		faults        string
		wantSource    bool // source instances loaded
		wantTarget    bool // target instances loaded
		wantRolesRead bool // roles and existing authorizations loaded
		wantErr       bool
	}{
		{name: "nothing chosen loads the catalog and the groups", request: iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all", TargetScope: "all"}},
		{name: "both services and one target instance", request: iam.AuthorizationRequest{SourceAccount: "this", SourceService: "apprapp",
			SourceScope: "attributes", TargetService: "kms", TargetScope: "instance"}, wantSource: true, wantTarget: true, wantRolesRead: true},
		{name: "another account's instances are not listed", request: iam.AuthorizationRequest{SourceAccount: "other", SourceService: "apprapp",
			SourceScope: "attributes", TargetService: "kms", TargetScope: "all"}, wantRolesRead: true},
		{name: "a failed read is kept and the offer is incomplete", request: iam.AuthorizationRequest{SourceAccount: "this", SourceScope: "all",
			TargetScope: "all"}, faults: "resource-manager=error:1:500", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t)
			if tt.faults != "" {
				env.Sim.SetFaults(t, tt.faults)
			}
			o := iam.NewWizard(env.IAM, env.Resources).Offer(context.Background(), env.Admin, cloudsim.DemoAccountID, tt.request)
			if (o.Err != nil) != tt.wantErr || o.Incomplete != tt.wantErr || len(o.Services) == 0 || !tt.wantErr && len(o.Groups) == 0 {
				t.Fatalf("error %v, incomplete %v, %d services, %d groups", o.Err, o.Incomplete, len(o.Services), len(o.Groups))
			}
			if (o.SourceInstances != nil) != tt.wantSource || (o.TargetInstances != nil) != tt.wantTarget ||
				(o.Roles != nil) != tt.wantRolesRead || (o.Existing != nil) != tt.wantRolesRead {
				t.Errorf("loaded source instances %v, target instances %v, roles %v, existing %v; want %v, %v, %v",
					o.SourceInstances != nil, o.TargetInstances != nil, o.Roles != nil, o.Existing != nil, tt.wantSource, tt.wantTarget, tt.wantRolesRead)
			}
		})
	}
}

// withHPCSAuthorizations creates, besides the seeded authorization, n authorizations of App Configuration in other
// accounts on Hyper Protect Crypto Services.
func withHPCSAuthorizations(t *testing.T, env servicetest.Env, n int) {
	t.Helper()
	for i := range n {
		src := iam.Party{AccountID: fmt.Sprintf("%032x", i+1), Service: "apprapp"}
		if _, err := env.IAM.CreateAuthorization(context.Background(), env.Admin, iam.Authorization{Source: src,
			Target: iam.Party{AccountID: cloudsim.DemoAccountID, Service: "hs-crypto"}, Roles: reader()}); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
}

// TestWizardAuthorizationsPage checks the page's filters and paging, that names failing to load are kept beside a page
// shown with IDs, and that the list failing fails the page.
func TestWizardAuthorizationsPage(t *testing.T) {
	tests := []struct {
		name         string
		filter       iam.Filter
		page         int
		faults       string
		wantErr      bool
		wantNamesErr bool
		wantMatched  int
		wantShown    []string // the IDs shown, when the test knows them
		wantNumber   int
		wantNext     bool
	}{
		{name: "every authorization, first page", page: 1, wantMatched: 4, wantNumber: 1, wantNext: true},
		{name: "the last page", page: 2, wantMatched: 4, wantNumber: 2},
		{name: "a page beyond the last is the last", page: 9, wantMatched: 4, wantNumber: 2},
		{name: "by service", filter: iam.Filter{Service: "kms"}, wantMatched: 1, wantShown: []string{cloudsim.EUAuthorizationPolicyID}, wantNumber: 1},
		{name: "by an instance's name, which only the names know", filter: iam.Filter{Text: "Instance key-protect-eu"}, wantMatched: 1,
			wantShown: []string{cloudsim.EUAuthorizationPolicyID}, wantNumber: 1},
		{name: "nothing matches the text", filter: iam.Filter{Text: "no-such-thing"}, wantNumber: 1},
		{name: "names that fail to load leave IDs and the page", filter: iam.Filter{Text: "Instance key-protect-eu"}, faults: "resource-controller=error:1:500",
			wantNamesErr: true, wantNumber: 1},
		{name: "the list failing fails the page", faults: "iam-policy=error:1:500", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t)
			withHPCSAuthorizations(t, env, 3)
			if tt.faults != "" {
				env.Sim.SetFaults(t, tt.faults)
			}
			p, err := iam.NewWizard(env.IAM, env.Resources).AuthorizationsPage(context.Background(), env.Admin, cloudsim.DemoAccountID, tt.filter, tt.page, 2)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if (p.NamesErr != nil) != tt.wantNamesErr {
				t.Errorf("names error %v, want one: %v", p.NamesErr, tt.wantNamesErr)
			}
			if p.Total != 4 || !slices.Equal(p.Services, []string{"apprapp", "hs-crypto", "kms"}) {
				t.Errorf("total %d, services %v; want 4, [apprapp hs-crypto kms]", p.Total, p.Services)
			}
			var shown []string
			for _, a := range p.Shown {
				shown = append(shown, a.ID)
			}
			if p.Matched != tt.wantMatched || len(shown) != min(tt.wantMatched, 2) || tt.wantShown != nil && !slices.Equal(shown, tt.wantShown) {
				t.Errorf("matched %d, shown %v; want %d, %v", p.Matched, shown, tt.wantMatched, tt.wantShown)
			}
			if p.Page.Number != tt.wantNumber || p.Page.HasNext != tt.wantNext {
				t.Errorf("page %d (next %v), want %d (next %v)", p.Page.Number, p.Page.HasNext, tt.wantNumber, tt.wantNext)
			}
		})
	}
}

// TestWizardAuthorizationsPageReadsNamesAlongsideTheList checks that the names and the authorizations are read in one
// round of requests.
func TestWizardAuthorizationsPageReadsNamesAlongsideTheList(t *testing.T) {
	env, log := servicetest.StartLogged(t)
	env.Sim.SetFaults(t, "iam-policy=latency:100ms;global-catalog=latency:100ms;resource-manager=latency:100ms;resource-controller=latency:100ms")
	mark := log.Len()
	p, err := iam.NewWizard(env.IAM, env.Resources).AuthorizationsPage(context.Background(), env.Admin, cloudsim.DemoAccountID, iam.Filter{}, 1, 20)
	if err != nil || p.NamesErr != nil || p.Matched != 1 {
		t.Fatalf("page %+v, errors %v, %v; want the seeded authorization", p.Listing, err, p.NamesErr)
	}
	requests := log.Since(mark)
	if rounds := inproc.Rounds(requests); rounds != 1 {
		var paths []string
		for _, r := range requests {
			paths = append(paths, r.Method+" "+r.Path)
		}
		t.Errorf("%d rounds, want 1; requests:\n%s", rounds, strings.Join(paths, "\n"))
	}
}
