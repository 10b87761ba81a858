package resources_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

func names(list []resources.Instance) []string {
	return servicetest.Names(list, func(inst resources.Instance) string { return inst.Name })
}

func TestListInstances(t *testing.T) {
	f := servicetest.Start(t)
	tests := []struct {
		name     string
		services []string
		want     []string
	}{
		{name: "all four services", want: []string{"app-config-enterprise", "app-config-eu", "app-config-lite",
			"event-notifications-us-south", "hpcs-us-south", "key-protect-eu-de", "key-protect-us-south"}},
		{name: "App Configuration", services: []string{resources.ServiceAppConfig},
			want: []string{"app-config-enterprise", "app-config-eu", "app-config-lite"}},
		{name: "Key Protect", services: []string{resources.ServiceKeyProtect}, want: []string{"key-protect-eu-de", "key-protect-us-south"}},
		{name: "Hyper Protect Crypto Services", services: []string{resources.ServiceHPCS}, want: []string{"hpcs-us-south"}},
		{name: "Event Notifications", services: []string{resources.ServiceEventNotifications}, want: []string{"event-notifications-us-south"}},
		{name: "two services", services: []string{resources.ServiceKeyProtect, resources.ServiceHPCS},
			want: []string{"hpcs-us-south", "key-protect-eu-de", "key-protect-us-south"}},
		{name: "unknown service", services: []string{"cloudantnosqldb"}, want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, tok := range []ibmcloud.Token{f.Admin, f.Viewer} {
				list, err := f.Resources.ListInstances(context.Background(), tok, tt.services...)
				if err != nil {
					t.Fatal(err)
				}
				if got := names(list); !slices.Equal(got, tt.want) {
					t.Fatalf("names = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// listByName lists the administrator's instances, and returns them by name too.
func listByName(t *testing.T, f servicetest.Env) ([]resources.Instance, map[string]resources.Instance) {
	t.Helper()
	list, err := f.Resources.ListInstances(context.Background(), f.Admin)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]resources.Instance{}
	for _, inst := range list {
		byName[inst.Name] = inst
	}
	return list, byName
}

func TestListInstancesDetails(t *testing.T) {
	f := servicetest.Start(t)
	_, byName := listByName(t, f)
	tests := []struct {
		name         string
		guid         string
		crn          string
		service      string
		region       string
		planName     string
		group        string
		enterprise   bool
		wantEndpoint bool
	}{
		{name: "app-config-enterprise", guid: cloudsim.AppConfigEnterpriseGUID, crn: cloudsim.AppConfigEnterpriseCRN, service: "apprapp",
			region: "us-south", planName: "enterprise/Enterprise", group: cloudsim.DefaultResourceGroupID, enterprise: true},
		{name: "app-config-lite", guid: cloudsim.AppConfigLiteGUID, crn: cloudsim.AppConfigLiteCRN, service: "apprapp",
			region: "us-south", planName: "lite/Lite", group: cloudsim.DefaultResourceGroupID},
		{name: "app-config-eu", guid: cloudsim.AppConfigEUGUID, crn: cloudsim.AppConfigEUCRN, service: "apprapp",
			region: "eu-de", planName: "enterprise/Enterprise", group: cloudsim.ProductionResourceGroupID, enterprise: true},
		{name: "key-protect-us-south", guid: cloudsim.KeyProtectUSSouthGUID, crn: cloudsim.KeyProtectUSSouthCRN, service: "kms",
			region: "us-south", planName: "tiered-pricing/Standard", group: cloudsim.DefaultResourceGroupID, wantEndpoint: true},
		{name: "key-protect-eu-de", guid: cloudsim.KeyProtectEUDEGUID, crn: cloudsim.KeyProtectEUDECRN, service: "kms",
			region: "eu-de", planName: "tiered-pricing/Standard", group: cloudsim.ProductionResourceGroupID, wantEndpoint: true},
		{name: "hpcs-us-south", guid: cloudsim.HPCSUSSouthGUID, crn: cloudsim.HPCSUSSouthCRN, service: "hs-crypto",
			region: "us-south", planName: "standard/Standard", group: cloudsim.DefaultResourceGroupID, wantEndpoint: true},
		{name: "event-notifications-us-south", guid: cloudsim.EventNotificationsGUID, crn: cloudsim.EventNotificationsCRN,
			service: "event-notifications", region: "us-south", planName: "standard/Standard", group: cloudsim.DefaultResourceGroupID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst, ok := byName[tt.name]
			if !ok {
				t.Fatalf("%s not listed", tt.name)
			}
			if inst.GUID != tt.guid || inst.CRN != tt.crn || inst.Service != tt.service || inst.Region != tt.region ||
				inst.ResourceGroupID != tt.group || inst.State != "active" {
				t.Errorf("instance = %+v", inst)
			}
			if inst.PlanName+"/"+inst.PlanDisplayName != tt.planName || inst.PlanID == "" || inst.PlanUnknown() {
				t.Errorf("plan = %q/%q (%s), want %q", inst.PlanName, inst.PlanDisplayName, inst.PlanID, tt.planName)
			}
			if inst.IsEnterprise() != tt.enterprise {
				t.Errorf("IsEnterprise = %v, want %v", inst.IsEnterprise(), tt.enterprise)
			}
			if tt.wantEndpoint && inst.Endpoint != f.Sim.URL || !tt.wantEndpoint && inst.Endpoint != "" {
				t.Errorf("endpoint = %q, want %v (%s)", inst.Endpoint, tt.wantEndpoint, f.Sim.URL)
			}
			if inst.CreatedAt.IsZero() {
				t.Error("no creation time")
			}
		})
	}
}

// TestListInstancesPages creates enough instances that the listing spans two pages of 100, with one of another service
// that must be left out.
func TestListInstancesPages(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	const extra = 100
	var want []string
	for i := range extra {
		name := fmt.Sprintf("kp-page-%03d", i)
		if _, err := f.Resources.CreateInstance(ctx, f.Admin, resources.CreateInstanceInput{Name: name, PlanID: cloudsim.KeyProtectPlanID,
			Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID}); err != nil {
			t.Fatal(err)
		}
		want = append(want, name)
	}
	if _, err := f.Resources.CreateInstance(ctx, f.Admin, resources.CreateInstanceInput{Name: "postgres", PlanID: cloudsim.DatabasesForPostgreSQLPlanID,
		Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID}); err != nil {
		t.Fatal(err)
	}
	want = append(want, "key-protect-eu-de", "key-protect-us-south")
	sort.Strings(want)
	list, err := f.Resources.ListInstances(ctx, f.Admin, resources.ServiceKeyProtect)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(list); !slices.Equal(got, want) {
		t.Fatalf("got %d instances, want %d: %v", len(got), len(want), got)
	}
	all, err := f.Resources.ListInstances(ctx, f.Admin)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != extra+7 || slices.Contains(names(all), "postgres") {
		t.Fatalf("all services: %d instances (postgres listed: %v), want %d", len(all), slices.Contains(names(all), "postgres"), extra+7)
	}
}

func TestGetInstance(t *testing.T) {
	f := servicetest.Start(t)
	tests := []struct {
		name     string
		id       string
		wantName string
		wantPlan string
		wantKind ibmcloud.Kind
	}{
		{name: "by GUID", id: cloudsim.KeyProtectUSSouthGUID, wantName: "key-protect-us-south", wantPlan: "Standard"},
		{name: "by CRN", id: cloudsim.AppConfigEUCRN, wantName: "app-config-eu", wantPlan: "Enterprise"},
		{name: "Lite by GUID", id: cloudsim.AppConfigLiteGUID, wantName: "app-config-lite", wantPlan: "Lite"},
		{name: "unknown GUID", id: "00000000-0000-4000-8000-00000000dead", wantKind: ibmcloud.KindNotFound},
		{name: "CRN of another account", id: strings.Replace(cloudsim.AppConfigEUCRN, cloudsim.DemoAccountID, cloudsim.OtherAccountID, 1),
			wantKind: ibmcloud.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inst, err := f.Resources.GetInstance(context.Background(), f.Admin, tt.id)
			if tt.wantKind != ibmcloud.KindUnknown {
				var e *ibmcloud.Error
				if !errors.As(err, &e) || e.Kind != tt.wantKind || e.Status != 404 {
					t.Fatalf("err = %v, want kind %v with status 404", err, tt.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if inst.Name != tt.wantName || inst.PlanDisplayName != tt.wantPlan {
				t.Errorf("instance = %s on %q, want %s on %q", inst.Name, inst.PlanDisplayName, tt.wantName, tt.wantPlan)
			}
		})
	}
}

func TestCreateAndDeleteInstance(t *testing.T) {
	tests := []struct {
		name         string
		in           resources.CreateInstanceInput
		wantService  string
		wantPlan     string
		wantEndpoint bool
	}{
		{name: "Key Protect", in: resources.CreateInstanceInput{Name: "kp-new", PlanID: cloudsim.KeyProtectPlanID, Region: "eu-gb",
			ResourceGroupID: cloudsim.ProductionResourceGroupID}, wantService: "kms", wantPlan: "Standard", wantEndpoint: true},
		{name: "App Configuration Lite", in: resources.CreateInstanceInput{Name: "ac-new", PlanID: cloudsim.AppConfigLitePlanID,
			Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID}, wantService: "apprapp", wantPlan: "Lite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			ctx := context.Background()
			created, err := f.Resources.CreateInstance(ctx, f.Admin, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if created.GUID == "" || created.Name != tt.in.Name || created.Service != tt.wantService || created.Region != tt.in.Region ||
				created.ResourceGroupID != tt.in.ResourceGroupID || created.PlanDisplayName != tt.wantPlan || (created.Endpoint != "") != tt.wantEndpoint {
				t.Fatalf("created = %+v", created)
			}
			list, err := f.Resources.ListInstances(ctx, f.Admin, tt.wantService)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(names(list), tt.in.Name) {
				t.Fatalf("new instance not listed: %v", names(list))
			}
			got, err := f.Resources.GetInstance(ctx, f.Admin, created.CRN)
			if err != nil || got.GUID != created.GUID {
				t.Fatalf("get by CRN = %+v, %v", got, err)
			}
			if err := f.Resources.DeleteInstance(ctx, f.Admin, created.GUID); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Resources.GetInstance(ctx, f.Admin, created.GUID); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
				t.Fatalf("get after delete: err = %v, want not found", err)
			}
			if err := f.Resources.DeleteInstance(ctx, f.Admin, created.GUID); !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
				t.Fatalf("second delete: err = %v, want not found", err)
			}
		})
	}
}

func TestCreateInstanceRefused(t *testing.T) {
	f := servicetest.Start(t)
	valid := resources.CreateInstanceInput{Name: "refused", PlanID: cloudsim.KeyProtectPlanID, Region: "us-south",
		ResourceGroupID: cloudsim.DefaultResourceGroupID}
	with := func(change func(*resources.CreateInstanceInput)) resources.CreateInstanceInput {
		in := valid
		change(&in)
		return in
	}
	tests := []struct {
		name     string
		viewer   bool
		in       resources.CreateInstanceInput
		wantKind ibmcloud.Kind
	}{
		{name: "viewer", viewer: true, in: valid, wantKind: ibmcloud.KindForbidden},
		{name: "unknown plan", in: with(func(in *resources.CreateInstanceInput) { in.PlanID = "no-such-plan" }), wantKind: ibmcloud.KindInvalid},
		{name: "unknown region", in: with(func(in *resources.CreateInstanceInput) { in.Region = "mars-north" }), wantKind: ibmcloud.KindInvalid},
		{name: "unknown resource group", in: with(func(in *resources.CreateInstanceInput) { in.ResourceGroupID = "nope" }), wantKind: ibmcloud.KindInvalid},
		{name: "blank name", in: with(func(in *resources.CreateInstanceInput) { in.Name = "  " }), wantKind: ibmcloud.KindInvalid},
		{name: "Hyper Protect Crypto Services", in: with(func(in *resources.CreateInstanceInput) { in.PlanID = cloudsim.HPCSStandardPlanID }), wantKind: ibmcloud.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := f.SignedIn(tt.viewer)
			_, err := f.Resources.CreateInstance(context.Background(), tok, tt.in)
			var e *ibmcloud.Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind {
				t.Fatalf("err = %#v, want kind %v", err, tt.wantKind)
			}
			if e.Message == "" {
				t.Error("no message")
			}
		})
	}
	list, err := f.Resources.ListInstances(context.Background(), f.Admin)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(names(list), "refused") {
		t.Fatal("a refused instance was created")
	}
	if err := f.Resources.DeleteInstance(context.Background(), f.Viewer, cloudsim.KeyProtectUSSouthGUID); !ibmcloud.IsKind(err, ibmcloud.KindForbidden) {
		t.Fatalf("viewer delete: err = %v, want forbidden", err)
	}
}

func TestListResourceGroups(t *testing.T) {
	f := servicetest.Start(t)
	want := []resources.ResourceGroup{
		{ID: cloudsim.DefaultResourceGroupID, Name: "Default", Default: true},
		{ID: cloudsim.ProductionResourceGroupID, Name: "production"},
	}
	for _, tok := range []ibmcloud.Token{f.Admin, f.Viewer} {
		groups, err := f.Resources.ListResourceGroups(context.Background(), tok, cloudsim.DemoAccountID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(groups, want) {
			t.Fatalf("groups = %+v, want %+v", groups, want)
		}
	}
}

// errOf is the error of a call that also returns a value.
func errOf[T any](_ T, err error) error { return err }

// TestUpstreamFailures checks that an API answering 503 (after the one retry) surfaces as unavailable with its status, in bounded time.
func TestUpstreamFailures(t *testing.T) {
	ctx := context.Background()
	listInstances := func(f servicetest.Env) error { return errOf(f.Resources.ListInstances(ctx, f.Admin)) }
	tests := []struct {
		name       string
		faults     string
		call       func(f servicetest.Env) error
		wantKind   ibmcloud.Kind
		wantStatus int
	}{
		{name: "list instances", faults: "resource-controller=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503,
			call: listInstances},
		{name: "get instance", faults: "resource-controller=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503,
			call: func(f servicetest.Env) error {
				return errOf(f.Resources.GetInstance(ctx, f.Admin, cloudsim.AppConfigEUGUID))
			}},
		{name: "create instance", faults: "resource-controller=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503,
			call: func(f servicetest.Env) error {
				return errOf(f.Resources.CreateInstance(ctx, f.Admin, resources.CreateInstanceInput{Name: "x",
					PlanID: cloudsim.KeyProtectPlanID, Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID}))
			}},
		{name: "delete instance", faults: "resource-controller=error:1:500", wantKind: ibmcloud.KindUnavailable, wantStatus: 500,
			call: func(f servicetest.Env) error {
				return f.Resources.DeleteInstance(ctx, f.Admin, cloudsim.KeyProtectEUDEGUID)
			}},
		{name: "plan names", faults: "global-catalog=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503,
			call: listInstances},
		{name: "resource groups", faults: "resource-manager=error:1:503", wantKind: ibmcloud.KindUnavailable, wantStatus: 503,
			call: func(f servicetest.Env) error {
				return errOf(f.Resources.ListResourceGroups(ctx, f.Admin, cloudsim.DemoAccountID))
			}},
		{name: "rate limited", faults: "resource-controller=error:1:429", wantKind: ibmcloud.KindRateLimited, wantStatus: 429,
			call: listInstances},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := servicetest.Start(t)
			f.Sim.SetFaults(t, tt.faults)
			start := time.Now()
			err := tt.call(f)
			var e *ibmcloud.Error
			if !errors.As(err, &e) || e.Kind != tt.wantKind || e.Status != tt.wantStatus {
				t.Fatalf("err = %#v, want kind %v with status %d", err, tt.wantKind, tt.wantStatus)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestTransientFailureRetried checks that one 503 among successes is absorbed by the retry.
func TestTransientFailureRetried(t *testing.T) {
	f := servicetest.Start(t)
	f.Sim.SetFaults(t, "resource-controller=error:0.5:503")
	for range 3 {
		if _, err := f.Resources.GetInstance(context.Background(), f.Admin, cloudsim.AppConfigEUGUID); err != nil {
			t.Fatalf("err = %v, want the retry to succeed", err)
		}
	}
}

// A plan the Global Catalog does not let the user read (403) leaves that plan unknown and the list whole; the
// instance is not taken for Enterprise, and the plan is asked again later rather than remembered as unknown.
func TestUnreadablePlan(t *testing.T) {
	f := servicetest.Start(t)
	f.Sim.SetFaults(t, "global-catalog=unreadable:"+cloudsim.AppConfigEnterprisePlanID)
	list, byName := listByName(t, f)
	if len(list) != 7 {
		t.Errorf("listed %v, want all 7 demo instances", names(list))
	}
	for _, tt := range []struct {
		name        string
		unknown     bool
		enterprise  bool
		planDisplay string
	}{
		{"app-config-enterprise", true, false, ""},
		{"app-config-eu", true, false, ""},
		{"app-config-lite", false, false, "Lite"},
		{"key-protect-us-south", false, false, "Standard"},
	} {
		inst := byName[tt.name]
		if inst.PlanUnknown() != tt.unknown || inst.IsEnterprise() != tt.enterprise || inst.PlanDisplayName != tt.planDisplay {
			t.Errorf("%s: unknown %v, enterprise %v, plan %q; want %v, %v, %q", tt.name, inst.PlanUnknown(), inst.IsEnterprise(),
				inst.PlanDisplayName, tt.unknown, tt.enterprise, tt.planDisplay)
		}
	}
	if _, err := f.Resources.GetInstance(context.Background(), f.Admin, cloudsim.AppConfigEnterpriseGUID); err != nil {
		t.Errorf("get instance on an unreadable plan: %v", err)
	}
	f.Sim.SetFaults(t, "")
	inst, err := f.Resources.GetInstance(context.Background(), f.Admin, cloudsim.AppConfigEnterpriseGUID)
	if err != nil || inst.PlanUnknown() || !inst.IsEnterprise() {
		t.Errorf("once readable: %+v, %v; want the Enterprise plan", inst, err)
	}
}

// Enterprise is decided from the plan's catalog name (lite, standardv2, enterprise), never its display name.
func TestIsEnterprise(t *testing.T) {
	tests := []struct {
		inst resources.Instance
		want bool
	}{
		{resources.Instance{PlanID: "p", PlanName: "enterprise", PlanDisplayName: "Enterprise"}, true},
		{resources.Instance{PlanID: "p", PlanName: "enterprise", PlanDisplayName: "Entreprise"}, true},
		{resources.Instance{PlanID: "p", PlanName: "standardv2", PlanDisplayName: "Enterprise"}, false},
		{resources.Instance{PlanID: "p", PlanName: "Enterprise", PlanDisplayName: "Enterprise"}, false},
		{resources.Instance{PlanID: "p", PlanName: "lite", PlanDisplayName: "Lite"}, false},
		{resources.Instance{PlanID: "p"}, false},
	}
	for _, tt := range tests {
		if got := tt.inst.IsEnterprise(); got != tt.want {
			t.Errorf("IsEnterprise(%+v) = %v, want %v", tt.inst, got, tt.want)
		}
	}
}
