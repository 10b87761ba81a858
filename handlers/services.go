package handlers

import (
	"context"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Services are the domain services the handlers call.
type Services struct {
	// Auth signs users in and renews their tokens.
	Auth Authenticator
	// SignInThrottle makes clients that keep failing to sign in wait.
	SignInThrottle SignInThrottle
	// Resources reads the account's instances and its resource list.
	Resources ResourceLister
	// Instances reads a user's instance, remembering it briefly, and creates instances.
	Instances InstanceCache
	// Authorizations serves Access (IAM) > Authorizations.
	Authorizations AuthorizationManager
	// EventNotifications connects App Configuration instances to Event Notifications.
	EventNotifications ENConnector
	// Lifecycle deletes App Configuration instances and removes key registrations left behind.
	Lifecycle InstanceLifecycle
	// Integrations reads and changes App Configuration integrations.
	Integrations IntegrationStore
	// Keys forgets the root keys remembered of a user.
	Keys KeyForgetter
	// Connections connects App Configuration instances to root keys.
	Connections KMSConnector
	// AuthorizationWizard loads what the Create authorization wizard offers, and what the Authorizations page shows.
	AuthorizationWizard WizardOfferer
	// KMSPanels reads and decides what the Key Management panel offers.
	KMSPanels KMSPanelReader
}

// WizardOfferer loads what the Create authorization wizard offers for a request, the names authorizations refer to,
// and a page of the Authorizations table.
type WizardOfferer interface {
	Offer(ctx context.Context, tok ibmcloud.Token, accountID string, r iam.AuthorizationRequest) iam.WizardOffer
	Names(ctx context.Context, tok ibmcloud.Token, accountID string, list []iam.Authorization) (iam.Names, error)
	AuthorizationsPage(ctx context.Context, tok ibmcloud.Token, accountID string, filter iam.Filter, number, perPage int) (iam.AuthorizationsPage, error)
}

// KMSPanelReader reads what the Key Management panel shows for a state, and decides what of it can be chosen (beginning
// the reads that need not wait for the App Configuration instance before it is read, and the list the panel opens on
// before the panel is asked for); what its provisioning form offers; and the Key Management integration as the
// Integrations page shows it.
type KMSPanelReader interface {
	AnticipatePanel(ctx context.Context, userID string, tok ibmcloud.Token, ac resources.Instance)
	Begin(ctx context.Context, req kms.PanelRequest) *kms.PanelReads
	Read(ctx context.Context, req kms.PanelRequest) kms.Panel
	ProvisioningChoices(ctx context.Context, tok ibmcloud.Token, accountID, service string) kms.ProvisioningChoices
	Connection(ctx context.Context, userID string, tok ibmcloud.Token, list []appconfig.Integration) *kms.Connection
	CreateRootKey(ctx context.Context, req kms.RootKeyRequest) (kms.Key, resources.Instance, error)
}

// KMSConnector connects an App Configuration instance to the root key a user chose (there is no disconnecting:
// customer-managed encryption stays on for the life of the instance).
type KMSConnector interface {
	ConnectChoice(ctx context.Context, ch connect.KMSChoice) (connect.KMSConnection, error)
}
