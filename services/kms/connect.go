package kms

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// RoleReaderCRN is the IAM service role App Configuration needs on a key management instance.
const RoleReaderCRN = "crn:v1:bluemix:public:iam::::serviceRole:Reader"

// grantingRoles are the roles that include the Reader role's access to keys.
var grantingRoles = []string{
	RoleReaderCRN,
	"crn:v1:bluemix:public:iam::::serviceRole:Writer",
	"crn:v1:bluemix:public:iam::::serviceRole:Manager",
	"crn:v1:bluemix:public:kms::::serviceRole:ReaderPlus",
	"crn:v1:bluemix:public:hs-crypto::::serviceRole:ReaderPlus",
}

// IntegrationAPI creates App Configuration KMS integrations.
type IntegrationAPI interface {
	CreateKMSIntegration(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance, in appconfig.KMSInput) (appconfig.Integration, error)
}

// AuthorizationAPI finds IAM service-to-service authorizations.
type AuthorizationAPI interface {
	FindGranting(ctx context.Context, tok ibmcloud.Token, source, target iam.Party, acceptableRoleCRNs []string) (*iam.Authorization, error)
}

// Hyper Protect Crypto Services is closed to new App Configuration integrations since 17 March 2026; existing ones keep
// working (ibm-cloud-docs/app-configuration release-notes.md). New HPCS instances cannot be created either.
const (
	// HPCSClosedReason says why HPCS is not offered for a new integration.
	HPCSClosedReason = "no longer available for new App Configuration integrations since March 2026"
	// HPCSReleaseNoteURL is App Configuration's release note of 17 March 2026.
	HPCSReleaseNoteURL = "https://cloud.ibm.com/docs/app-configuration?topic=app-configuration-ac-relnotes#app-configuration-Mar172026"
)

// Refusals for Hyper Protect Crypto Services, made before any upstream call.
var (
	ErrHPCSClosed          = errors.New("App Configuration no longer supports new integrations with Hyper Protect Crypto Services (since March 2026); existing integrations keep working. Use Key Protect instead")
	ErrHPCSInstancesClosed = errors.New("new Hyper Protect Crypto Services instances can no longer be created, and App Configuration no longer supports new integrations with them (since March 2026). Use Key Protect instead")
)

// KeyNotUsableError refuses a root key that is not an active root key.
type KeyNotUsableError struct{ Key Key }

// Error names the key and what makes it unusable: not a root key, deleted, or not active.
func (e *KeyNotUsableError) Error() string {
	switch {
	case !e.Key.IsRoot():
		return fmt.Sprintf("key %s is a standard key, and only a root key can protect App Configuration; choose a root key", e.Key.Name)
	case e.Key.Deleted:
		return fmt.Sprintf("root key %s is deleted; choose an active root key", e.Key.Name)
	}
	return fmt.Sprintf("root key %s is %s; choose an active root key", e.Key.Name, e.Key.State)
}

// ConnectRequest is what connecting an App Configuration instance to a root key needs.
type ConnectRequest struct {
	AccountID string
	AppConfig resources.Instance
	KMS       resources.Instance
	KeyID     string
	// Authorize lets Connect create the missing service authorization (source this App Configuration instance, target the
	// key management instance, role Reader) first.
	Authorize bool
}

// Linker connects App Configuration instances to root keys through the shared connect use case.
type Linker struct {
	keys         *KeyCache
	integrations IntegrationAPI
	authz        AuthorizationAPI
	connector    *connect.Connector
}

// NewLinker returns a Linker reading keys through keys and connecting through connector.
func NewLinker(keys *KeyCache, integrations IntegrationAPI, authz AuthorizationAPI, connector *connect.Connector) *Linker {
	return &Linker{keys: keys, integrations: integrations, authz: authz, connector: connector}
}

// Parties returns the source (the App Configuration instance) and target (the key management instance) of the service
// authorization an integration needs.
func Parties(accountID string, ac, target resources.Instance) (source, dest iam.Party) {
	return iam.Party{AccountID: accountID, Service: resources.ServiceAppConfig, InstanceGUID: ac.GUID, ResourceGroupID: ac.ResourceGroupID},
		iam.Party{AccountID: accountID, Service: target.Service, InstanceGUID: target.GUID, ResourceGroupID: target.ResourceGroupID}
}

