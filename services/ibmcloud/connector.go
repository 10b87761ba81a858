package ibmcloud

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	kp "github.com/IBM/keyprotect-go-client"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"
	"github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"
	"github.com/IBM/platform-services-go-sdk/resourcemanagerv2"
)

// Limits bound every upstream call: one attempt's time, how many retries follow a 429 or 5xx, and the longest wait between them.
type Limits struct {
	AttemptTimeout time.Duration
	MaxRetries     int
	MaxRetryWait   time.Duration
}

// DefaultLimits gives each attempt 4 s and allows one retry after at most 2 s, so one call ends within about 10 s.
var DefaultLimits = Limits{AttemptTimeout: 4 * time.Second, MaxRetries: 1, MaxRetryWait: 2 * time.Second}

// Connector builds SDK clients that act with a given user's token over one shared, keep-alive HTTP transport.
type Connector struct {
	endpoints Endpoints
	limits    Limits
	// transport is the shared keep-alive transport, wrapped so that no Retry-After exceeds limits.MaxRetryWait.
	transport http.RoundTripper
	client    *http.Client
	// observer, when set, is told of each attempt and retry of the clients the connector builds.
	observer Observer
}

var keyProtectRetries sync.Once

// NewConnector returns a Connector for the endpoints, with the given limits on every call.
func NewConnector(endpoints Endpoints, limits Limits) *Connector {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   3 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	// The key management client keeps its retry policy in package variables; they are set once, to the console's limits.
	keyProtectRetries.Do(func() {
		kp.RetryMax = limits.MaxRetries
		kp.RetryWaitMax = limits.MaxRetryWait
	})
	capped := retryAfterCap{next: transport, max: limits.MaxRetryWait}
	return &Connector{
		endpoints: endpoints,
		limits:    limits,
		transport: capped,
		client:    &http.Client{Transport: capped, Timeout: limits.AttemptTimeout},
	}
}

// WithObserver returns a connector like c whose clients report each attempt and retry to observer, under the name of the
// service they are built for; the transport (and its connections) stays shared.
func (c *Connector) WithObserver(observer Observer) *Connector {
	observedConnector := *c
	observedConnector.observer = observer
	return &observedConnector
}

// Endpoints returns the endpoints the connector's clients call.
func (c *Connector) Endpoints() Endpoints { return c.endpoints }

// HTTPClient returns the HTTP client for IAM's token calls, on the shared transport, bounded by the attempt timeout.
func (c *Connector) HTTPClient() *http.Client { return c.httpClient(ServiceIAM) }

// httpClient returns the shared client, or with an observer one on the shared transport that reports service's attempts.
func (c *Connector) httpClient(service string) *http.Client {
	if c.observer == nil {
		return c.client
	}
	return &http.Client{Transport: observed{next: c.transport, service: service, observer: c.observer}, Timeout: c.limits.AttemptTimeout}
}

// Transport returns the shared keep-alive transport (with Retry-After capped at the longest retry wait).
func (c *Connector) Transport() http.RoundTripper { return c.transport }

// Limits returns the limits applied to every call.
func (c *Connector) Limits() Limits { return c.limits }

func (c *Connector) authenticator(tok Token) core.Authenticator {
	return &core.BearerTokenAuthenticator{BearerToken: tok.AccessToken}
}

func (c *Connector) prepare(service *core.BaseService, name string) {
	service.SetHTTPClient(c.httpClient(name))
	if c.limits.MaxRetries > 0 {
		service.EnableRetries(c.limits.MaxRetries, c.limits.MaxRetryWait)
		if c.observer != nil {
			observeRetries(service.Client, name, c.observer)
		}
	}
}

// ResourceController returns a Resource Controller v2 client acting as the token's user.
func (c *Connector) ResourceController(tok Token) (*resourcecontrollerv2.ResourceControllerV2, error) {
	svc, err := resourcecontrollerv2.NewResourceControllerV2(&resourcecontrollerv2.ResourceControllerV2Options{
		URL: c.endpoints.ResourceController, Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc.Service, ServiceResourceController)
	return svc, nil
}

// ResourceManager returns a Resource Manager v2 client acting as the token's user.
func (c *Connector) ResourceManager(tok Token) (*resourcemanagerv2.ResourceManagerV2, error) {
	svc, err := resourcemanagerv2.NewResourceManagerV2(&resourcemanagerv2.ResourceManagerV2Options{
		URL: c.endpoints.ResourceManager, Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc.Service, ServiceResourceManager)
	return svc, nil
}

// IAMPolicy returns an IAM Policy Management client acting as the token's user.
func (c *Connector) IAMPolicy(tok Token) (*iampolicymanagementv1.IamPolicyManagementV1, error) {
	svc, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: c.endpoints.IAMPolicy, Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc.Service, ServiceIAMPolicy)
	return svc, nil
}

// GlobalCatalog returns a Global Catalog client acting as the token's user.
func (c *Connector) GlobalCatalog(tok Token) (*globalcatalogv1.GlobalCatalogV1, error) {
	svc, err := globalcatalogv1.NewGlobalCatalogV1(&globalcatalogv1.GlobalCatalogV1Options{
		URL: c.endpoints.GlobalCatalog, Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc.Service, ServiceGlobalCatalog)
	return svc, nil
}

// PublicGlobalCatalog returns a Global Catalog client that sends no token: it reads the public catalog, which IBM Cloud
// serves to anyone (ibm-cloud-docs/billing-usage getting-pricing-api.md reads services and plans with no
// Authorization header).
func (c *Connector) PublicGlobalCatalog() (*globalcatalogv1.GlobalCatalogV1, error) {
	svc, err := globalcatalogv1.NewGlobalCatalogV1(&globalcatalogv1.GlobalCatalogV1Options{
		URL: c.endpoints.GlobalCatalog, Authenticator: &core.NoAuthAuthenticator{},
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc.Service, ServiceGlobalCatalog)
	return svc, nil
}

// AppConfig returns a generic SDK service bound to the App Configuration instance with the given region and GUID.
func (c *Connector) AppConfig(tok Token, region, instanceGUID string) (*core.BaseService, error) {
	svc, err := core.NewBaseService(&core.ServiceOptions{
		URL: c.endpoints.AppConfig(region, instanceGUID), Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc, ServiceAppConfig)
	return svc, nil
}

// KeyManagement returns a key management client for one instance at endpoint of service, "kms" (Key Protect) or
// "hs-crypto" (Hyper Protect Crypto Services).
func (c *Connector) KeyManagement(tok Token, service, endpoint, instanceGUID string) (*kp.Client, error) {
	transport := c.transport
	if c.observer != nil {
		name := ServiceKeyProtect
		if service == "hs-crypto" {
			name = ServiceHPCS
		}
		longestCall := time.Duration(c.limits.MaxRetries+1)*c.limits.AttemptTimeout + time.Duration(c.limits.MaxRetries)*c.limits.MaxRetryWait
		transport = &keyManagementRetries{next: observed{next: c.transport, service: name, observer: c.observer}, service: name,
			observer: c.observer, maxAge: longestCall, pending: map[string]retryableAnswer{}}
	}
	return kp.New(kp.ClientConfig{
		BaseURL:       strings.TrimRight(endpoint, "/"),
		Authorization: "Bearer " + tok.AccessToken,
		InstanceID:    instanceGUID,
		Verbose:       kp.VerboseNone,
		Timeout:       c.limits.AttemptTimeout.Seconds(),
	}, transport)
}
