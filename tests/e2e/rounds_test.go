package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// everyAPISlow makes each of cloudsim's APIs answer after 100 ms, so that upstream requests the console sends together
// overlap in cloudsim's request log and count as one round.
const everyAPISlow = "iam=latency:100ms;resource-controller=latency:100ms;resource-manager=latency:100ms;" +
	"global-catalog=latency:100ms;iam-policy=latency:100ms;kms=latency:100ms;appconfig=latency:100ms"

// TestPagesTakeTheirUpstreamRounds counts the sequential rounds of upstream requests of pages, cold (the first request
// of a fresh console right after sign-in) and warm (the same request again): each may take at most the rounds it takes
// today. A request that depends on another may start while an unrelated one is still running and so share its round;
// the counts are therefore bounds.
func TestPagesTakeTheirUpstreamRounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		path       string
		cold, warm int
	}{
		// The instance, then its integrations with its plan in Global Catalog (the Key Protect instances are read
		// for the panel without waiting for them).
		{"integrations page", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), 2, 1},
		// The instance with the Key Protect instances, then the plans with the integrations.
		{"Key Management panel by link", routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID), 2, 1},
		// The authorizations with every name they refer to.
		{"authorizations list", routes.Path(routes.Authorizations), 1, 1},
		// The catalog's services, the groups, the instances, the roles and the authorizations, together.
		{"authorization wizard, pre-filled", routes.Path(routes.AuthorizationWizard) + "?" + url.Values{
			"source_service": {"apprapp"}, "source_scope": {"instance"}, "source_instance": {cloudsim.AppConfigEnterpriseGUID},
			"target_service": {"kms"}, "target_scope": {"instance"}, "target_instance": {cloudsim.KeyProtectUSSouthGUID},
			"role": {"Reader"},
		}.Encode(), 1, 1},
		// The instance, then its keys with its plan; warm, the keys alongside the instance.
		{"Key Protect instance page", routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID), 2, 1},
		// The instance, then the key and its registrations with its plan; warm, all alongside the instance.
		{"key page", routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID), 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoletest.Start(t, consoletest.Options{Faults: everyAPISlow})
			client := c.Client(t, cloudsim.DemoAdminAPIKey)
			for _, visit := range []struct {
				name string
				most int
			}{{"cold", tt.cold}, {"warm", tt.warm}} {
				mark := c.Log.Len()
				resp, err := client.Get(c.URL + tt.path)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: status %d", visit.name, resp.StatusCode)
				}
				requests := c.Log.Since(mark)
				// Warm, a page may take no round: the integration lists are remembered for a few seconds.
				if got := consoletest.Rounds(requests); got > visit.most || got == 0 && visit.name == "cold" {
					var paths []string
					for _, r := range requests {
						paths = append(paths, r.Method+" "+r.Path)
					}
					t.Errorf("%s: %d rounds, want at most %d; requests:\n%s", visit.name, got, visit.most, strings.Join(paths, "\n"))
				}
			}
		})
	}
}