// Authorization returns the authorization that lets the App Configuration instance read the key management instance
// (its root key keyID, when given: a policy scoped to another key does not count), or nil.
func (l *Linker) Authorization(ctx context.Context, tok ibmcloud.Token, accountID string, ac, target resources.Instance, keyID string) (*iam.Authorization, error) {
	source, dest := Parties(accountID, ac, target)
	source.Region, dest.Region, dest.Key = ac.Region, target.Region, keyID
	return l.authz.FindGranting(ctx, tok, source, dest, grantingRoles)
}

// Connect makes the KMS integration through the connect use case; a refusal or failure is a *connect.Error. A new
// integration with Hyper Protect Crypto Services is refused before any call.
func (l *Linker) Connect(ctx context.Context, userID string, tok ibmcloud.Token, req ConnectRequest) (connect.Result, error) {
	if req.KMS.Service == resources.ServiceHPCS {
		return connect.Result{}, connect.Refused(ErrHPCSClosed)
	}
	return l.connector.Connect(ctx, tok, connect.Request{AppConfig: req.AppConfig, Authorize: req.Authorize,
		Integration: &kmsIntegration{linker: l, userID: userID, req: req}})
}

// kmsIntegration is the Key Management kind of integration for the connect use case.
type kmsIntegration struct {
	linker *Linker
	userID string
	req    ConnectRequest
}

// Type is appconfig.TypeKMS.
func (k *kmsIntegration) Type() string { return appconfig.TypeKMS }

// Prepare reads the root key and looks for the authorization in parallel; a key that is not an active root key is refused.
func (k *kmsIntegration) Prepare(ctx context.Context, tok ibmcloud.Token) (connect.Grant, error) {
	var (
		wg               sync.WaitGroup
		grant            *iam.Authorization
		key              Key
		grantErr, keyErr error
	)
	wg.Go(func() {
		grant, grantErr = k.linker.Authorization(ctx, tok, k.req.AccountID, k.req.AppConfig, k.req.KMS, k.req.KeyID)
	})
	wg.Go(func() { key, keyErr = k.linker.keys.Key(ctx, tok, k.req.KMS, k.req.KeyID) })
	wg.Wait()
	if keyErr != nil {
		return connect.Grant{}, connect.Failed("reading the root key", keyErr)
	}
	if !key.Usable() {
		k.linker.keys.ForgetKeys(k.userID, k.req.KMS.GUID)
		return connect.Grant{}, connect.Refused(&KeyNotUsableError{Key: key})
	}
	if grantErr != nil {
		return connect.Grant{}, connect.Failed("checking the service authorization", grantErr)
	}
	source, dest := Parties(k.req.AccountID, k.req.AppConfig, k.req.KMS)
	// The authorization names the instances only, not resource groups, as the console's wizard would.
	source.ResourceGroupID, dest.ResourceGroupID = "", ""
	return connect.Grant{Existing: grant, New: iam.Authorization{Source: source, Target: dest,
		Roles:       []iam.Role{{CRN: RoleReaderCRN}},
		Description: "App Configuration " + k.req.AppConfig.Name + " reads root keys of " + k.req.KMS.Name}}, nil
}

// Same reports whether the integration uses the same instance and root key.
func (k *kmsIntegration) Same(in appconfig.Integration) bool {
	return in.KMSInstanceCRN == k.req.KMS.CRN && in.RootKeyID == k.req.KeyID
}

// Create creates the KMS integration.
func (k *kmsIntegration) Create(ctx context.Context, tok ibmcloud.Token) (appconfig.Integration, error) {
	return k.linker.integrations.CreateKMSIntegration(ctx, tok, appconfig.InstanceOf(k.req.AppConfig), appconfig.KMSInput{
		InstanceCRN: k.req.KMS.CRN, Endpoint: endpoint(k.req.KMS), RootKeyID: k.req.KeyID,
	})
}
