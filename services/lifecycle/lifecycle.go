// Package lifecycle deletes App Configuration instances, checks that key management let go of them, and asks the
// owners of key registrations left behind to re-check them (a sync of the key).
package lifecycle

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Refusals of the lifecycle service; nothing was changed when one is returned.
var (
	// ErrNotAppConfig is returned when the instance to delete is not an App Configuration instance.
	ErrNotAppConfig = errors.New("the instance is not an App Configuration instance")
	// ErrNotKeyManagement is returned when an instance expected to be Key Protect or HPCS is neither.
	ErrNotKeyManagement = errors.New("the instance is not a key management instance")
	// ErrNameMismatch is returned when the typed confirmation does not equal the instance name.
	ErrNameMismatch = errors.New("the typed name does not match the instance name")
)

// Instances reads and deletes service instances.
type Instances interface {
	GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	DeleteInstance(ctx context.Context, tok ibmcloud.Token, id string) error
	Locate(id string) (resources.Instance, bool)
	ReadInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	NamePlan(ctx context.Context, tok ibmcloud.Token, inst resources.Instance) (resources.Instance, error)
}

// Integrations reads an App Configuration instance's integrations.
type Integrations interface {
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
}

// Keys reads keys and their registrations and asks the owners of a key's registrations to re-check them. Users cannot
// remove a registration themselves: registration writes are service-to-service (Key Protect answers 403
// SERVICE_ONLY_ERR to a user token).
type Keys interface {
	ListKeys(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, f kms.KeyFilter) ([]kms.Key, error)
	GetKey(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID string) (kms.Key, error)
	ListRegistrations(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID, resourceCRN string) ([]kms.Registration, error)
	SyncAssociatedResources(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID string) error
}

