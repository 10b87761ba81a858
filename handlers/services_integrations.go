package handlers

import (
	"context"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// IntegrationStore reads an App Configuration instance's integrations, remembering the list briefly, and forgets the
// remembered lists of an instance when a user asks to see them afresh.
type IntegrationStore interface {
	ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst appconfig.Instance) ([]appconfig.Integration, error)
	ForgetLists(inst appconfig.Instance)
}

// ENConnector connects, refreshes and disconnects an App Configuration instance's Event Notifications integration.
type ENConnector interface {
	Current(ctx context.Context, tok ibmcloud.Token, ac resources.Instance) (*eventnotifications.Connection, error)
	Find(ctx context.Context, tok ibmcloud.Token, list []appconfig.Integration) (*eventnotifications.Connection, error)
	Refresh(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) (*eventnotifications.Connection, error)
	Panel(ctx context.Context, req eventnotifications.PanelRequest) eventnotifications.Panel
	ConnectForm(ctx context.Context, tok ibmcloud.Token, f eventnotifications.Form) (connect.Result, resources.Instance, error)
	Disconnect(ctx context.Context, tok ibmcloud.Token, ac resources.Instance, integrationID string) error
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
