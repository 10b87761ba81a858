package e2e

import (
	"cmp"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
)

// everyAPISlow makes each of cloudsim's APIs answer after 100 ms, so that upstream requests the console sends together
// overlap in cloudsim's request log and count as one round.
const everyAPISlow = "iam=latency:100ms;resource-controller=latency:100ms;resource-manager=latency:100ms;" +
	"global-catalog=latency:100ms;iam-policy=latency:100ms;kms=latency:100ms;appconfig=latency:100ms"

// TestPagesTakeTheirUpstreamRounds counts the sequential rounds of upstream requests of pages, cold (the first request
// of a fresh console right after sign-in, or, for a row with pages before it, the first right after them) and warm
// (the same request again): each may take at most the rounds it takes today, and a row allowing none may send no
// request at all. A request that depends on another may start while an unrelated one is still running and so share
// its round; the counts are therefore bounds. Each answer must show what the row names, so that no error page passes.
func TestPagesTakeTheirUpstreamRounds(t *testing.T) {
	t.Parallel()
	integrations := routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN)
	panel := routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN)
	// The panel's list names each instance by its CRN.
	rootKeys := panel + "?" + url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthCRN}}.Encode()
	tests := []struct {
		name string
		path string
		// before are the pages the administrator opens first (htmx for the panel's addresses), without counting, and
		// lets settle; viewer sends the request as the read-only user; lead is a page the user opens right before it;
		// htmx sends it as htmx does.
		before     []string
		viewer     bool
		lead       string
		htmx       bool
		cold, warm int
		// shows is a text the answer holds.
		shows string
	}{
		// The instance with its integrations (the region from the CRN in the address; the plan's names read as the
		// console started); the Key Protect instances are read for the panel without waiting for them.
		{name: "integrations page", path: integrations, cold: 1, warm: 1, shows: "Key Management"},
		// The instance with the Key Protect instances and the integrations.
		{name: "Key Management panel by link", path: panel, cold: 1, warm: 1, shows: "key-protect-us-south"},
		// Everything the panel shows the page read, or is still reading: the instance, its integrations, the Key
		// Protect instances (a user's first visit, in a process that has met the instances).
		{name: "Key Management panel right after the page", path: panel, before: []string{integrations}, viewer: true, lead: integrations,
			htmx: true, shows: "key-protect-us-south"},
		// Nothing before, in a fresh process: the instance, the Key Protect instances, the keys (their place from the
		// chosen instance's CRN) and the authorizations, together.
		{name: "root keys of a chosen instance", path: rootKeys, htmx: true, cold: 1, warm: 1, shows: "app-config-root-key"},
		// The keys and the authorizations (the list is remembered from the panel).
		{name: "root keys right after the panel", path: rootKeys, before: []string{integrations, panel}, htmx: true, cold: 1, warm: 1,
			shows: "app-config-root-key"},
		// Another user, nothing of theirs remembered: the instances, the integrations, the Key Protect instances, the
		// keys from the instance's known place and the authorizations, together.
		{name: "root keys for a user with nothing remembered", path: rootKeys, before: []string{integrations, panel}, htmx: true,
			viewer: true, cold: 1, warm: 1, shows: "app-config-root-key"},
		// The authorizations with every name they refer to.
		{name: "authorizations list", path: routes.Path(routes.Authorizations), cold: 1, warm: 1, shows: "authorizations-table"},
		// The catalog's services, the groups, the instances, the roles and the authorizations, together.
		{name: "authorization wizard, pre-filled", path: routes.Path(routes.AuthorizationWizard) + "?" + url.Values{
			"source_service": {"apprapp"}, "source_scope": {"instance"}, "source_instance": {cloudsim.AppConfigEnterpriseGUID},
			"target_service": {"kms"}, "target_scope": {"instance"}, "target_instance": {cloudsim.KeyProtectUSSouthGUID},
			"role": {"Reader"},
		}.Encode(), cold: 1, warm: 1, shows: "key-protect-us-south"},
		// The instance with its keys (the endpoint from the CRN's region).
		{name: "Key Protect instance page", path: routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthCRN), cold: 1, warm: 1,
			shows: "app-config-root-key"},
		// The instance with the key and its registrations; then the registered resources' instances.
		{name: "key page", path: routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID), cold: 1, warm: 1,
			shows: "app-config-root-key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoletest.Start(t, consoletest.Options{Faults: everyAPISlow})
			client := c.Client(t, cloudsim.DemoAdminAPIKey)
			for _, path := range tt.before {
				if status, _ := consoletest.Get(t, client, c.URL+path, strings.HasPrefix(path, panel)); status != http.StatusOK {
					t.Fatalf("before, %s: status %d", path, status)
				}
			}
			if tt.viewer {
				client = c.Client(t, cloudsim.DemoViewerAPIKey)
			}
			if len(tt.before) > 0 {
				settle(c)
			}
			if tt.lead != "" {
				if status, _ := consoletest.Get(t, client, c.URL+tt.lead, false); status != http.StatusOK {
					t.Fatalf("lead, %s: status %d", tt.lead, status)
				}
			}
			for _, visit := range []struct {
				name string
				most int
			}{{"cold", tt.cold}, {"warm", tt.warm}} {
				mark, sent := c.Log.Len(), time.Now()
				status, body := consoletest.Get(t, client, c.URL+tt.path, tt.htmx)
				if status != http.StatusOK || !strings.Contains(body, tt.shows) {
					t.Fatalf("%s: status %d, want 200 showing %q", visit.name, status, tt.shows)
				}
				// Requests begun before this one (reads a page left running in the background) are not its own.
				requests := slices.DeleteFunc(c.Log.Since(mark), func(r inproc.Request) bool { return r.Start.Before(sent) })
				// Warm, a page may take no round: the integration lists are remembered for a few seconds.
				got := consoletest.Rounds(requests)
				if got > visit.most || visit.most == 0 && len(requests) > 0 || got == 0 && visit.name == "cold" && visit.most > 0 {
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

// settle waits until cloudsim has answered no request for half a second (ten seconds at most), so that reads a page
// left running in the background (the catalog's plans) are over before the next request is counted.
func settle(c *consoletest.Console) {
	deadline := time.Now().Add(10 * time.Second)
	for n := -1; n != c.Log.Len() && time.Now().Before(deadline); {
		n = c.Log.Len()
		time.Sleep(500 * time.Millisecond)
	}
}

// TestKMSPanelAfterAWrite: the console's own writes from the Integrations page and its panel make the next panel read
// again what they change, although the page and the panel had just read and remembered it: a root key created from
// the panel, an instance created from the panel, Create (the integration), and Refresh after a root key was created
// outside the console (which the panel shows only once it reads the keys again).
func TestKMSPanelAfterAWrite(t *testing.T) {
	t.Parallel()
	guid := cloudsim.AppConfigEnterpriseGUID
	panel := routes.Path(routes.KMSPanel, guid)
	chosen := panel + "?" + url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}.Encode()
	tests := []struct {
		name string
		// elsewhere is a root key created outside the console before the write, "" for none.
		elsewhere string
		write     string
		form      url.Values
		// next is the panel opened after the write ("" for the address the write redirects to); it sends rereads
		// upstream ("" when the write put what it made into what the console remembers) and shows shows.
		next, rereads, shows string
	}{
		{name: "root key created from the panel", write: routes.Path(routes.KMSRootKeyCreate, guid),
			form:    url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key_name": {"key-from-panel"}},
			rereads: "GET /api/v2/keys", shows: "key-from-panel"},
		{name: "instance created from the panel", write: routes.Path(routes.KMSInstanceCreate, guid),
			form: url.Values{"service": {"kms"}, "mode": {"new"}, "name": {"kp-from-panel"}, "region": {"us-east"},
				"plan": {cloudsim.KeyProtectPlanID}, "group": {cloudsim.DefaultResourceGroupID}},
			rereads: "GET /v2/resource_instances", shows: "kp-from-panel"},
		{name: "Create", write: routes.Path(routes.KMSConnect, guid),
			form: url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID},
				"key": {cloudsim.AppConfigRootKeyID}, "authorize": {"1"}},
			// Create writes the integration it made into the remembered list: the panel shows it without reading.
			next: panel, shows: "Already connected"},
		{name: "Refresh", elsewhere: "key-made-elsewhere", write: routes.Path(routes.KMSRefresh, guid), form: url.Values{},
			next: chosen, rereads: "GET /api/v2/keys", shows: "key-made-elsewhere"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := consoletest.Start(t, consoletest.Options{})
			client := c.Client(t, cloudsim.DemoAdminAPIKey)
			var body string
			for _, path := range []string{routes.Path(routes.Integrations, guid), panel, chosen} {
				var status int
				if status, body = consoletest.Get(t, client, c.URL+path, path != routes.Path(routes.Integrations, guid)); status != http.StatusOK {
					t.Fatalf("before, %s: status %d", path, status)
				}
			}
			token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
			if token == nil {
				t.Fatal("no CSRF token in the panel")
			}
			if tt.elsewhere != "" {
				in := c.Inspect(t)
				kp, err := resources.NewService(in.Connector()).GetInstance(t.Context(), in.Token(), cloudsim.KeyProtectUSSouthGUID)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := kms.NewClient(in.Connector()).CreateRootKey(t.Context(), in.Token(), kp, tt.elsewhere); err != nil {
					t.Fatal(err)
				}
				if _, body := consoletest.Get(t, client, c.URL+chosen, true); strings.Contains(body, tt.elsewhere) {
					t.Fatal("the panel showed the key made elsewhere before Refresh: nothing was remembered, so Refresh proves nothing")
				}
			}
			form := url.Values{"csrf": {token[1]}}
			for k, v := range tt.form {
				form[k] = v
			}
			resp, err := client.PostForm(c.URL+tt.write, form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: status %d, want 303", tt.write, resp.StatusCode)
			}
			next := cmp.Or(tt.next, resp.Header.Get("Location"))
			mark := c.Log.Len()
			status, body := consoletest.Get(t, client, c.URL+next, true)
			var sent []string
			for _, r := range c.Log.Since(mark) {
				sent = append(sent, r.Method+" "+r.Path)
			}
			if status != http.StatusOK || !strings.Contains(body, tt.shows) || tt.rereads != "" && !slices.Contains(sent, tt.rereads) {
				t.Errorf("the panel after the write (%s): status %d, shows %q: %v; want it to read %q again, sent:\n%s",
					next, status, tt.shows, strings.Contains(body, tt.shows), tt.rereads, strings.Join(sent, "\n"))
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
			_, body := consoletest.Get(t, client, c.URL+path, false)
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
			status, page := consoletest.Get(t, client, c.URL+resp.Header.Get("Location"), false)
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

// TestInstanceAddresses checks the two ways an address names an instance: by GUID (older links), which still works,
// and by CRN, which must be the instance's own: a CRN naming another account or region, or an instance that does not
// exist, is refused with the same 404 page (only the address differs), shows nothing of the instance, and sends no
// request that changes anything upstream.
func TestInstanceAddresses(t *testing.T) {
	t.Parallel()
	c := consoletest.Start(t, consoletest.Options{})
	client := c.Client(t, cloudsim.DemoAdminAPIKey)
	get := func(path string) (int, string) {
		t.Helper()
		return consoletest.Get(t, client, c.URL+path, false)
	}
	for _, path := range []string{
		routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID),
		routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID),
		routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID),
		routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID),
	} {
		if status, body := get(path); status != http.StatusOK {
			t.Errorf("GET %s: status %d\n%.300s", path, status, body)
		}
	}

	const unknownGUID = "00000000-0000-4000-8000-0000000000ff"
	swap := func(crn, from, to string) string { return strings.Replace(crn, from, to, 1) }
	tests := []struct {
		name, route, crn, instanceName string
	}{
		{"App Configuration, another account", routes.Integrations, swap(cloudsim.AppConfigEnterpriseCRN, cloudsim.DemoAccountID, cloudsim.OtherAccountID), "app-config-enterprise"},
		{"App Configuration, another region", routes.Integrations, swap(cloudsim.AppConfigEnterpriseCRN, ":us-south:", ":eu-de:"), "app-config-enterprise"},
		{"Key Management panel, another region", routes.KMSPanel, swap(cloudsim.AppConfigEnterpriseCRN, ":us-south:", ":eu-gb:"), "app-config-enterprise"},
		{"Key Protect, another account", routes.KMSInstance, swap(cloudsim.KeyProtectUSSouthCRN, cloudsim.DemoAccountID, cloudsim.OtherAccountID), "key-protect-us-south"},
		{"Key Protect, another region", routes.KMSInstance, swap(cloudsim.KeyProtectUSSouthCRN, ":us-south:", ":eu-de:"), "key-protect-us-south"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			unknown := swap(cloudsim.AppConfigEnterpriseCRN, cloudsim.AppConfigEnterpriseGUID, unknownGUID)
			if tt.route == routes.KMSInstance {
				unknown = swap(cloudsim.KeyProtectUSSouthCRN, cloudsim.KeyProtectUSSouthGUID, unknownGUID)
			}
			wantStatus, want := get(routes.Path(tt.route, unknown))
			mark := c.Log.Len()
			status, body := get(routes.Path(tt.route, tt.crn))
			if status != http.StatusNotFound || wantStatus != http.StatusNotFound {
				t.Fatalf("status %d (unknown instance %d), want 404", status, wantStatus)
			}
			// The pages differ only in the address they name.
			same := func(page, crn string) string {
				return strings.NewReplacer(routes.Path(tt.route, crn), "ADDRESS", crn, "CRN").Replace(page)
			}
			if same(body, tt.crn) != same(want, unknown) {
				t.Errorf("the page differs from an unknown instance's:\n%s\n---\n%s", same(body, tt.crn), same(want, unknown))
			}
			if strings.Contains(body, tt.instanceName) {
				t.Errorf("the page names the instance %s", tt.instanceName)
			}
			for _, r := range c.Log.Since(mark) {
				if r.Method != http.MethodGet {
					t.Errorf("upstream %s %s", r.Method, r.Path)
				}
			}
		})
	}
}
