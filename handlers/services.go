package handlers

import (
	"context"
	"time"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/auth"
	"appconfig-console/services/connect"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
)

// Authenticator signs users in with an API key and renews their tokens.
type Authenticator interface {
	SignIn(apiKey string) (auth.Session, error)
	Refresh(refreshToken string) (auth.Session, error)
}

// SignInThrottle slows down repeated failed sign-ins per subject (client address, API key prefix).
type SignInThrottle interface {
	Wait(subjects ...string) time.Duration
	Failed(subjects ...string) time.Duration
	Succeeded(subjects ...string)
}

// ResourceLister reads the account's service instances and resource groups.
type ResourceLister interface {
	ListInstances(ctx context.Context, tok ibmcloud.Token, services ...string) ([]resources.Instance, error)
	GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (resources.Instance, error)
	ListResourceGroups(ctx context.Context, tok ibmcloud.Token, accountID string) ([]resources.ResourceGroup, error)
}

// AuthorizationManager reads, creates and removes IAM service-to-service authorizations, and lists what the Create wizard offers.
type AuthorizationManager interface {
	ListAuthorizations(ctx context.Context, tok ibmcloud.Token, accountID string) ([]iam.Authorization, error)
	GetAuthorization(ctx context.Context, tok ibmcloud.Token, id string) (iam.Authorization, error)
	CreateAuthorization(ctx context.Context, tok ibmcloud.Token, a iam.Authorization) (iam.Authorization, error)
	DeleteAuthorization(ctx context.Context, tok ibmcloud.Token, id string) error
	ListAuthorizationRoles(ctx context.Context, tok ibmcloud.Token, targetService, sourceService string) ([]iam.Role, error)
	ListServices(ctx context.Context, tok ibmcloud.Token) ([]iam.CatalogService, error)
}

// Services are the domain services the handlers call.
type Services struct {
	// Auth signs users in and renews their tokens.
	Auth Authenticator
	// SignInThrottle makes clients that keep failing to sign in wait.
	SignInThrottle SignInThrottle
	// Resources reads the account's instances and resource groups.
	Resources ResourceLister
	// Instances reads a user's instances, remembering them briefly, and creates instances.
	Instances InstanceCache
	// Authorizations serves Access (IAM) > Authorizations.
	Authorizations AuthorizationManager
	// EventNotifications connects App Configuration instances to Event Notifications.
	EventNotifications ENConnector
	// Lifecycle deletes App Configuration instances and removes key registrations left behind.
	Lifecycle InstanceLifecycle
	// Integrations reads and changes App Configuration integrations.
	Integrations IntegrationStore
	// KeyManagement reads root keys and plans for the Key Management panel, remembering them briefly, and creates root keys.
	KeyManagement KeyDirectory
	// Connections connects App Configuration instances to root keys.
	Connections KMSConnector
	// AuthorizationWizard loads what the Create authorization wizard offers.
	AuthorizationWizard WizardOfferer
	// KMSPanels reads and decides what the Key Management panel offers.
	KMSPanels KMSPanelReader
}

// WizardOfferer loads what the Create authorization wizard offers for a request, and the names authorizations refer to.
type WizardOfferer interface {
	Offer(ctx context.Context, tok ibmcloud.Token, accountID string, r iam.AuthorizationRequest) iam.WizardOffer
	Names(ctx context.Context, tok ibmcloud.Token, accountID string, list []iam.Authorization) (iam.Names, error)
	AccountNames(ctx context.Context, tok ibmcloud.Token, accountID string) (iam.Names, error)
}

// KMSPanelReader reads what the Key Management panel shows for a state, and decides what of it can be chosen (beginning
// the reads that need not wait for the App Configuration instance before it is read); and the Key Management
// integration as the Integrations page shows it.
type KMSPanelReader interface {
	Begin(ctx context.Context, req kms.PanelRequest) *kms.PanelReads
	Read(ctx context.Context, req kms.PanelRequest) kms.Panel
	Connection(ctx context.Context, userID string, tok ibmcloud.Token, list []appconfig.Integration) *kms.Connection
}

// ENConnector connects, refreshes and disconnects an App Configuration instance's Event Notifications integration.
type ENConnector interface {
	Current(ctx context.Context, tok ibmcloud.Token, ac resources.Instance) (*eventnotifications.Connection, error)
	Find(ctx context.Context, tok ibmcloud.Token, list []appconfig.Integration) (*eventnotifications.Connection, error)
	Refresh(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) (*eventnotifications.Connection, error)
	Panel(ctx context.Context, req eventnotifications.PanelRequest) eventnotifications.Panel
	Connect(ctx context.Context, tok ibmcloud.Token, in eventnotifications.ConnectInput) (connect.Result, error)
	Disconnect(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) error
}

// InstanceLifecycle deletes App Configuration instances, checks their unregistration from key management, and shows the
// registrations of keys and syncs them.
type InstanceLifecycle interface {
	PlanDeletion(ctx context.Context, tok ibmcloud.Token, guid string) (lifecycle.DeletionPlan, error)
	Delete(ctx context.Context, tok ibmcloud.Token, guid, typedName string) (lifecycle.DeletionResult, error)
	CheckUnregistered(ctx context.Context, tok ibmcloud.Token, appConfigGUID, kmsGUID, keyID string) (lifecycle.KeyConnection, error)
	KeyManagementInstance(ctx context.Context, tok ibmcloud.Token, guid string, f kms.KeyFilter) (resources.Instance, []kms.Key, error)
	Associations(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (lifecycle.KeyAssociations, error)
	Sync(ctx context.Context, tok ibmcloud.Token, accountID, kmsGUID, keyID string) (lifecycle.SyncResult, error)
	UnregistrationPending(deletedAt time.Time) bool
}

// IntegrationStore reads an App Configuration instance's integrations, remembering the list briefly, and forgets the
// remembered lists of an instance when a user asks to see them afresh.
type IntegrationStore interface {
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
	ForgetLists(inst appconfig.Instance)
}

// InstanceCache reads a user's instances, remembering them per user for a short time, and creates instances,
// forgetting the lists they change.
type InstanceCache interface {
	Instance(ctx context.Context, userID string, tok ibmcloud.Token, guid string) (resources.Instance, error)
	InstanceLocated(ctx context.Context, userID string, tok ibmcloud.Token, guid string, located func(resources.Instance)) (resources.Instance, error)
	Instances(ctx context.Context, userID string, tok ibmcloud.Token, service string) ([]resources.Instance, error)
	CreateInstance(ctx context.Context, userID string, tok ibmcloud.Token, service string, in resources.CreateInstanceInput) (resources.Instance, error)
	Forget(userID string)
}

// KeyDirectory finds the root keys of a user's key management instances, remembering them per user for a short time,
// reads keys and plans, and creates root keys, forgetting what they change.
type KeyDirectory interface {
	RootKeys(ctx context.Context, userID string, tok ibmcloud.Token, inst resources.Instance) ([]kms.Key, error)
	Plans(ctx context.Context, tok ibmcloud.Token, service string) ([]kms.Plan, error)
	CreateRootKey(ctx context.Context, userID string, tok ibmcloud.Token, inst resources.Instance, name string) (kms.Key, error)
	ForgetKeys(userID, instanceGUID string)
	Forget(userID string)
}

// KMSConnector connects an App Configuration instance to a root key (there is no disconnecting: customer-managed
// encryption stays on for the life of the instance).
type KMSConnector interface {
	ConnectKMS(ctx context.Context, userID string, tok ibmcloud.Token, req kms.ConnectRequest) (connect.Result, error)
}
