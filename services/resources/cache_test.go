package resources_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/redistest"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

// TestInstanceCache checks the cache by breaking Resource Controller after a first answer: a remembered answer survives
// the outage; another user's, a forgotten or an expired one does not, and a failure is not remembered.
func TestInstanceCache(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	c := resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, func() time.Time { return now }, nil)
	kp := func(user string, tok ibmcloud.Token) ([]string, error) {
		list, err := c.Instances(ctx, user, tok, resources.ServiceKeyProtect)
		return names(list), err
	}
	list, err := kp("admin", f.Admin)
	if err != nil || len(list) != 2 {
		t.Fatalf("instances: %v, %v", list, err)
	}
	if _, err := c.Instance(ctx, "admin", f.Admin, cloudsim.KeyProtectUSSouthGUID); err != nil {
		t.Fatal(err)
	}
	f.Sim.SetFaults(t, "resource-controller=error:1:503")
	if again, err := kp("admin", f.Admin); err != nil || !slices.Equal(again, list) {
		t.Fatalf("instances during the outage: %v, %v; want the remembered answer", again, err)
	}
	if inst, err := c.Instance(ctx, "admin", f.Admin, cloudsim.KeyProtectUSSouthGUID); err != nil || inst.Name != "key-protect-us-south" {
		t.Fatalf("instance during the outage: %+v, %v; want the remembered answer", inst, err)
	}
	if _, err := kp("viewer", f.Viewer); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("another user's list came from the admin's memory: err = %v", err)
	}
	c.Forget("IBMid-other")
	if _, err := kp("admin", f.Admin); err != nil {
		t.Fatalf("Forget of another user dropped the admin's list: %v", err)
	}
	now = now.Add(usercache.DefaultTTL)
	if _, err := kp("admin", f.Admin); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("instances after the TTL: err = %v, want the failing upstream", err)
	}
	if err := f.Sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	if list, err = kp("admin", f.Admin); err != nil || len(list) != 2 {
		t.Fatalf("after recovery: %v, %v", list, err)
	}
	f.Sim.SetFaults(t, "resource-controller=error:1:503")
	c.Forget("admin")
	if _, err := kp("admin", f.Admin); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("instances after Forget: err = %v, want the failing upstream", err)
	}
}

// TestInstanceCacheCopiesAndCreates checks that a caller cannot change a remembered list, and that an instance created
// through the cache shows in the next listing.
func TestInstanceCacheCopiesAndCreates(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	c := resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, nil, nil)
	list, err := c.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect)
	if err != nil || len(list) != 2 {
		t.Fatalf("instances: %v, %v", names(list), err)
	}
	list[0].Name = "changed by the caller"
	again, err := c.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect)
	if err != nil || slices.Contains(names(again), "changed by the caller") {
		t.Fatalf("the remembered list was changed through a returned slice: %v, %v", names(again), err)
	}
	created, err := c.CreateInstance(ctx, "admin", f.Admin, resources.ServiceKeyProtect, resources.CreateInstanceInput{Name: "panel-kp",
		PlanID: cloudsim.KeyProtectPlanID, Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID})
	if err != nil {
		t.Fatal(err)
	}
	list, err = c.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect)
	if err != nil || len(list) != 3 || !slices.ContainsFunc(list, func(i resources.Instance) bool { return i.GUID == created.GUID }) {
		t.Fatalf("instances after create = %d, %v", len(list), err)
	}
}

// TestPlacesAndPlansAreSharedByUsers checks that what never changes about an instance (its place) and the names of a
// plan, once read by one user, serve every user without another read, and that InstanceLocated hands out the place
// before Resource Controller answers, yet fails when Resource Controller does.
func TestPlacesAndPlansAreSharedByUsers(t *testing.T) {
	f := servicetest.Start(t)
	ctx := context.Background()
	c := resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, nil, nil)
	if _, ok := f.Resources.Placed(cloudsim.KeyProtectUSSouthGUID); ok {
		t.Fatal("a fresh service knows an instance's place")
	}
	if _, err := f.Resources.ListInstances(ctx, f.Admin, resources.ServiceKeyProtect); err != nil {
		t.Fatal(err)
	}
	place, ok := f.Resources.Placed(cloudsim.KeyProtectUSSouthGUID)
	if !ok || place.Region != "us-south" || place.Service != resources.ServiceKeyProtect || place.Endpoint == "" {
		t.Fatalf("place after a list = %+v, %v; want the Key Protect instance in us-south with its endpoint", place, ok)
	}
	f.Sim.SetFaults(t, "global-catalog=error:1:503")
	inst, err := c.Instance(ctx, "viewer", f.Viewer, cloudsim.KeyProtectUSSouthGUID)
	if err != nil || inst.PlanName == "" {
		t.Fatalf("another user's instance with the catalog down = %+v, %v; want its plan named from the admin's read", inst, err)
	}
	f.Sim.SetFaults(t, "resource-controller=error:1:503")
	var located []resources.Instance
	_, err = c.InstanceLocated(ctx, "other", f.Admin, cloudsim.KeyProtectUSSouthGUID, func(p resources.Instance) { located = append(located, p) })
	if !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("InstanceLocated with Resource Controller down: err = %v, want it unavailable", err)
	}
	if len(located) != 1 || located[0].Region != "us-south" {
		t.Fatalf("located was called with %+v; want the known place once", located)
	}
}

