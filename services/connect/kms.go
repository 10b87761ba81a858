package connect

import (
	"context"
	"slices"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Keys reads one key of a key management instance afresh, returns the root keys the panel showed while they are
// remembered, and forgets a user's remembered root keys of an instance.
type Keys interface {
	GetKey(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, id string) (kms.Key, error)
	RememberedRootKeys(userID, instanceGUID string) ([]kms.Key, bool)
	ForgetKeys(userID, instanceGUID string)
}

// ConnectKMS makes the Key Management integration for user userID; a refusal or failure is a *Error. A new
// integration with Hyper Protect Crypto Services is refused before any call. With Authorize, the authorization is
// created without looking for one first (the panel offers Authorize only when it found none; IAM's conflict says one
// is in place), after the root key is checked.
func (c *Connector) ConnectKMS(ctx context.Context, userID string, tok ibmcloud.Token, req kms.ConnectRequest) (Result, error) {
	if req.KMS.Service == resources.ServiceHPCS {
		return Result{}, Refused(kms.ErrHPCSClosed)
	}
	return c.Connect(ctx, tok, Request{AppConfig: req.AppConfig, Authorize: req.Authorize,
		Integration: &kmsIntegration{c: c, userID: userID, req: req}})
}

// kmsIntegration is the Key Management kind of integration.
type kmsIntegration struct {
	c      *Connector
	userID string
	req    kms.ConnectRequest
}

// Type is appconfig.TypeKMS.
func (k *kmsIntegration) Type() string { return appconfig.TypeKMS }

// Prepare checks the root key, from the root keys the panel showed when they are remembered, else read; a key that is
// not an active root key is refused. Without Authorize it also looks for the authorization, in parallel, to explain a
// refusal of App Configuration; with Authorize it returns the authorization to create.
func (k *kmsIntegration) Prepare(ctx context.Context, tok ibmcloud.Token) (Grant, error) {
	var (
		wg       sync.WaitGroup
		grant    *iam.Authorization
		grantErr error
	)
	r := k.req
	find := func(ctx context.Context, tok ibmcloud.Token) (*iam.Authorization, error) {
		return kms.FindAuthorization(ctx, k.c.authorizations, tok, r.AccountID, r.AppConfig, r.KMS, r.KeyID)
	}
	if !r.Authorize {
		wg.Go(func() { grant, grantErr = find(ctx, tok) })
	}
	key, err := k.key(ctx, tok)
	wg.Wait()
	if err != nil {
		return Grant{}, Failed("reading the root key", err)
	}
	if !key.Usable() {
		k.c.keys.ForgetKeys(k.userID, r.KMS.GUID)
		return Grant{}, Refused(&kms.KeyNotUsableError{Key: key})
	}
	if grantErr != nil {
		return Grant{}, Failed("checking the service authorization", grantErr)
	}
	return Grant{Existing: grant, New: kms.NewAuthorization(r.AccountID, r.AppConfig, r.KMS), Find: find}, nil
}

// key returns the chosen key as the panel showed it, or reads it when the panel's list is no longer remembered or
// does not hold it.
func (k *kmsIntegration) key(ctx context.Context, tok ibmcloud.Token) (kms.Key, error) {
	if keys, ok := k.c.keys.RememberedRootKeys(k.userID, k.req.KMS.GUID); ok {
		if i := slices.IndexFunc(keys, func(key kms.Key) bool { return key.ID == k.req.KeyID }); i >= 0 {
			return keys[i], nil
		}
	}
	return k.c.keys.GetKey(ctx, tok, k.req.KMS, k.req.KeyID)
}

// Same reports whether the integration uses the same instance and root key.
func (k *kmsIntegration) Same(in appconfig.Integration) bool {
	return in.KMSInstanceCRN == k.req.KMS.CRN && in.RootKeyID == k.req.KeyID
}

// Create creates the KMS integration.
func (k *kmsIntegration) Create(ctx context.Context, tok ibmcloud.Token) (appconfig.Integration, error) {
	return k.c.integrations.CreateKMSIntegration(ctx, tok, appconfig.InstanceOf(k.req.AppConfig), kms.IntegrationInput(k.req))
}
