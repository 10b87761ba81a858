package connect

import (
	"context"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Keys reads one key of a key management instance afresh, and forgets a user's remembered root keys of an instance.
type Keys interface {
	GetKey(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, id string) (kms.Key, error)
	ForgetKeys(userID, instanceGUID string)
}

// ConnectKMS makes the Key Management integration for user userID; a refusal or failure is a *Error. A new
// integration with Hyper Protect Crypto Services is refused before any call.
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

// Prepare reads the root key and looks for the authorization in parallel; a key that is not an active root key is refused.
func (k *kmsIntegration) Prepare(ctx context.Context, tok ibmcloud.Token) (Grant, error) {
	var (
		wg               sync.WaitGroup
		grant            *iam.Authorization
		key              kms.Key
		grantErr, keyErr error
	)
	r := k.req
	wg.Go(func() {
		grant, grantErr = kms.FindAuthorization(ctx, k.c.authorizations, tok, r.AccountID, r.AppConfig, r.KMS, r.KeyID)
	})
	wg.Go(func() { key, keyErr = k.c.keys.GetKey(ctx, tok, r.KMS, r.KeyID) })
	wg.Wait()
	if keyErr != nil {
		return Grant{}, Failed("reading the root key", keyErr)
	}
	if !key.Usable() {
		k.c.keys.ForgetKeys(k.userID, r.KMS.GUID)
		return Grant{}, Refused(&kms.KeyNotUsableError{Key: key})
	}
	if grantErr != nil {
		return Grant{}, Failed("checking the service authorization", grantErr)
	}
	return Grant{Existing: grant, New: kms.NewAuthorization(r.AccountID, r.AppConfig, r.KMS)}, nil
}

// Same reports whether the integration uses the same instance and root key.
func (k *kmsIntegration) Same(in appconfig.Integration) bool {
	return in.KMSInstanceCRN == k.req.KMS.CRN && in.RootKeyID == k.req.KeyID
}

// Create creates the KMS integration.
func (k *kmsIntegration) Create(ctx context.Context, tok ibmcloud.Token) (appconfig.Integration, error) {
	return k.c.integrations.CreateKMSIntegration(ctx, tok, appconfig.InstanceOf(k.req.AppConfig), kms.IntegrationInput(k.req))
}
