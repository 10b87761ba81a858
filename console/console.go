// Package console assembles the console from its parts: SDK clients for the endpoints, the domain services, and the
// HTTP handlers, so that the command, the load generator and the tests all run the same wiring.
package console

import (
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/handlers"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/auth"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
)

// Options says how to assemble one console: the backend's endpoints, the limits on every upstream call, the handlers'
// configuration, and how long a deletion waits for its key to be unregistered.
type Options struct {
	Endpoints ibmcloud.Endpoints
	Limits    ibmcloud.Limits
	Handlers  handlers.Config
	Lifecycle lifecycle.Options
}

// New returns the console's HTTP handler, wired to the endpoints in opts.
func New(opts Options) (*echo.Echo, error) {
	if opts.Handlers.Now == nil {
		opts.Handlers.Now = time.Now
	}
	connector := ibmcloud.NewConnector(opts.Endpoints, opts.Limits)
	return handlers.New(opts.Handlers, NewServices(connector, opts.Handlers.Now, opts.Lifecycle))
}

// NewServices builds each domain service once over connector and hands them to the handlers.
func NewServices(connector *ibmcloud.Connector, now func() time.Time, lifecycleOpts lifecycle.Options) handlers.Services {
	resourceService := resources.NewService(connector)
	integrationService := appconfig.NewService(connector)
	iamService := iam.NewService(connector)
	keyInventory := kms.NewInventory(connector)
	keyDirectory := kms.NewDirectory(kms.NewService(connector), resourceService, kms.DefaultTTL, now)
	if lifecycleOpts.Now == nil {
		lifecycleOpts.Now = now
	}
	return handlers.Services{
		Auth:               auth.NewService(connector.Endpoints().IAM, connector.HTTPClient(), now),
		SignInThrottle:     auth.NewThrottle(auth.DefaultThrottlePolicy, now),
		Resources:          resourceService,
		Authorizations:     iamService,
		Integrations:       integrationService,
		KeyManagement:      keyDirectory,
		KMSLinker:          kms.NewLinker(keyDirectory, integrationService, iamService),
		KeyInventory:       keyInventory,
		Lifecycle:          lifecycle.NewService(resourceService, integrationService, keyInventory, lifecycleOpts),
		EventNotifications: eventnotifications.NewService(integrationService, iamService, resourceService),
	}
}
