package kms

import (
	"context"
	"slices"
	"time"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/services/usercache"
)

// Kinds of remembered key management answers.
const (
	kindRootKeys = "root-keys"
	kindPlans    = "plans"
)

// KeyCache answers the Key Management panel's questions about keys: which root keys an instance holds, and which plans
// a new instance can have. It remembers the answers for a short time (root keys per user) and forgets a user's root
// keys of an instance when the console itself changes them. What it does not remember (one key, GetKey) is the
// client's own.
type KeyCache struct {
	*Client
	store *usercache.Store
}

// NewKeyCache returns a KeyCache over client that remembers answers for ttl (0 remembers nothing), forgetting on every
// replica through versions (nil: in this process only).
func NewKeyCache(client *Client, ttl time.Duration, now func() time.Time, versions usercache.Versions) *KeyCache {
	return &KeyCache{Client: client, store: usercache.New(ttl, now, versions)}
}

// RootKeys returns the root keys of a key management instance, as the user sees them.
func (c *KeyCache) RootKeys(ctx context.Context, userID string, tok ibmcloud.Token, inst resources.Instance) ([]Key, error) {
	return usercache.List(c.store, usercache.Key{User: userID, Kind: kindRootKeys, ID: inst.GUID}, func() ([]Key, error) {
		return c.Client.ListRootKeys(ctx, tok, inst)
	})
}

// RememberedRootKeys returns the user's root keys of the instance as the panel read them, if they are still
// remembered; it reads nothing.
func (c *KeyCache) RememberedRootKeys(userID, instanceGUID string) ([]Key, bool) {
	keys, ok := usercache.Peek[[]Key](c.store, usercache.Key{User: userID, Kind: kindRootKeys, ID: instanceGUID})
	return slices.Clone(keys), ok
}

// Plans returns the catalog plans of a key management service; they are remembered for every user alike.
func (c *KeyCache) Plans(ctx context.Context, tok ibmcloud.Token, service string) ([]Plan, error) {
	return usercache.List(c.store, usercache.Key{Kind: kindPlans, ID: service}, func() ([]Plan, error) {
		return c.Client.ListPlans(ctx, tok, service)
	})
}

// CreateRootKey creates a root key in the instance and forgets the user's remembered root keys of that instance.
func (c *KeyCache) CreateRootKey(ctx context.Context, userID string, tok ibmcloud.Token, inst resources.Instance, name string) (Key, error) {
	key, err := c.Client.CreateRootKey(ctx, tok, inst, name)
	c.ForgetKeys(userID, inst.GUID)
	return key, err
}

// ForgetKeys drops the user's remembered root keys of one instance.
func (c *KeyCache) ForgetKeys(userID, instanceGUID string) {
	c.store.ForgetKey(usercache.Key{User: userID, Kind: kindRootKeys, ID: instanceGUID})
}

// Forget drops every root key list remembered for the user.
func (c *KeyCache) Forget(userID string) {
	c.store.ForgetUser(userID)
}
