package kms

import (
	"context"
	"sort"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	kp "github.com/IBM/keyprotect-go-client"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// KeyRegistration ties a root key to a cloud resource it protects.
type KeyRegistration struct {
	KeyID       string
	ResourceCRN string
	Description string
	CreatedBy   string
	Created     time.Time
	Updated     time.Time
	// PreventKeyDeletion is set when the resource is under a retention policy, so the key must not be deleted.
	PreventKeyDeletion bool
}

// ListKeyRegistrations returns the registrations of one key (of the whole instance when keyID is ""), only those of
// resourceCRN when it is set, oldest first.
func (inv *Inventory) ListKeyRegistrations(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID, resourceCRN string) ([]KeyRegistration, error) {
	client, err := inv.client(tok, inst)
	if err != nil {
		return nil, err
	}
	list, err := client.ListRegistrations(ctx, keyID, resourceCRN)
	if err != nil {
		return nil, ibmcloud.Classify(resources.ServiceDisplayName(inst.Service), err)
	}
	out := make([]KeyRegistration, 0, len(list.Registrations))
	for _, r := range list.Registrations {
		// Filter again on this side: a service that ignores the CRN query must not make other registrations look like this one.
		if resourceCRN != "" && r.ResourceCrn != resourceCRN {
			continue
		}
		out = append(out, keyRegistrationFrom(r))
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Created.Before(out[b].Created) })
	return out, nil
}

// DeleteKeyRegistration removes the registration of resourceCRN on a key (unregisters the resource); one already gone
// counts as removed.
func (inv *Inventory) DeleteKeyRegistration(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID, resourceCRN string) error {
	endpoint, err := inventoryEndpoint(inst)
	if err != nil {
		return err
	}
	// The key management client has no call for this; the generic SDK service makes the documented request.
	svc, err := inv.connector.KeyManagementAPI(tok, endpoint, inst.GUID)
	if err != nil {
		return err
	}
	builder := core.NewRequestBuilder(core.DELETE).WithContext(ctx)
	if _, err := builder.ResolveRequestURL(svc.GetServiceURL(), "/keys/{id}/registrations/{crn}",
		map[string]string{"id": keyID, "crn": resourceCRN}); err != nil {
		return err
	}
	builder.AddHeader("Accept", "application/json")
	err = ibmcloud.Do(resources.ServiceDisplayName(inst.Service), svc, builder, nil)
	if ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		// Neither the key nor its registration exists: the resource is not registered, which is what was asked for.
		return nil
	}
	return err
}

func keyRegistrationFrom(r kp.Registration) KeyRegistration {
	reg := KeyRegistration{
		KeyID: r.KeyID, ResourceCRN: r.ResourceCrn, Description: r.Description, CreatedBy: r.CreatedBy,
		PreventKeyDeletion: r.PreventKeyDeletion,
	}
	if r.CreationDate != nil {
		reg.Created = *r.CreationDate
	}
	if r.LastUpdateDate != nil {
		reg.Updated = *r.LastUpdateDate
	}
	return reg
}
