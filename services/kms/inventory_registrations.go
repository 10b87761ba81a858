package kms

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"time"

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

// SyncTooEarlyError is a sync refused because the key's associated services were notified (by a sync or a key
// lifecycle action) less than an hour ago; nothing was sent to them.
type SyncTooEarlyError struct {
	// RetryAt is when the service accepts a sync of the key again; zero when it did not say.
	RetryAt time.Time
	Err     *ibmcloud.Error
}

// Error returns the service's refusal.
func (e *SyncTooEarlyError) Error() string { return e.Err.Error() }

// Unwrap returns the upstream error.
func (e *SyncTooEarlyError) Unwrap() error { return e.Err }

// syncRetryAt finds the time in Key Protect's "Sync cannot be performed until at least <RFC 3339 time>".
var syncRetryAt = regexp.MustCompile(`until at least (\d{4}-\d\d-\d\dT[0-9:.]+Z)`)

// SyncAssociatedResources asks the services that own the resources associated with a key to check them again (the
// sync of the key management API); an owner removes the registrations of resources that no longer exist, in its own
// time. A sync within an hour of the previous notification of the key is refused with a *SyncTooEarlyError.
func (inv *Inventory) SyncAssociatedResources(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, keyID string) error {
	client, err := inv.client(tok, inst)
	if err != nil {
		return err
	}
	err = client.SyncAssociatedResources(ctx, keyID)
	if err == nil {
		return nil
	}
	classified := ibmcloud.Classify(resources.ServiceDisplayName(inst.Service), err)
	var kpErr *kp.Error
	if errors.As(err, &kpErr) && kpErr.StatusCode == http.StatusConflict && len(kpErr.Reasons) > 0 && kpErr.Reasons[0].Code == "REQ_TOO_EARLY_ERR" {
		tooEarly := &SyncTooEarlyError{Err: classified}
		if m := syncRetryAt.FindStringSubmatch(kpErr.Reasons[0].Message); m != nil {
			tooEarly.RetryAt, _ = time.Parse(time.RFC3339, m[1])
		}
		return tooEarly
	}
	return classified
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
