package handlers

import (
	"context"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/connect"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/ibmcloud"
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

// KeyForgetter forgets the root keys remembered of a user.
type KeyForgetter interface {
	Forget(userID string)
}
