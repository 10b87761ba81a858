package kms

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"appconfig-console/services/appconfig"
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

// Parties returns the source (the App Configuration instance) and target (the key management instance) of the service
// authorization an integration needs.
func Parties(accountID string, ac, target resources.Instance) (source, dest iam.Party) {
	return iam.Party{AccountID: accountID, Service: resources.ServiceAppConfig, InstanceGUID: ac.GUID, ResourceGroupID: ac.ResourceGroupID},
		iam.Party{AccountID: accountID, Service: target.Service, InstanceGUID: target.GUID, ResourceGroupID: target.ResourceGroupID}
}

// FindAuthorization returns the authorization that lets the App Configuration instance read the key management
// instance (its root key keyID, when given: a policy scoped to another key does not count), or nil.
func FindAuthorization(ctx context.Context, authz AuthorizationAPI, tok ibmcloud.Token, accountID string, ac, target resources.Instance, keyID string) (*iam.Authorization, error) {
	source, dest := grantParties(accountID, ac, target, keyID)
	return authz.FindGranting(ctx, tok, source, dest, grantingRoles)
}

// grantingIn returns the first authorization in list that lets the App Configuration instance read the key management
// instance (its root key keyID, when given), as FindAuthorization finds it, or nil.
func grantingIn(list []iam.Authorization, accountID string, ac, target resources.Instance, keyID string) *iam.Authorization {
	source, dest := grantParties(accountID, ac, target, keyID)
	if i := slices.IndexFunc(list, func(a iam.Authorization) bool { return a.Grants(source, dest, grantingRoles) }); i >= 0 {
		return &list[i]
	}
	return nil
}

// grantParties returns the source and target an authorization must grant for the integration, with their regions and
// the root key keyID (when given).
func grantParties(accountID string, ac, target resources.Instance, keyID string) (source, dest iam.Party) {
	source, dest = Parties(accountID, ac, target)
	source.Region, dest.Region, dest.Key = ac.Region, target.Region, keyID
	return source, dest
}

// NewAuthorization is the service authorization to create for an integration: the App Configuration instance reads the
// key management instance's keys (role Reader), naming the instances only, not resource groups, as the console's wizard
// would.
func NewAuthorization(accountID string, ac, target resources.Instance) iam.Authorization {
	source, dest := Parties(accountID, ac, target)
	source.ResourceGroupID, dest.ResourceGroupID = "", ""
	return iam.Authorization{Source: source, Target: dest, Roles: []iam.Role{{CRN: RoleReaderCRN}},
		Description: "App Configuration " + ac.Name + " reads root keys of " + target.Name}
}

// AuthorizationRequest is what the Create authorization wizard is opened with to make the authorization an integration
// needs: this App Configuration instance, the chosen key management instance, role Reader.
func AuthorizationRequest(ac, target resources.Instance) iam.AuthorizationRequest {
	return iam.AuthorizationRequest{SourceService: resources.ServiceAppConfig, SourceScope: "instance", SourceInstance: ac.GUID,
		TargetService: target.Service, TargetScope: "instance", TargetInstance: target.GUID, Roles: []string{"Reader"}}
}

// ConnectRequest is what connecting an App Configuration instance to a root key needs.
type ConnectRequest struct {
	AccountID string
	AppConfig resources.Instance
	KMS       resources.Instance
	KeyID     string
	// Authorize lets connect.Connector.ConnectKMS create the missing service authorization (source this App Configuration instance,
	// target the key management instance, role Reader) first.
	Authorize bool
}

// IntegrationInput is what connecting sends App Configuration to create the Key Management integration of req.
func IntegrationInput(req ConnectRequest) appconfig.KMSInput {
	return appconfig.KMSInput{InstanceCRN: req.KMS.CRN, Endpoint: ibmcloud.KeyManagementEndpoint(req.KMS.Service, req.KMS.Region, req.KMS.Endpoint),
		RootKeyID: req.KeyID}
}
