package e2e

import (
	"io"
	"net/http"
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
		// The instance, its plan in Global Catalog, then its integrations with the Key Protect instances, then their plan.
		{"integrations page", routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), 4, 1},
		{"Key Management panel by link", routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID), 3, 1},
		{"authorizations list", routes.Path(routes.Authorizations), 3, 2},
		{"key page", routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID), 4, 3},
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
				if got := consoletest.Rounds(requests); got > visit.most || got == 0 {
					var paths []string
					for _, r := range requests {
						paths = append(paths, r.Method+" "+r.Path)
					}
					t.Errorf("%s: %d rounds, want 1 to %d; requests:\n%s", visit.name, got, visit.most, strings.Join(paths, "\n"))
				}
			}
		})
	}
}
