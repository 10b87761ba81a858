package resources_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/services/usercache"
)

// TestInstanceCacheRemembers checks the cache by breaking Resource Controller after a first answer: a remembered answer
// survives the outage, a forgotten one does not.
func TestInstanceCacheRemembers(t *testing.T) {
	const user = "IBMid-user"
	tests := []struct {
		name string
		call func(ctx context.Context, c *resources.InstanceCache, f fixture, userID string) (int, error)
		// invalidate, when set, must make the next call go upstream again.
		invalidate func(c *resources.InstanceCache)
		advance    time.Duration
		wantCached bool
		wantCount  int
	}{
		{name: "instances remembered", call: kpInstances, wantCached: true, wantCount: 2},
		{name: "instances after Forget", call: kpInstances, invalidate: func(c *resources.InstanceCache) { c.Forget(user) }, wantCount: 2},
		{name: "instances after Forget of another user", call: kpInstances,
			invalidate: func(c *resources.InstanceCache) { c.Forget("IBMid-other") }, wantCached: true, wantCount: 2},
		{name: "instances after the TTL", call: kpInstances, advance: usercache.DefaultTTL, wantCount: 2},
		{name: "instance remembered", call: oneInstance, wantCached: true, wantCount: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			ctx := context.Background()
			now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
			c := resources.NewInstanceCache(f.svc, usercache.DefaultTTL, func() time.Time { return now })
			n, err := tt.call(ctx, c, f, user)
			if err != nil || n != tt.wantCount {
				t.Fatalf("first call: %d, %v; want %d", n, err, tt.wantCount)
			}
			f.setFaults(t, "resource-controller=error:1:503")
			if tt.invalidate != nil {
				tt.invalidate(c)
			}
			now = now.Add(tt.advance)
			n, err = tt.call(ctx, c, f, user)
			if tt.wantCached {
				if err != nil || n != tt.wantCount {
					t.Fatalf("second call: %d, %v; want the remembered answer", n, err)
				}
				return
			}
			if !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
				t.Fatalf("second call: %d, %v; want it to reach the failing upstream", n, err)
			}
			// A failure is not remembered: once the upstream is back, the answer is.
			if err := f.sim.Server.SetFaults(cloudsim.Faults{}); err != nil {
				t.Fatal(err)
			}
			if n, err := tt.call(ctx, c, f, user); err != nil || n != tt.wantCount {
				t.Fatalf("after recovery: %d, %v", n, err)
			}
		})
	}
}

func kpInstances(ctx context.Context, c *resources.InstanceCache, f fixture, userID string) (int, error) {
	list, err := c.Instances(ctx, userID, f.admin, resources.ServiceKeyProtect)
	return len(list), err
}

func oneInstance(ctx context.Context, c *resources.InstanceCache, f fixture, userID string) (int, error) {
	inst, err := c.Instance(ctx, userID, f.admin, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		return 0, err
	}
	if inst.Name != "key-protect-us-south" {
		return 0, errors.New("wrong instance " + inst.Name)
	}
	return 1, nil
}

// TestInstanceCacheCopiesAndCreates checks that a caller cannot change a remembered list, that lists are per user, and
// that an instance created through the cache shows in the next listing.
func TestInstanceCacheCopiesAndCreates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := resources.NewInstanceCache(f.svc, usercache.DefaultTTL, nil)
	list, err := c.Instances(ctx, "admin", f.admin, resources.ServiceKeyProtect)
	if err != nil || len(list) != 2 {
		t.Fatalf("instances: %v, %v", names(list), err)
	}
	list[0].Name = "changed by the caller"
	again, err := c.Instances(ctx, "admin", f.admin, resources.ServiceKeyProtect)
	if err != nil || slices.Contains(names(again), "changed by the caller") {
		t.Fatalf("the remembered list was changed through a returned slice: %v, %v", names(again), err)
	}
	created, err := c.CreateInstance(ctx, "admin", f.admin, resources.ServiceKeyProtect, resources.CreateInstanceInput{Name: "panel-kp",
		PlanID: cloudsim.KeyProtectPlanID, Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID})
	if err != nil {
		t.Fatal(err)
	}
	list, err = c.Instances(ctx, "admin", f.admin, resources.ServiceKeyProtect)
	if err != nil || len(list) != 3 || !slices.ContainsFunc(list, func(i resources.Instance) bool { return i.GUID == created.GUID }) {
		t.Fatalf("instances after create = %d, %v", len(list), err)
	}
	f.setFaults(t, "resource-controller=error:1:503")
	if _, err := c.Instances(ctx, "viewer", f.viewer, resources.ServiceKeyProtect); !ibmcloud.IsKind(err, ibmcloud.KindUnavailable) {
		t.Fatalf("another user's list came from the admin's memory: err = %v", err)
	}
}
