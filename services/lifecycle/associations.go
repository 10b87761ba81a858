package lifecycle

import (
	"context"
	"slices"
	"sync"

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
	Registration kms.KeyRegistration
	Status       ResourceStatus
	// Resource is the registered resource's instance when Status is ResourceExists.
	Resource resources.Instance
	// Service is the registered resource's catalog service name, from its CRN.
	Service string
}

// InUse reports whether removing the registration may break a resource that still exists (or may exist).
func (a Association) InUse() bool { return a.Status != ResourceGone }

// KeyAssociations is a key of a key management instance with its associated resources.
type KeyAssociations struct {
	KMS          resources.Instance
	Key          kms.InventoryKey
	Associations []Association
}

// Find returns the association of resourceCRN.
func (k KeyAssociations) Find(resourceCRN string) (Association, bool) {
	i := slices.IndexFunc(k.Associations, func(a Association) bool { return a.Registration.ResourceCRN == resourceCRN })
	if i < 0 {
		return Association{}, false
	}
	return k.Associations[i], true
}

// KeyManagementInstance returns the Key Protect or HPCS instance with the given GUID.
func (s *Service) KeyManagementInstance(ctx context.Context, tok ibmcloud.Token, guid string) (resources.Instance, error) {
	return s.keyManagementInstance(ctx, tok, guid)
}

// Associations returns a key with its registrations, each with whether the registered resource still exists in
// accountID.
func (s *Service) Associations(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (KeyAssociations, error) {
	inst, err := s.keyManagementInstance(ctx, tok, kmsGUID)
	if err != nil {
		return KeyAssociations{}, err
	}
	key, err := s.keys.GetKeyDetails(ctx, tok, inst, keyID)
	if err != nil {
		return KeyAssociations{}, err
	}
	regs, err := s.keys.ListKeyRegistrations(ctx, tok, inst, key.ID, "")
	if err != nil {
		return KeyAssociations{}, err
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
func (s *Service) associate(ctx context.Context, tok ibmcloud.Token, accountID string, r kms.KeyRegistration) Association {
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

// Unregister removes the registration of resourceCRN from a key. It refuses a registration that prevents key deletion,
// and one whose resource may still exist unless acknowledgedInUse is set.
func (s *Service) Unregister(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID, resourceCRN string, acknowledgedInUse bool) (Association, error) {
	ka, err := s.Associations(ctx, tok, accountID, kmsGUID, keyID)
	if err != nil {
		return Association{}, err
	}
	a, ok := ka.Find(resourceCRN)
	if !ok {
		// Already unregistered: nothing to do.
		return Association{Registration: kms.KeyRegistration{KeyID: keyID, ResourceCRN: resourceCRN}, Status: ResourceGone}, nil
	}
	if a.Registration.PreventKeyDeletion {
		return a, ErrPreventsKeyDeletion
	}
	if a.InUse() && !acknowledgedInUse {
		return a, ErrInUseNotAcknowledged
	}
	return a, s.keys.DeleteKeyRegistration(ctx, tok, ka.KMS, ka.Key.ID, resourceCRN)
}
