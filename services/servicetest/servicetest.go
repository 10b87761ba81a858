// Package servicetest gives tests of the console's services a Connector to a cloudsim and signed-in tokens.
package servicetest

import (
	"testing"
	"time"

	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
)

// Limits are short limits for tests: one retry, soon, and a few seconds an attempt.
var Limits = ibmcloud.Limits{AttemptTimeout: 3 * time.Second, MaxRetries: 1, MaxRetryWait: 100 * time.Millisecond}

// Connector returns a Connector to every API of sim, with Limits.
func Connector(sim *simtest.Sim) *ibmcloud.Connector {
	return ibmcloud.NewConnector(ibmcloud.SimEndpoints(sim.URL), Limits)
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
