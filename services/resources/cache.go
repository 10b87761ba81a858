package resources

import (
	"context"
	"strings"
	"time"

	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/usercache"
)

// Kinds of remembered instance answers.
const (
	kindInstance  = "instance"
	kindInstances = "instances"
)

// InstanceCache reads a user's service instances through a Service, remembering every answer per user for a short
// time, and forgets a list when the console itself changes it.
type InstanceCache struct {
	instances *Service
	store     *usercache.Store
}

// NewInstanceCache returns an InstanceCache over instances that remembers answers for ttl (0 remembers nothing),
// forgetting on every replica through versions (nil: in this process only).
func NewInstanceCache(instances *Service, ttl time.Duration, now func() time.Time, versions usercache.Versions) *InstanceCache {
	return &InstanceCache{instances: instances, store: usercache.New(ttl, now, versions)}
}

// Instance returns the user's instance with the given GUID or CRN.
func (c *InstanceCache) Instance(ctx context.Context, userID string, tok ibmcloud.Token, id string) (Instance, error) {
	return c.InstanceLocated(ctx, userID, tok, id, nil)
}

// InstanceLocated is Instance that calls located, when not nil, once, as soon as the instance's place (GUID, CRN,
// service, region) is known: at once when a read of this process met the instance before, else when Resource
// Controller answers, before its plan is named; so that reads needing only the place start without waiting. id is a
// GUID or an instance CRN, whose place is known at once (Service.Locate). What located starts must not be shown
// unless InstanceLocated succeeds: a place learned from another user's read, or from a CRN, proves nothing about this
// user.
func (c *InstanceCache) InstanceLocated(ctx context.Context, userID string, tok ibmcloud.Token, id string, located func(Instance)) (Instance, error) {
	if place, ok := c.instances.Locate(id); ok && located != nil {
		located(place)
		located = nil
	}
	// An instance is remembered by its GUID, whichever way an address names it, and a CRN must be the instance's own.
	key := id
	if guid, ok := crn.InstanceGUID(id); ok {
		key = guid
	}
	inst, err := usercache.One(c.store, usercache.Key{User: userID, Kind: kindInstance, ID: key}, func() (Instance, error) {
		return c.instances.ReadInstance(ctx, tok, id)
	})
	if err == nil && strings.HasPrefix(id, "crn:") && inst.CRN != id {
		err = notFoundAt(id)
	}
	if err != nil {
		return Instance{}, err
	}
	if located != nil {
		located(inst)
	}
	return c.instances.NamePlan(ctx, tok, inst)
}

// Instances returns the user's instances of one catalog service in every region, by name; their plans are named only
// when the console already knows them (the pages that list them show no plan), so that no Global Catalog read waits.
func (c *InstanceCache) Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]Instance, error) {
	return usercache.List(c.store, usercache.Key{User: userID, Kind: kindInstances, ID: service}, func() ([]Instance, error) {
		return c.instances.ListInstancesUnnamed(ctx, tok, service)
	})
}

// Locate returns where the instance that id (a GUID or an instance CRN) names is, without reading, as Service.Locate
// does; it proves nothing about who may see the instance, nor that a CRN is right.
func (c *InstanceCache) Locate(id string) (Instance, bool) {
	return c.instances.Locate(id)
}

// CreateInstance creates an instance of the catalog service and forgets the user's remembered instance list of it.
func (c *InstanceCache) CreateInstance(ctx context.Context, userID string, tok ibmcloud.Token, service string, in CreateInstanceInput) (Instance, error) {
	inst, err := c.instances.CreateInstance(ctx, tok, in)
	c.store.ForgetKey(usercache.Key{User: userID, Kind: kindInstances, ID: service})
	return inst, err
}

// Forget drops every instance remembered for the user.
func (c *InstanceCache) Forget(userID string) {
	c.store.ForgetUser(userID)
}
