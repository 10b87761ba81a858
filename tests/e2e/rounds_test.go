package e2e

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
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

// TestCreateTakesItsUpstreamRounds counts the upstream rounds of the Key Management panel's Create and of the
// Integrations page it leads to. After the panel was shown, Create starts from what it showed: with Authorize, the
// authorization and then the integration (2 rounds); with an authorization in place, the integration alone, the
// authorization looked up alongside (1 round). The page after shows the integration Create wrote into the remembered
// list, reading no integration list (after the panel, nothing at all). Without the panel first, the instances, then the root key and the integrations
// are read before any write (4 rounds). Global Catalog requests are left out: they are the process's background read of every plan.
func TestCreateTakesItsUpstreamRounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		panelFirst bool
		authorized bool
		// most is the most rounds Create may take; policies the authorizations it must create.
		most, policies int
	}{
		{name: "with Authorize, after the panel", panelFirst: true, most: 2, policies: 1},
		{name: "authorization in place, after the panel", panelFirst: true, authorized: true, most: 1},
		// The App Configuration instance with the key management instances, then the integrations with the root key.
		{name: "with Authorize, nothing remembered", most: 4, policies: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoletest.Start(t, consoletest.Options{Faults: everyAPISlow})
			cloud := c.Inspect(t)
			if tt.authorized {
				cloud.CreateAuthorization(
					[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "apprapp", "serviceInstance", cloudsim.AppConfigEnterpriseGUID},
					[]string{"accountId", cloudsim.DemoAccountID, "serviceName", "kms", "serviceInstance", cloudsim.KeyProtectUSSouthGUID},
					cloudsim.RoleReaderCRN)
			}
			client := c.Client(t, cloudsim.DemoAdminAPIKey)
			panel := routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID)
			choice := url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}
			path := panel
			if tt.panelFirst {
				path += "?" + choice.Encode()
			} else {
				// A page that reads nothing upstream, for the CSRF token.
				path = "/no-such-page"
			}
			_, body := get(t, client, c.URL+path)
			token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
			if token == nil {
				token = regexp.MustCompile(`&#34;X-CSRF-Token&#34;:&#34;([A-Za-z0-9_-]+)&#34;`).FindStringSubmatch(body)
			}
			if token == nil {
				t.Fatalf("no CSRF token on %s", path)
			}
			form := url.Values{"csrf": {token[1]}, "key": {cloudsim.AppConfigRootKeyID}}
			for k, v := range choice {
				form[k] = v
			}
			if !tt.authorized {
				form.Set("authorize", "1")
			}
			mark := c.Log.Len()
			resp, err := client.PostForm(c.URL+panel, form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("Create: status %d, want 303", resp.StatusCode)
			}
			created := ownRequests(c.Log.Since(mark))
			policies := 0
			for _, r := range created {
				if r.Method == http.MethodPost && r.Path == "/v1/policies" {
					policies++
				}
			}
			if got := consoletest.Rounds(created); got > tt.most || got == 0 || policies != tt.policies {
				t.Errorf("Create: %d rounds (want 1 to %d), %d authorizations created (want %d); requests:\n%s",
					got, tt.most, policies, tt.policies, requestList(created))
			}
			if !cloud.Authorized(cloudsim.AppConfigEnterpriseGUID, "kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.RoleReaderCRN) ||
				len(cloud.Integrations(cloudsim.AppConfigEnterpriseGUID, "us-south", "KMS")) != 1 {
				t.Fatal("Create did not connect")
			}
			mark = c.Log.Len()
			status, page := get(t, client, c.URL+resp.Header.Get("Location"))
			if status != http.StatusOK || !strings.Contains(page, "Key Management connected") || !strings.Contains(page, "data-kms-connected") {
				t.Fatalf("the page after Create: status %d, or without the connection", status)
			}
			after := ownRequests(c.Log.Since(mark))
			t.Logf("Create: %d rounds, %d requests; the page after: %d rounds, %d requests", consoletest.Rounds(created), len(created),
				consoletest.Rounds(after), len(after))
			if tt.panelFirst && len(after) > 0 {
				t.Errorf("the page after Create, from the panel: %d upstream requests, want none:\n%s", len(after), requestList(after))
			}
			for _, r := range after {
				if r.Method == http.MethodGet && strings.HasSuffix(r.Path, "/integrations") {
					t.Errorf("the page after Create read the integrations again; requests:\n%s", requestList(after))
					break
				}
			}
		})
	}
}

// ownRequests leaves out Global Catalog requests: the process's background read of every plan may overlap a request.
func ownRequests(requests []inproc.Request) []inproc.Request {
	var out []inproc.Request
	for _, r := range requests {
		if !strings.HasPrefix(r.Path, "/api/v1") {
			out = append(out, r)
		}
	}
	return out
}

// requestList is one line per request, for a failure's message.
func requestList(requests []inproc.Request) string {
	var lines []string
	for _, r := range requests {
		lines = append(lines, r.Method+" "+r.Path)
	}
	return strings.Join(lines, "\n")
}