// TestLoadPlansNamesPlansNotSeenYet checks that LoadPlans reads the plans of the known services in the background,
// from the public catalog without a token, so that an instance on a plan no read has met yet is named without the
// catalog; that it reads them only once within PlanRefresh, and again soon after a read that failed.
func TestLoadPlansNamesPlansNotSeenYet(t *testing.T) {
	env, log := servicetest.StartLogged(t)
	sim, svc := env.Sim, resources.NewService(env.Connector)
	wait := func(done <-chan struct{}) {
		t.Helper()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the catalog read did not end")
		}
	}
	planReads := func(mark int) int {
		var plans int
		for _, r := range log.Since(mark) {
			if strings.HasSuffix(r.Path, "/plan") {
				plans++
			}
		}
		return plans
	}
	// A failed read is tried again by the next call.
	sim.SetFaults(t, "global-catalog=error:1:503")
	wait(svc.LoadPlans())
	sim.SetFaults(t, "")
	mark := log.Len()
	first, second := svc.LoadPlans(), svc.LoadPlans()
	wait(first)
	wait(second)
	// The known services are four: each is searched for, then its plans are read, once.
	if plans := planReads(mark); plans != 4 {
		t.Fatalf("%d reads of plans, want 4 (once per known service)", plans)
	}
	wait(svc.LoadPlans())
	if plans := planReads(mark); plans != 4 {
		t.Fatalf("%d reads of plans after a third call, want still 4", plans)
	}
	sim.SetFaults(t, "global-catalog=error:1:503")
	inst, err := svc.GetInstance(context.Background(), env.Admin, cloudsim.AppConfigEnterpriseGUID)
	if err != nil || !inst.IsEnterprise() || inst.PlanDisplayName == "" {
		t.Fatalf("instance with the catalog down = %+v, %v; want it named on the Enterprise plan", inst, err)
	}
}

// TestLocateFromCRN checks what an address's CRN tells before Resource Controller answers: the region (and Key
// Protect's regional endpoint) of App Configuration and Key Protect instances, nothing for a Hyper Protect Crypto
// Services instance (its endpoint is its own) or for text that names no instance.
func TestLocateFromCRN(t *testing.T) {
	f := servicetest.Start(t)
	tests := []struct {
		id                     string
		ok                     bool
		service, region, where string
	}{
		{cloudsim.AppConfigEnterpriseCRN, true, resources.ServiceAppConfig, "us-south", ""},
		{cloudsim.KeyProtectEUDECRN, true, resources.ServiceKeyProtect, "eu-de", f.Sim.URL},
		{cloudsim.HPCSUSSouthCRN, false, "", "", ""},
		{cloudsim.EventNotificationsCRN, false, "", "", ""},
		{cloudsim.AppConfigEnterpriseGUID, false, "", "", ""},
		{"crn:v1:bluemix:public:apprapp:us-south:a/" + cloudsim.DemoAccountID + ":not-a-guid::", false, "", "", ""},
	}
	for _, tt := range tests {
		place, ok := f.Resources.Locate(tt.id)
		if ok != tt.ok || ok && (place.Service != tt.service || place.Region != tt.region || place.Endpoint != tt.where || place.CRN != tt.id) {
			t.Errorf("Locate(%s) = %+v, %v", tt.id, place, ok)
		}
	}
}

// TestInstanceCacheAcrossReplicas: two replicas' caches share their versions through one Redis; an instance created
// on replica A shows at once in replica B's list, which B had remembered, without B making more calls than that.
func TestInstanceCacheAcrossReplicas(t *testing.T) {
	server := redistest.Start(t)
	f := servicetest.Start(t)
	ctx := context.Background()
	replica := func() *resources.InstanceCache {
		return resources.NewInstanceCache(f.Resources, usercache.DefaultTTL, nil,
			usercache.NewRedisVersions(server.Client(), "instances", usercache.DefaultTTL))
	}
	a, b := replica(), replica()
	for _, c := range []*resources.InstanceCache{a, b} {
		if list, err := c.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect); err != nil || len(list) != 2 {
			t.Fatalf("instances: %v, %v", names(list), err)
		}
	}
	f.Sim.SetFaults(t, "resource-controller=error:1:503")
	if _, err := b.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect); err != nil {
		t.Fatalf("replica B did not remember its list: %v", err)
	}
	if err := f.Sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateInstance(ctx, "admin", f.Admin, resources.ServiceKeyProtect, resources.CreateInstanceInput{Name: "made-on-a",
		PlanID: cloudsim.KeyProtectPlanID, Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID}); err != nil {
		t.Fatal(err)
	}
	list, err := b.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect)
	if err != nil || !slices.Contains(names(list), "made-on-a") {
		t.Fatalf("replica B after a create on A: %v, %v; want the new instance", names(list), err)
	}
	a.Forget("admin")
	f.Sim.SetFaults(t, "resource-controller=error:1:503")
	if _, err := b.Instances(ctx, "admin", f.Admin, resources.ServiceKeyProtect); err == nil {
		t.Fatal("replica B answered from memory after replica A forgot the user")
	}
}