// Options tune the checks that follow a deletion and a sync.
type Options struct {
	// VerifyFor is how long a deletion, and a sync, keep checking for a registration left behind (default 2 s): App
	// Configuration may unregister a moment after the instance is gone.
	VerifyFor time.Duration
	// VerifyEvery is the pause between two checks (default 400 ms).
	VerifyEvery time.Duration
	// PendingFor is how long after a deletion a registration still on the key counts as pending, App Configuration
	// possibly still unregistering, rather than left behind (default 15 minutes; how long App Configuration may take
	// is not documented).
	PendingFor time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Service deletes App Configuration instances and manages the key registrations of key management instances.
type Service struct {
	instances    Instances
	integrations Integrations
	keys         Keys
	opts         Options
}

// NewService returns a Service over the given services.
func NewService(instances Instances, integrations Integrations, keys Keys, opts Options) *Service {
	if opts.VerifyFor <= 0 {
		opts.VerifyFor = 2 * time.Second
	}
	if opts.VerifyEvery <= 0 {
		opts.VerifyEvery = 400 * time.Millisecond
	}
	if opts.PendingFor <= 0 {
		opts.PendingFor = 15 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{instances: instances, integrations: integrations, keys: keys, opts: opts}
}

// KeyConnection is a key management root key an App Configuration instance is connected to through a KMS integration.
type KeyConnection struct {
	IntegrationID string
	// KMS is the key management instance; when it could not be read, only GUID, CRN, Service and Region are known.
	KMS resources.Instance
	Key kms.Key
	// Registrations are the key's registrations of the App Configuration instance.
	Registrations []kms.Registration
	// Err says why the key or its registrations could not be read.
	Err error
}

// KeyName returns the key's name, or its ID when the name is unknown.
func (k KeyConnection) KeyName() string {
	if k.Key.Name != "" {
		return k.Key.Name
	}
	return k.Key.ID
}

// KMSName returns the key management instance's name, or its GUID when the name is unknown.
func (k KeyConnection) KMSName() string {
	if k.KMS.Name != "" {
		return k.KMS.Name
	}
	return k.KMS.GUID
}

// DeletionPlan is what deleting an App Configuration instance takes away.
type DeletionPlan struct {
	Instance     resources.Instance
	Integrations []appconfig.Integration
	// IntegrationsErr says why the integrations could not be read; the instance can still be deleted, unchecked.
	IntegrationsErr error
	Keys            []KeyConnection
}

// PlanDeletion reads the App Configuration instance, its integrations and, for each KMS integration, the key and its
// registration of the instance.
func (s *Service) PlanDeletion(ctx context.Context, tok ibmcloud.Token, guid string) (DeletionPlan, error) {
	inst, err := s.instances.GetInstance(ctx, tok, guid)
	if err != nil {
		return DeletionPlan{}, err
	}
	if inst.Service != resources.ServiceAppConfig {
		return DeletionPlan{}, ErrNotAppConfig
	}
	plan := DeletionPlan{Instance: inst}
	plan.Integrations, plan.IntegrationsErr = s.integrations.ListIntegrations(ctx, tok, appconfig.InstanceOf(inst))
	var kmsIntegrations []appconfig.Integration
	for _, ig := range plan.Integrations {
		if ig.Type == appconfig.TypeKMS {
			kmsIntegrations = append(kmsIntegrations, ig)
		}
	}
	plan.Keys = make([]KeyConnection, len(kmsIntegrations))
	var wg sync.WaitGroup
	for i, ig := range kmsIntegrations {
		wg.Go(func() { plan.Keys[i] = s.readConnection(ctx, tok, inst, ig) })
	}
	wg.Wait()
	return plan, nil
}

// readConnection reads the key management instance, key and registrations behind one KMS integration.
func (s *Service) readConnection(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, ig appconfig.Integration) KeyConnection {
	conn := KeyConnection{IntegrationID: ig.ID, Key: kms.Key{ID: ig.RootKeyID}}
	var err error
	if conn.KMS, err = s.keyManagementInstance(ctx, tok, ig.KMSInstanceCRN); err != nil {
		// Fall back to what the integration says, so the key can still be checked.
		conn.KMS = instanceFromCRN(ig.KMSInstanceCRN)
	}
	if conn.KMS.Endpoint == "" {
		conn.KMS.Endpoint = ig.KMSEndpoint
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if key, err := s.keys.GetKey(ctx, tok, conn.KMS, ig.RootKeyID); err == nil {
			conn.Key = key
		}
	})
	conn.Registrations, conn.Err = s.keys.ListRegistrations(ctx, tok, conn.KMS, ig.RootKeyID, inst.CRN)
	wg.Wait()
	return conn
}

// DeletionResult is what a deletion did and what it left behind.
type DeletionResult struct {
	Instance resources.Instance
	// DeletedAt is when Resource Controller accepted the deletion.
	DeletedAt time.Time
	// Checks has one entry per key the instance was connected to: the registrations of the instance still on it.
	Checks []KeyConnection
	// Unchecked is set when the integrations could not be read before deleting, so no key could be checked.
	Unchecked bool
}

// Leftovers returns the checks that found a registration left behind.
func (r DeletionResult) Leftovers() []KeyConnection {
	var out []KeyConnection
	for _, c := range r.Checks {
		if len(c.Registrations) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Delete deletes the App Configuration instance named typedName (with its integrations) through Resource Controller,
// then checks through the key management API that no registration of it is left on the keys it was connected to.
func (s *Service) Delete(ctx context.Context, tok ibmcloud.Token, guid, typedName string) (DeletionResult, error) {
	plan, err := s.PlanDeletion(ctx, tok, guid)
	if err != nil {
		return DeletionResult{}, err
	}
	if strings.TrimSpace(typedName) != plan.Instance.Name {
		return DeletionResult{}, ErrNameMismatch
	}
	if err := s.instances.DeleteInstance(ctx, tok, plan.Instance.GUID); err != nil {
		return DeletionResult{}, err
	}
	result := DeletionResult{Instance: plan.Instance, DeletedAt: s.opts.Now(), Unchecked: plan.IntegrationsErr != nil, Checks: make([]KeyConnection, len(plan.Keys))}
	var wg sync.WaitGroup
	for i, conn := range plan.Keys {
		wg.Go(func() { result.Checks[i] = s.awaitUnregistered(ctx, tok, plan.Instance.CRN, conn) })
	}
	wg.Wait()
	return result, nil
}

// UnregistrationPending reports whether a registration of an instance deleted at deletedAt may still be on its way
// out (within PendingFor of the deletion), rather than left behind.
func (s *Service) UnregistrationPending(deletedAt time.Time) bool {
	return s.opts.Now().Before(deletedAt.Add(s.opts.PendingFor))
}

// awaitUnregistered checks the key for registrations of instanceCRN until there are none or VerifyFor has passed.
func (s *Service) awaitUnregistered(ctx context.Context, tok ibmcloud.Token, instanceCRN string, conn KeyConnection) KeyConnection {
	deadline := time.Now().Add(s.opts.VerifyFor)
	for {
		regs, err := s.keys.ListRegistrations(ctx, tok, conn.KMS, conn.Key.ID, instanceCRN)
		conn.Registrations, conn.Err = regs, err
		if (err == nil && len(regs) == 0) || time.Now().Add(s.opts.VerifyEvery).After(deadline) {
			return conn
		}
		select {
		case <-ctx.Done():
			return conn
		case <-time.After(s.opts.VerifyEvery):
		}
	}
}

// CheckUnregistered looks on one key of a key management instance for registrations of the App Configuration instance
// with the given GUID, which may already be deleted.
func (s *Service) CheckUnregistered(ctx context.Context, tok ibmcloud.Token, appConfigGUID, kmsGUID, keyID string) (KeyConnection, error) {
	kmsInst, err := s.keyManagementInstance(ctx, tok, kmsGUID)
	if err != nil {
		return KeyConnection{}, err
	}
	conn := KeyConnection{KMS: kmsInst, Key: kms.Key{ID: keyID}}
	if key, err := s.keys.GetKey(ctx, tok, kmsInst, keyID); err == nil {
		conn.Key = key
	}
	regs, err := s.keys.ListRegistrations(ctx, tok, kmsInst, keyID, "")
	if err != nil {
		conn.Err = err
		return conn, nil
	}
	for _, r := range regs {
		if p, err := crn.Parse(r.ResourceCRN); err == nil && p.ServiceName == resources.ServiceAppConfig && p.ServiceInst == appConfigGUID {
			conn.Registrations = append(conn.Registrations, r)
		}
	}
	return conn, nil
}

// KeyRef names a key of a key management instance.
type KeyRef struct {
	KMSGUID string
	KeyID   string
}

// RegistrationState says whether a registration of a deleted instance is still on a key.
type RegistrationState int

// Registration states.
const (
	// RegistrationUnknown: the key could not be checked.
	RegistrationUnknown RegistrationState = iota
	// RegistrationCleared: no registration of the deleted instance is on the key.
	RegistrationCleared
	// RegistrationPending: a registration is still on the key within PendingFor of the deletion; App Configuration may
	// still be unregistering it.
	RegistrationPending
	// RegistrationLeftBehind: a registration is still on the key after PendingFor; a sync of the key is the way out.
	RegistrationLeftBehind
)

// UnregistrationCheck is what a look for registrations of a deleted instance found on one key.
type UnregistrationCheck struct {
	// KeyConnection is the key as read, with the registrations of the deleted instance still on it; its Err also says
	// why the key management instance could not be read, and then only KMS.GUID and Key.ID are known.
	KeyConnection
	State RegistrationState
}

// CheckDeletion looks on each of keys, in parallel, for registrations of the App Configuration instance with the given
// GUID, deleted at deletedAt, and returns one check per key in the order of keys.
func (s *Service) CheckDeletion(ctx context.Context, tok ibmcloud.Token, appConfigGUID string, deletedAt time.Time, keys []KeyRef) []UnregistrationCheck {
	pending := s.UnregistrationPending(deletedAt)
	checks := make([]UnregistrationCheck, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Go(func() {
			conn, err := s.CheckUnregistered(ctx, tok, appConfigGUID, k.KMSGUID, k.KeyID)
			if err != nil {
				conn = KeyConnection{KMS: resources.Instance{GUID: k.KMSGUID}, Key: kms.Key{ID: k.KeyID}, Err: err}
			}
			check := UnregistrationCheck{KeyConnection: conn}
			switch {
			case conn.Err != nil:
				check.State = RegistrationUnknown
			case len(conn.Registrations) == 0:
				check.State = RegistrationCleared
			case pending:
				check.State = RegistrationPending
			default:
				check.State = RegistrationLeftBehind
			}
			checks[i] = check
		})
	}
	wg.Wait()
	return checks
}

// keyManagementInstance reads a Key Protect or HPCS instance by GUID or CRN.
func (s *Service) keyManagementInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error) {
	return s.keyManagementInstanceWith(ctx, tok, id, nil)
}

// isKeyManagement reports whether inst is a Key Protect or HPCS instance.
func isKeyManagement(inst resources.Instance) bool {
	return inst.Service == resources.ServiceKeyProtect || inst.Service == resources.ServiceHPCS
}

// keyManagementInstanceWith is keyManagementInstance that runs read, when not nil, alongside: as soon as the
// instance's place (service, region, endpoint) is known, at once when a read of this process met it before or id is
// its CRN, else when Resource Controller answers, while its plan is named. It returns when read has returned too; what read got
// must be used only when keyManagementInstanceWith succeeds.
func (s *Service) keyManagementInstanceWith(ctx context.Context, tok ibmcloud.Token, id string, read func(place resources.Instance)) (resources.Instance, error) {
	var wg sync.WaitGroup
	defer wg.Wait()
	started := false
	start := func(place resources.Instance) {
		if read != nil && !started && isKeyManagement(place) {
			started = true
			wg.Go(func() { read(place) })
		}
	}
	if place, ok := s.instances.Locate(id); ok {
		start(place)
	}
	inst, err := s.instances.ReadInstance(ctx, tok, id)
	if err != nil {
		return resources.Instance{}, err
	}
	if !isKeyManagement(inst) {
		return resources.Instance{}, ErrNotKeyManagement
	}
	start(inst)
	return s.instances.NamePlan(ctx, tok, inst)
}

// instanceFromCRN returns what a CRN tells about an instance.
func instanceFromCRN(s string) resources.Instance {
	p, err := crn.Parse(s)
	if err != nil {
		return resources.Instance{CRN: s}
	}
	return resources.Instance{GUID: p.ServiceInst, CRN: s, Service: p.ServiceName, Region: p.Location}
}
