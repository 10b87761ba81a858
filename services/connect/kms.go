package connect

import (
	"context"
	"errors"
	"slices"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Keys reads one key of a key management instance afresh, returns the root keys the panel showed while they are
// remembered, and forgets a user's remembered root keys of an instance, or all of them.
type Keys interface {
	GetKey(ctx context.Context, tok ibmcloud.Token, inst resources.Instance, id string) (kms.Key, error)
	RememberedRootKeys(userID, instanceGUID string) ([]kms.Key, bool)
	ForgetKeys(userID, instanceGUID string)
	Forget(userID string)
}

// Instances reads a user's instances, one by its GUID or CRN or all of a service's, remembered briefly, and forgets
// what it remembers of a user.
type Instances interface {
	Instance(ctx context.Context, userID string, tok ibmcloud.Token, id string) (resources.Instance, error)
	Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error)
	Forget(userID string)
}

// ErrNoAppConfig says that an address names no App Configuration instance: it is no instance address, or the
// instance is of another service.
var ErrNoAppConfig = errors.New("no App Configuration instance at this address")

// KMSChoice is the Key Management integration a user chose in the panel, as its form names it.
type KMSChoice struct {
	UserID    string
	AccountID string
	Token     ibmcloud.Token
	// AppConfig is the App Configuration instance's address: its GUID or CRN.
	AppConfig string
	// Service is the key management service (resources.ServiceKeyProtect or resources.ServiceHPCS); Instance the chosen
	// instance's GUID and KeyID its root key's ID, either empty when not chosen.
	Service   string
	Instance  string
	KeyID     string
	Authorize bool
}

// KMSConnection is a connection made from a KMSChoice, with the instances it found: AppConfig is set unless the
// App Configuration instance could not be read (then the error is that read's), KMS once the chosen instance is found.
type KMSConnection struct {
	Result
	AppConfig resources.Instance
	KMS       resources.Instance
}

// ConnectChoice makes the Key Management integration the user chose: it reads the App Configuration instance and,
// alongside, the user's instances of the chosen service (both remembered briefly), refuses an incomplete choice
// (ProblemNoChoice) and an instance the user no longer sees (ProblemInstanceGone, forgetting what was remembered of
// the user), then connects as ConnectKMS does.
func (c *Connector) ConnectChoice(ctx context.Context, ch KMSChoice) (KMSConnection, error) {
	var out KMSConnection
	if _, ok := crn.InstanceGUID(ch.AppConfig); !ok {
		return out, ErrNoAppConfig
	}
	chosen := ch.Instance != "" && ch.KeyID != ""
	var (
		instances    []resources.Instance
		instancesErr error
		read         sync.WaitGroup
	)
	if chosen {
		read.Go(func() { instances, instancesErr = c.instances.Instances(ctx, ch.UserID, ch.Token, ch.Service) })
	}
	ac, err := c.instances.Instance(ctx, ch.UserID, ch.Token, ch.AppConfig)
	read.Wait()
	switch {
	case err != nil:
		return out, err
	case ac.Service != resources.ServiceAppConfig:
		return out, ErrNoAppConfig
	}
	out.AppConfig = ac
	if !chosen {
		return out, &Error{Problem: ProblemNoChoice}
	}
	i := slices.IndexFunc(instances, func(in resources.Instance) bool { return in.GUID == ch.Instance })
	if instancesErr != nil || i < 0 {
		c.instances.Forget(ch.UserID)
		c.keys.Forget(ch.UserID)
		return out, &Error{Problem: ProblemInstanceGone, Err: instancesErr}
	}
	out.KMS = instances[i]
	out.Result, err = c.ConnectKMS(ctx, ch.UserID, ch.Token, kms.ConnectRequest{
		AccountID: ch.AccountID, AppConfig: ac, KMS: out.KMS, KeyID: ch.KeyID, Authorize: ch.Authorize})
	return out, err
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
