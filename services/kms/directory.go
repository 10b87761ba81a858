package kms

import (
	"context"
	"slices"
	"sync"
	"time"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// InstanceStore reads and creates the account's service instances.
type InstanceStore interface {
	ListInstances(ctx context.Context, tok ibmcloud.Token, services ...string) ([]resources.Instance, error)
	GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	CreateInstance(ctx context.Context, tok ibmcloud.Token, in resources.CreateInstanceInput) (resources.Instance, error)
}

// Directory answers the Key Management panel's questions: which instances a user has, and which root keys each holds.
// It remembers every answer per user for a short time and forgets it when the console itself changes what it lists.
type Directory struct {
	keys      *Service
	instances InstanceStore
	ttl       time.Duration
	now       func() time.Time

	mu      sync.Mutex
	entries map[cacheKey]cacheEntry
}

type cacheKey struct {
	user, kind, id string
}

type cacheEntry struct {
	value   any
	expires time.Time
}

// DefaultTTL is how long a Directory remembers a user's lists: long enough to make the panel's changes cheap, short
// enough that changes made elsewhere show soon.
const DefaultTTL = 30 * time.Second

// Kinds of remembered answers.
const (
	kindInstance  = "instance"
	kindInstances = "instances"
	kindKeys      = "keys"
	kindPlans     = "plans"
	// pruneAbove is the number of entries above which expired ones are swept on every write.
	pruneAbove = 512
)

// NewDirectory returns a Directory over keys and instances that remembers answers for ttl (0 remembers nothing).
func NewDirectory(keys *Service, instances InstanceStore, ttl time.Duration, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	return &Directory{keys: keys, instances: instances, ttl: ttl, now: now, entries: map[cacheKey]cacheEntry{}}
}

// Instance returns the user's instance with the given GUID.
func (d *Directory) Instance(ctx context.Context, userID string, tok ibmcloud.Token, guid string) (resources.Instance, error) {
	return remember(d, cacheKey{userID, kindInstance, guid}, func() (resources.Instance, error) {
		return d.instances.GetInstance(ctx, tok, guid)
	})
}

// Instances returns the user's instances of a key management service ("kms" or "hs-crypto") in every region, by name.
func (d *Directory) Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error) {
	return remember(d, cacheKey{userID, kindInstances, service}, func() ([]resources.Instance, error) {
		return d.instances.ListInstances(ctx, tok, service)
	})
}

// RootKeys returns the root keys of a key management instance, as the user sees them.
func (d *Directory) RootKeys(ctx context.Context, userID string, tok ibmcloud.Token, inst Instance) ([]Key, error) {
	return remember(d, cacheKey{userID, kindKeys, inst.GUID}, func() ([]Key, error) {
		return d.keys.ListRootKeys(ctx, tok, inst)
	})
}

// Key reads one key afresh, never from memory.
func (d *Directory) Key(ctx context.Context, tok ibmcloud.Token, inst Instance, id string) (Key, error) {
	return d.keys.GetKey(ctx, tok, inst, id)
}

// Plans returns the catalog plans of a key management service; they are remembered for every user alike.
func (d *Directory) Plans(ctx context.Context, tok ibmcloud.Token, service string) ([]Plan, error) {
	return remember(d, cacheKey{"", kindPlans, service}, func() ([]Plan, error) {
		return d.keys.ListPlans(ctx, tok, service)
	})
}

// CreateRootKey creates a root key in the instance and forgets the user's remembered key list of that instance.
func (d *Directory) CreateRootKey(ctx context.Context, userID string, tok ibmcloud.Token, inst Instance, name string) (Key, error) {
	key, err := d.keys.CreateRootKey(ctx, tok, inst, name)
	d.ForgetKeys(userID, inst.GUID)
	return key, err
}

// CreateInstance creates a service instance (never a Hyper Protect Crypto Services one: ErrHPCSInstancesClosed) and forgets the user's remembered instance list of its service.
func (d *Directory) CreateInstance(ctx context.Context, userID string, tok ibmcloud.Token, service string, in resources.CreateInstanceInput) (resources.Instance, error) {
	if service == resources.ServiceHPCS {
		return resources.Instance{}, ErrHPCSInstancesClosed
	}
	inst, err := d.instances.CreateInstance(ctx, tok, in)
	d.forget(func(k cacheKey) bool { return k.user == userID && k.kind == kindInstances && k.id == service })
	return inst, err
}

// ForgetKeys drops the user's remembered key list of one instance.
func (d *Directory) ForgetKeys(userID, instanceGUID string) {
	d.forget(func(k cacheKey) bool { return k.user == userID && k.kind == kindKeys && k.id == instanceGUID })
}

// Forget drops everything remembered for the user.
func (d *Directory) Forget(userID string) {
	d.forget(func(k cacheKey) bool { return k.user == userID })
}

func (d *Directory) forget(match func(cacheKey) bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k := range d.entries {
		if match(k) {
			delete(d.entries, k)
		}
	}
}

// remember returns the fresh remembered value of key, or calls fetch and remembers a successful answer.
func remember[T any](d *Directory, key cacheKey, fetch func() (T, error)) (T, error) {
	now := d.now()
	d.mu.Lock()
	if e, ok := d.entries[key]; ok && now.Before(e.expires) {
		d.mu.Unlock()
		return cloneValue(e.value.(T)), nil
	}
	d.mu.Unlock()
	v, err := fetch()
	if err != nil || d.ttl <= 0 {
		return v, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.entries) >= pruneAbove {
		for k, e := range d.entries {
			if !now.Before(e.expires) {
				delete(d.entries, k)
			}
		}
	}
	d.entries[key] = cacheEntry{value: cloneValue(v), expires: now.Add(d.ttl)}
	return v, nil
}

// cloneValue copies remembered slices so callers cannot change what is remembered.
func cloneValue[T any](v T) T {
	switch s := any(v).(type) {
	case []resources.Instance:
		return any(slices.Clone(s)).(T)
	case []Key:
		return any(slices.Clone(s)).(T)
	case []Plan:
		return any(slices.Clone(s)).(T)
	}
	return v
}
