// Package console assembles the console from its parts: SDK clients for the endpoints, the domain services, and the
// HTTP handlers, so that the command, the load generator and the tests all run the same wiring.
package console

import (
	"cmp"
	"errors"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/sessionstore"
	"appconfig-console/metrics"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/auth"
	"appconfig-console/services/connect"
	"appconfig-console/services/eventnotifications"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/services/usercache"
	"appconfig-console/views"
)

// Options says how to assemble one console: the backend's endpoints, whether that backend is cloudsim, the limits on
// every upstream call, the handlers' configuration, how long a deletion waits for its key to be unregistered, and how
// long a connection waits for a new authorization to take effect (connect.DefaultWait when Connect.Total is zero).
type Options struct {
	Endpoints ibmcloud.Endpoints
	// Sim says the endpoints are cloudsim's: the handlers run in sim mode and the sign-in page shows the demo API keys.
	Sim       bool
	Limits    ibmcloud.Limits
	Handlers  handlers.Config
	Lifecycle lifecycle.Options
	Connect   connect.Wait
	// Metrics, when set, records requests, upstream calls, sign-ins, session-store errors and, with Redis, the time of
	// each Redis command.
	Metrics *metrics.Metrics
	// Redis, when set, holds what every replica shares: the sessions (signed with Handlers.SessionKeys), the versions
	// of the per-user caches, the per-instance connection locks and the sign-in throttle's counts.
	Redis redis.UniversalClient
	// ListTTL is how long the pages remember an instance's integration list: appconfig.ListTTL when zero, nothing when
	// negative.
	ListTTL time.Duration
}

// New returns the console's HTTP handler, wired to the endpoints in opts. A connection's request gets the page timeout
// plus the connection's wait (handlers.Config.ConnectWait).
func New(opts Options) (*echo.Echo, error) {
	if opts.Handlers.Now == nil {
		opts.Handlers.Now = time.Now
	}
	if opts.Connect.Total == 0 {
		opts.Connect = connect.DefaultWait
	}
	opts.Handlers.ConnectWait = opts.Connect.Total
	if opts.Sim {
		opts.Handlers.SimMode = true
		opts.Handlers.DemoKeys = demoKeys()
	}
	if opts.Redis != nil {
		if len(opts.Handlers.SessionKeys) == 0 {
			return nil, errors.New("console: sessions kept in Redis need session keys, the same on every replica")
		}
		opts.Handlers.SessionStore = sessionstore.NewRedis(opts.Redis, opts.Handlers.SessionKeys)
		if opts.Metrics != nil {
			opts.Redis.AddHook(redisTimer{observe: opts.Metrics.RedisCommands()})
		}
	}
	connector := ibmcloud.NewConnector(opts.Endpoints, opts.Limits)
	if opts.Metrics != nil {
		connector = connector.WithObserver(opts.Metrics)
		opts.Handlers.Observer = opts.Metrics
	}
	services, warmingUp := newServices(connector, opts.Handlers.Now, opts.Lifecycle, opts.Connect, opts.Redis, cmp.Or(opts.ListTTL, appconfig.ListTTL))
	opts.Handlers.WarmingUp = warmingUp
	e, err := handlers.New(opts.Handlers, services)
	if err != nil {
		return nil, err
	}
	if opts.Metrics != nil {
		// Before every other middleware, so that requests they answer themselves are counted too.
		e.Pre(opts.Metrics.Middleware())
	}
	return e, nil
}

// demoKeys returns cloudsim's demo API keys, which the sign-in page shows in sim mode.
func demoKeys() []views.DemoAPIKey {
	return []views.DemoAPIKey{
		{Label: "Administrator", Email: cloudsim.AdminEmail, APIKey: cloudsim.DemoAdminAPIKey},
		{Label: "Read-only user", Email: cloudsim.ViewerEmail, APIKey: cloudsim.DemoViewerAPIKey},
	}
}

// NewServices builds each domain service once over connector and hands them to the handlers, for one process. The
// connections' wait keeps one whole upstream call's time (attempts, retries and their pauses) free before the
// request's deadline.
func NewServices(connector *ibmcloud.Connector, now func() time.Time, lifecycleOpts lifecycle.Options, wait connect.Wait) handlers.Services {
	services, _ := newServices(connector, now, lifecycleOpts, wait, nil, appconfig.ListTTL)
	return services
}

// newServices is NewServices, sharing the caches' versions, the connection locks and the sign-in throttle through
// shared when it is not nil, with the integration lists remembered for listTTL. It starts reading the catalog's plan
// names, in the background, and returns a channel closed when that read has ended.
func newServices(connector *ibmcloud.Connector, now func() time.Time, lifecycleOpts lifecycle.Options, wait connect.Wait, shared redis.UniversalClient, listTTL time.Duration) (handlers.Services, <-chan struct{}) {
	var (
		instanceVersions, keyVersions, listVersions usercache.Versions
		lock                                        connect.Lock
		throttle                                    handlers.SignInThrottle = auth.NewThrottle(auth.DefaultThrottlePolicy, now)
	)
	if shared != nil {
		instanceVersions = usercache.NewRedisVersions(shared, "instances", usercache.DefaultTTL)
		keyVersions = usercache.NewRedisVersions(shared, "keys", usercache.DefaultTTL)
		listVersions = usercache.NewRedisVersions(shared, "integrations", appconfig.ListTTL)
		lock = connect.NewRedisLock(shared)
		throttle = auth.NewRedisThrottle(auth.DefaultThrottlePolicy, now, shared)
	}
	limits := connector.Limits()
	wait.Reserve = time.Duration(limits.MaxRetries+1)*limits.AttemptTimeout + time.Duration(limits.MaxRetries)*limits.MaxRetryWait
	resourceService := resources.NewService(connector)
	plansRead := resourceService.LoadPlans()
	integrationService := appconfig.NewService(connector)
	integrationLists := integrationService.RememberLists(listTTL, now, listVersions)
	iamService := iam.NewService(connector)
	keyClient := kms.NewClient(connector)
	keyCache := kms.NewKeyCache(keyClient, usercache.DefaultTTL, now, keyVersions)
	if lifecycleOpts.Now == nil {
		lifecycleOpts.Now = now
	}
	instances := resources.NewInstanceCache(resourceService, usercache.DefaultTTL, now, instanceVersions)
	connections := connect.NewConnector(integrationService, iamService, keyCache, instances, wait, lock)
	return handlers.Services{
		Auth:                auth.NewService(connector.Endpoints().IAM, connector.HTTPClient(), now),
		SignInThrottle:      throttle,
		Resources:           resourceService,
		Authorizations:      iamService,
		AuthorizationWizard: iam.NewWizard(iamService, resourceService),
		Integrations:        integrationLists,
		Instances:           instances,
		Keys:                keyCache,
		Connections:         connections,
		KMSPanels:           kms.NewPanels(instances, keyCache, iamService, resourceService),
		Lifecycle:           lifecycle.NewService(resourceService, integrationService, keyClient, lifecycleOpts),
		EventNotifications:  eventnotifications.NewService(integrationService, iamService, resourceService, connections),
	}, plansRead
}
