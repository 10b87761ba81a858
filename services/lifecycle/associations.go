package lifecycle

import (
	"context"
	"sync"
	"time"

	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// ResourceStatus says whether the resource behind a registration still exists.
type ResourceStatus int

// Resource statuses.
const (
	// ResourceUnknown: the resource is not in the user's account, or could not be read.
	ResourceUnknown ResourceStatus = iota
	// ResourceExists: the resource is in the account; its registration is in use.
	ResourceExists
	// ResourceGone: the account has no such resource any more; its registration is left over.
	ResourceGone
)

// Association is a registration of a key with what the account knows about the registered resource.
type Association struct {
	Registration kms.Registration
	Status       ResourceStatus
	// Resource is the registered resource's instance when Status is ResourceExists.
	Resource resources.Instance
	// Service is the registered resource's catalog service name, from its CRN.
	Service string
}

// KeyAssociations is a key of a key management instance with its associated resources.
type KeyAssociations struct {
	KMS          resources.Instance
	Key          kms.Key
	Associations []Association
}

// KeyManagementInstance returns the Key Protect or HPCS instance with the given GUID or CRN and its keys that match the
// filter, newest first, read alongside the instance.
func (s *Service) KeyManagementInstance(ctx context.Context, tok ibmcloud.Token, id string, f kms.KeyFilter) (resources.Instance, []kms.Key, error) {
	var (
		keys    []kms.Key
		keysErr error
		read    bool
	)
	inst, err := s.keyManagementInstanceWith(ctx, tok, id, func(place resources.Instance) {
		keys, keysErr = s.keys.ListKeys(ctx, tok, place, f)
		read = true
	})
	switch {
	case err != nil:
		return resources.Instance{}, nil, err
	case !read:
		keys, keysErr = s.keys.ListKeys(ctx, tok, inst, f)
	}
	if keysErr != nil {
		return resources.Instance{}, nil, keysErr
	}
	return inst, keys, nil
}

// Associations returns a key of the key management instance kmsID (a GUID or CRN) with its registrations, each with
// whether the registered resource still exists in accountID.
func (s *Service) Associations(ctx context.Context, tok ibmcloud.Token, accountID, kmsID, keyID string) (KeyAssociations, error) {
	var (
		key             kms.Key
		regs            []kms.Registration
		keyErr, regsErr error
	)
	// The key and its registrations need only the instance's place: read them together, alongside the instance.
	inst, err := s.keyManagementInstanceWith(ctx, tok, kmsID, func(place resources.Instance) {
		var wg sync.WaitGroup
		wg.Go(func() { key, keyErr = s.keys.GetKey(ctx, tok, place, keyID) })
		wg.Go(func() { regs, regsErr = s.keys.ListRegistrations(ctx, tok, place, keyID, "") })
		wg.Wait()
	})
	if err != nil {
		return KeyAssociations{}, err
	}
	if keyErr != nil {
		return KeyAssociations{}, keyErr
	}
	if key.ID != keyID {
		// The key was named by its alias: read the registrations of its ID.
		regs, regsErr = s.keys.ListRegistrations(ctx, tok, inst, key.ID, "")
	}
	if regsErr != nil {
		return KeyAssociations{}, regsErr
	}
	out := KeyAssociations{KMS: inst, Key: key, Associations: make([]Association, len(regs))}
	var wg sync.WaitGroup
	for i, r := range regs {
		wg.Go(func() { out.Associations[i] = s.associate(ctx, tok, accountID, r) })
	}
	wg.Wait()
	return out, nil
}

// associate looks up the registered resource's instance in the account.
func (s *Service) associate(ctx context.Context, tok ibmcloud.Token, accountID string, r kms.Registration) Association {
	a := Association{Registration: r}
	p, err := crn.Parse(r.ResourceCRN)
	if err != nil {
		return a
	}
	a.Service = p.ServiceName
	if p.AccountID() != accountID || p.ServiceInst == "" {
		return a
	}
	instanceCRN := crn.CRN{CName: p.CName, CType: p.CType, ServiceName: p.ServiceName, Location: p.Location,
		Scope: p.Scope, ServiceInst: p.ServiceInst}.String()
	inst, err := s.instances.GetInstance(ctx, tok, instanceCRN)
	switch {
	case err == nil:
		a.Status, a.Resource = ResourceExists, inst
	case ibmcloud.IsKind(err, ibmcloud.KindNotFound):
		a.Status = ResourceGone
	}
	return a
}

// Leftovers returns the associations whose resource no longer exists: registrations their owner has not removed.
func (k KeyAssociations) Leftovers() []Association {
	var out []Association
	for _, a := range k.Associations {
		if a.Status == ResourceGone {
			out = append(out, a)
		}
	}
	return out
}

// SyncResult is a key's associations after a sync of the key.
type SyncResult struct {
	KeyAssociations
	// Checked says the associations were read again after the sync; when false (the read failed) Leftovers is unknown.
	Checked bool
}

// Sync asks the services that own a key's associated resources to check them again (the key management API's sync,
// the only way for a user to have a registration of a deleted resource removed), then reads the key's associations
// again until no registration of a deleted resource is left or VerifyFor has passed. A sync within an hour of the
// last notification of the key is refused with a *kms.SyncTooEarlyError.
func (s *Service) Sync(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (SyncResult, error) {
	ka, err := s.Associations(ctx, tok, accountID, kmsGUID, keyID)
	if err != nil {
		return SyncResult{}, err
	}
	if err := s.keys.SyncAssociatedResources(ctx, tok, ka.KMS, ka.Key.ID); err != nil {
		return SyncResult{KeyAssociations: ka}, err
	}
	result := SyncResult{KeyAssociations: ka}
	deadline := time.Now().Add(s.opts.VerifyFor)
	for {
		after, err := s.Associations(ctx, tok, accountID, kmsGUID, keyID)
		if err == nil {
			result = SyncResult{KeyAssociations: after, Checked: true}
		}
		if (err == nil && len(after.Leftovers()) == 0) || time.Now().Add(s.opts.VerifyEvery).After(deadline) {
			return result, nil
		}
		select {
		case <-ctx.Done():
			return result, nil
		case <-time.After(s.opts.VerifyEvery):
		}
	}
}
