// Package servicetest gives tests of the console's services a Connector to a cloudsim and signed-in tokens.
package servicetest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/auth"
	"appconfig-console/services/iam"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// Limits are short limits for tests: one retry, soon, and a few seconds an attempt.
var Limits = ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 100 * time.Millisecond}

// Connector returns a Connector to every API of sim, with Limits.
func Connector(sim *simtest.Sim) *ibmcloud.Connector {
	return ibmcloud.NewConnector(ibmcloud.SimEndpoints(sim.URL), Limits)
}

// Env is a cloudsim, a Connector to it, the console's services over that Connector, and the tokens of the demo
// administrator and viewer.
type Env struct {
	Sim          *simtest.Sim
	Connector    *ibmcloud.Connector
	Resources    *resources.Service
	IAM          *iam.Service
	Integrations *appconfig.Service
	Keys         *kms.Client
	Admin        ibmcloud.Token
	Viewer       ibmcloud.Token
}

// Start returns an Env over a fresh cloudsim started with opts, connected with Limits.
func Start(t testing.TB, opts ...func(*cloudsim.Options)) Env {
	t.Helper()
	return StartWith(t, Limits, opts...)
}

// StartWith returns an Env over a fresh cloudsim started with opts, connected with limits.
func StartWith(t testing.TB, limits ibmcloud.Limits, opts ...func(*cloudsim.Options)) Env {
	t.Helper()
	sim := simtest.Start(t, opts...)
	return Over(t, sim, ibmcloud.NewConnector(ibmcloud.SimEndpoints(sim.URL), limits))
}

// StartLogged is Start with a log of the requests cloudsim answers.
func StartLogged(t testing.TB) (Env, *inproc.RequestLog) {
	t.Helper()
	log := &inproc.RequestLog{}
	return Start(t, func(o *cloudsim.Options) { o.Logger = slog.New(log) }), log
}

// Over returns an Env over sim reached through connector, signing both demo users in.
func Over(t testing.TB, sim *simtest.Sim, connector *ibmcloud.Connector) Env {
	t.Helper()
	return Env{Sim: sim, Connector: connector, Resources: resources.NewService(connector), IAM: iam.NewService(connector),
		Integrations: appconfig.NewService(connector), Keys: kms.NewClient(connector),
		Admin: Token(t, connector, cloudsim.DemoAdminAPIKey), Viewer: Token(t, connector, cloudsim.DemoViewerAPIKey)}
}

// SignedIn returns the viewer's token when viewer is true, the administrator's otherwise.
func (e Env) SignedIn(viewer bool) ibmcloud.Token {
	if viewer {
		return e.Viewer
	}
	return e.Admin
}

// Proxy starts a server in front of sim that gives each request to intercept first, then to sim unless intercept
// answered it (returned true), and returns the server's URL.
func Proxy(t testing.TB, sim *simtest.Sim, intercept func(w http.ResponseWriter, r *http.Request) bool) string {
	t.Helper()
	target, err := url.Parse(sim.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !intercept(w, r) {
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(server.Close)
	return server.URL
}

// Instance reads a seeded instance as the administrator through Resource Controller, as the console does.
func (e Env) Instance(t testing.TB, guid string) resources.Instance {
	t.Helper()
	inst, err := e.Resources.GetInstance(context.Background(), e.Admin, guid)
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// Token signs in with apiKey through services/auth at the connector's IAM endpoint and returns the token, failing t if
// sign-in fails.
func Token(t testing.TB, connector *ibmcloud.Connector, apiKey string) ibmcloud.Token {
	t.Helper()
	session, err := auth.NewService(connector.Endpoints().IAM, connector.HTTPClient(), time.Now).SignIn(apiKey)
	if err != nil {
		t.Fatal(err)
	}
	return session.Token
}

// Names returns the name of each item of list, in order.
func Names[T any](list []T, name func(T) string) []string {
	out := make([]string, 0, len(list))
	for _, item := range list {
		out = append(out, name(item))
	}
	return out
}
