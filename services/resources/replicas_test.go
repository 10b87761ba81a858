package resources_test

import (
	"context"
	"slices"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/redistest"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
	"appconfig-console/services/usercache"
)

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
