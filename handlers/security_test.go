package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/iam"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// evilName is markup and script that every name the console shows must render as text.
const evilName = `"><script>alert(1)</script><img src=x onerror=alert(2)>`

func TestNamesFromUpstreamAreRenderedAsText(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	ctx := context.Background()
	tok := tc.Inspect(t).Token()
	conn := servicetest.Connector(tc.Sim)
	rs := resources.NewService(conn)
	// Instances of every service the console lists, each named with markup, created through the SDKs.
	var acGUID, kpGUID string
	for _, in := range []struct {
		service, plan string
		guid          *string
	}{
		{cloudsim.AppConfigServiceID, cloudsim.AppConfigEnterprisePlanID, &acGUID},
		{cloudsim.KeyProtectServiceID, cloudsim.KeyProtectPlanID, &kpGUID},
		{cloudsim.EventNotificationsServiceID, cloudsim.EventNotificationsStandardPlanID, nil},
	} {
		inst, err := rs.CreateInstance(ctx, tok, resources.CreateInstanceInput{Name: evilName, ServiceID: in.service, PlanID: in.plan,
			Region: "us-south", ResourceGroupID: cloudsim.DefaultResourceGroupID})
		if err != nil {
			t.Fatalf("create %s instance: %v", in.service, err)
		}
		if in.guid != nil {
			*in.guid = inst.GUID
		}
	}
	// A root key in the new Key Protect instance and one in the seeded one.
	for _, guid := range []string{kpGUID, cloudsim.KeyProtectUSSouthGUID} {
		client, err := conn.KeyManagement(tok, "kms", tc.Sim.URL, guid)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := client.CreateRootKey(ctx, evilName, nil); err != nil {
			t.Fatalf("create key: %v", err)
		}
	}
	// An authorization whose description is markup.
	if _, err := iam.NewService(conn).CreateAuthorization(ctx, tok, iam.Authorization{
		Source:      iam.Party{AccountID: cloudsim.DemoAccountID, Service: "apprapp", InstanceGUID: acGUID},
		Target:      iam.Party{AccountID: cloudsim.DemoAccountID, Service: "kms", InstanceGUID: kpGUID},
		Roles:       []iam.Role{{CRN: cloudsim.RoleReaderCRN}},
		Description: evilName,
	}); err != nil {
		t.Fatalf("create authorization: %v", err)
	}

	tc.signIn(cloudsim.DemoAdminAPIKey)
	pages := []string{
		"/",
		"/?q=" + url.QueryEscape(evilName),
		routes.Path(routes.Integrations, acGUID),
		routes.Path(routes.KMSPanel, acGUID) + "?service=kms&mode=existing&instance=" + kpGUID,
		routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID) + "?service=kms&mode=existing&instance=" + cloudsim.KeyProtectUSSouthGUID,
		routes.Path(routes.ENPanel, acGUID),
		routes.Path(routes.InstanceDeleteConfirm, acGUID),
		routes.Path(routes.Authorizations),
		routes.Path(routes.AuthorizationWizard) + "?source_service=apprapp&source_scope=attributes&source_instance=" + acGUID + "&target_service=kms&target_scope=instance&target_instance=" + kpGUID,
		routes.Path(routes.KMSInstance, kpGUID),
		routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID),
		// Names in the query are echoed back by forms.
		routes.Path(routes.ENPanel, acGUID) + "?name=" + url.QueryEscape(evilName) + "&description=" + url.QueryEscape(evilName),
		routes.Path(routes.AuthorizationWizard) + "?source_account=other&source_account_id=" + url.QueryEscape(evilName),
	}
	for _, path := range pages {
		resp, body := tc.get(path)
		if resp.StatusCode >= 500 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: a name was rendered as markup", path)
		}
	}
	// The names are shown (as text) on the pages that list them.
	for _, path := range []string{"/", routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID), routes.Path(routes.Authorizations)} {
		if _, body := tc.get(path); !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the escaped name is not shown", path)
		}
	}
}

func TestTamperedAddressesAreRefusedWithoutUpstreamCalls(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("a", 8000)
	guid := cloudsim.KeyProtectUSSouthGUID
	tests := []struct {
		name   string
		method string
		path   string
		form   url.Values
		want   []int
	}{
		{"instance id not a GUID", "GET", routes.Path(routes.Integrations, "not-a-guid"), nil, []int{404}},
		{"instance id with a path", "GET", routes.Path(routes.Integrations, "../../admin"), nil, []int{404}},
		{"instance id is a key's CRN", "GET", routes.Path(routes.Integrations, cloudsim.KeyProtectUSSouthCRN[:len(cloudsim.KeyProtectUSSouthCRN)-1]+"key:"+cloudsim.AppConfigRootKeyID), nil, []int{404}},
		{"instance id huge", "GET", routes.Path(routes.Integrations, huge), nil, []int{404, 414, 431}},
		{"KMS panel of a malformed instance", "GET", routes.Path(routes.KMSPanel, "x' OR 1=1"), nil, []int{404}},
		{"EN panel of a malformed instance", "GET", routes.Path(routes.ENPanel, "<script>"), nil, []int{404}},
		{"key management instance malformed", "GET", routes.Path(routes.KMSInstance, "not-a-guid"), nil, []int{404}},
		{"key id malformed", "GET", routes.Path(routes.KMSKey, guid, "not-a-key"), nil, []int{404}},
		{"key id huge", "GET", routes.Path(routes.KMSKey, guid, huge), nil, []int{404, 414, 431}},
		{"authorization id malformed", "GET", routes.Path(routes.AuthorizationRemoval, "../"), nil, []int{404}},
		{"authorization id huge", "GET", routes.Path(routes.AuthorizationRemoval, huge), nil, []int{404, 414, 431}},
		{"delete of a malformed instance", "POST", routes.Path(routes.InstanceDelete, "not-a-guid"), url.Values{"name": {"x"}}, []int{404}},
		{"KMS connect to a malformed instance", "POST", routes.Path(routes.KMSConnect, "not-a-guid"), url.Values{"instance": {guid}}, []int{404}},
		{"EN connect to a malformed instance", "POST", routes.Path(routes.ENConnect, "not-a-guid"), nil, []int{404}},
		{"authorization removal malformed", "POST", routes.Path(routes.AuthorizationRemove, "<script>"), nil, []int{404}},
		{"sync of a malformed key", "POST", routes.Path(routes.KMSKeySync, guid, "<script>"), nil, []int{404}},
		{"sync in a malformed instance", "POST", routes.Path(routes.KMSKeySync, "not-a-guid", cloudsim.AppConfigRootKeyID), nil, []int{404}},
	}
	counter := &upstreamCounter{}
	tc := newTestConsole(t, consoletest.Options{Sim: []func(*cloudsim.Options){counter.option()}})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			counter.reset()
			var resp *http.Response
			if tt.method == "POST" {
				resp, _ = tc.post(tt.path, tt.form)
			} else {
				resp, _ = tc.get(tt.path)
			}
			if !slices.Contains(tt.want, resp.StatusCode) {
				t.Errorf("status %d, want one of %v", resp.StatusCode, tt.want)
			}
			if seen := counter.seen(); len(seen) > 0 {
				t.Errorf("malformed input reached upstream: %v", seen)
			}
		})
	}
}

func TestOtherAccountsAndForeignIDs(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	// A well-formed GUID nobody can see is asked for upstream once and answered 404, as the upstream decides.
	if resp, _ := tc.get(routes.Path(routes.Integrations, "00000000-0000-4000-8000-00000000abcd")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown instance: %d", resp.StatusCode)
	}
	// A key management instance given where an App Configuration instance is expected is not found.
	if resp, _ := tc.get(routes.Path(routes.Integrations, cloudsim.KeyProtectUSSouthGUID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("key management instance as App Configuration: %d", resp.StatusCode)
	}
	// The wizard refuses this account's own ID as the "other" account, and malformed account IDs, before calling IAM.
	counter := &upstreamCounter{}
	tc = newTestConsole(t, consoletest.Options{Sim: []func(*cloudsim.Options){counter.option()}})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	for _, id := range []string{cloudsim.DemoAccountID, "not-an-account", strings.Repeat("f", 33), strings.Repeat("g", 32), strings.Repeat("9", 5000)} {
		counter.reset()
		path := routes.Path(routes.AuthorizationWizard) + "?source_account=other&source_account_id=" + url.QueryEscape(id) +
			"&source_service=apprapp&target_service=kms&role=" + url.QueryEscape(cloudsim.RoleReaderCRN)
		resp, _ := tc.post(path, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("account %.40q: status %d, want 422", id, resp.StatusCode)
		}
		for _, r := range counter.seen() {
			if strings.HasPrefix(r, "POST ") {
				t.Errorf("account %.40q: %s was sent upstream", id, r)
			}
		}
	}
}

func TestEveryStateChangingRouteNeedsCSRF(t *testing.T) {
	t.Parallel()
	// Every route that does not only read, as the router holds it, with its parameters filled with seeded IDs; the
	// wizard's Authorize also carries a complete authorization in its query.
	queries := map[string]string{
		routes.Get(routes.AuthorizationCreate).Pattern: "?source_service=apprapp&target_service=kms&role=" + url.QueryEscape(cloudsim.RoleReaderCRN),
	}
	var paths []string
	counter := &upstreamCounter{}
	tc := newTestConsole(t, consoletest.Options{Sim: []func(*cloudsim.Options){counter.option()}})
	for _, r := range tc.Routes {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			continue
		}
		paths = append(paths, demoPath(t, r.Path)+queries[r.Path])
	}
	if len(paths) < 12 {
		t.Fatalf("only %d state-changing routes found: %q", len(paths), paths)
	}
	attacks := []struct {
		name    string
		csrf    string
		headers map[string]string
	}{
		{"no token", "", nil},
		{"forged token", strings.Repeat("A", 43), nil},
		{"valid token from another site", "valid", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"valid token, foreign Origin", "valid", map[string]string{"Origin": "https://evil.example"}},
		{"valid token, same-site subdomain", "valid", map[string]string{"Sec-Fetch-Site": "same-site"}},
	}
	tc.signIn(cloudsim.DemoAdminAPIKey)
	for _, route := range paths {
		for _, a := range attacks {
			counter.reset()
			token := a.csrf
			if token == "valid" {
				token = tc.csrfToken()
			}
			form := url.Values{"csrf": {token}, "apikey": {cloudsim.DemoAdminAPIKey}, "name": {"app-config-enterprise"}}
			req, _ := http.NewRequest(http.MethodPost, tc.URL+route, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range a.headers {
				req.Header.Set(k, v)
			}
			resp, _ := tc.do(req)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s, %s: status %d, want 403", route, a.name, resp.StatusCode)
			}
			if seen := counter.seen(); len(seen) > 0 {
				t.Errorf("%s, %s: refused request reached upstream: %v", route, a.name, seen)
			}
		}
	}
	// The htmx header carries the token as well as the form field does.
	req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.SignOut), nil)
	req.Header.Set("X-CSRF-Token", tc.csrfToken())
	req.Header.Set("HX-Request", "true")
	if resp, _ := tc.do(req); resp.StatusCode == http.StatusForbidden {
		t.Error("a valid X-CSRF-Token header was refused")
	}
}

// demoParams are seeded IDs for the route parameters: an App Configuration instance under /instances, a Key Protect
// instance under /kms.
var demoParams = map[string]string{
	routes.Get(routes.Instance).Pattern:    routes.Path(routes.Instance, cloudsim.AppConfigEnterpriseGUID),
	routes.Get(routes.KMSInstance).Pattern: routes.Path(routes.KMSInstance, cloudsim.KeyProtectUSSouthGUID),
	"/keys/:keyID":                         "/keys/" + cloudsim.AppConfigRootKeyID,
	"/:id/":                                "/" + cloudsim.EUAuthorizationPolicyID + "/",
}

// demoPath fills a route's parameters with seeded IDs.
func demoPath(t *testing.T, path string) string {
	for param, value := range demoParams {
		path = strings.Replace(path, param, value, 1)
	}
	if strings.Contains(path, ":") || strings.Contains(path, "*") {
		t.Fatalf("route %s has a parameter without a seeded ID", path)
	}
	return path
}

func TestOpenRedirectsThroughReturnAddresses(t *testing.T) {
	t.Parallel()
	vectors := []string{
		"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "https://evil.example", "https:evil.example",
		"javascript:alert(1)", "/%2F%2Fevil.example", " //evil.example", "\t//evil.example", "/\t/evil.example", "//evil.example/%2e%2e",
		"http://127.0.0.1@evil.example/", routes.Path(routes.SignInPage) + "?return=//evil.example", strings.Repeat("/a", 3000),
	}
	tc := newTestConsole(t, consoletest.Options{})
	for _, v := range vectors {
		resp, _ := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}, "return": {v}})
		loc := resp.Header.Get("Location")
		u, err := url.Parse(loc)
		if resp.StatusCode != http.StatusSeeOther || err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(loc, "/") ||
			strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") || strings.ContainsAny(loc, "\t\r\n") {
			t.Errorf("return %.40q: status %d, Location %.60q", v, resp.StatusCode, loc)
		}
		// The sign-in page echoes only a safe return address into its form.
		_, body := tc.get(routes.Path(routes.SignInPage) + "?return=" + url.QueryEscape(v))
		if strings.Contains(body, "evil.example") && !strings.Contains(v, routes.Path(routes.SignInPage)) && safeLooking(v) == "" {
			t.Errorf("return %.40q is echoed into the sign-in form", v)
		}
	}
	// The wizard's return address after Authorize is checked the same way.
	tc.signIn(cloudsim.DemoAdminAPIKey)
	resp, _ := tc.post(routes.Path(routes.AuthorizationCreate)+"?source_service=apprapp&target_service=event-notifications&role="+
		url.QueryEscape(cloudsim.RoleEventSourceManagerCRN)+"&return="+url.QueryEscape("//evil.example"), nil)
	if loc := resp.Header.Get("Location"); strings.Contains(loc, "evil.example") {
		t.Errorf("wizard redirected to %q", loc)
	}
}

// safeLooking returns v when it is a plain local path, else "".
func safeLooking(v string) string {
	if strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//") && !strings.HasPrefix(v, "/\\") && !strings.ContainsAny(v, "\t\r\n") {
		return v
	}
	return ""
}

func TestSessionFixationAndReplay(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	u, _ := url.Parse(tc.URL)
	// An attacker plants a session cookie before the victim signs in.
	planted := &http.Cookie{Name: "console", Value: "MTcwMDAwMDAwMHxhdHRhY2tlcg==", Path: "/"}
	tc.client.Jar.SetCookies(u, []*http.Cookie{planted})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	var session string
	for _, c := range tc.client.Jar.Cookies(u) {
		if c.Name == "console" {
			session = c.Value
		}
	}
	if session == "" || session == planted.Value {
		t.Fatal("signing in kept the planted session cookie")
	}
	attacker := newClientWith(tc, &http.Cookie{Name: "console", Value: planted.Value})
	if resp := attacker.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the planted cookie is signed in: status %d", resp.StatusCode)
	}
	// A stolen cookie stops working at sign-out: the session is deleted server-side, not only in the browser.
	thief := newClientWith(tc, &http.Cookie{Name: "console", Value: session})
	if resp := thief.get("/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("copied cookie before sign-out: %d", resp.StatusCode)
	}
	tc.post(routes.Path(routes.SignOut), nil)
	if resp := thief.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the cookie still works after sign-out: status %d", resp.StatusCode)
	}
	// A tampered cookie is treated as no session.
	tampered := newClientWith(tc, &http.Cookie{Name: "console", Value: session[:len(session)-4] + "AAAA"})
	if resp := tampered.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("tampered cookie: status %d", resp.StatusCode)
	}
}

// rawClient sends requests with fixed cookies and no jar.
type rawClient struct {
	tc      *testConsole
	cookies []*http.Cookie
}

func newClientWith(tc *testConsole, cookies ...*http.Cookie) rawClient {
	return rawClient{tc: tc, cookies: cookies}
}

func (c rawClient) get(path string) *http.Response {
	req, _ := http.NewRequest(http.MethodGet, c.tc.URL+path, nil)
	req.Header.Set("Accept", "text/html")
	for _, k := range c.cookies {
		req.AddCookie(k)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		c.tc.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestCookieFlags(t *testing.T) {
	t.Parallel()
	for _, secure := range []bool{false, true} {
		tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.SecureCookies = secure }})
		resp, _ := tc.post(routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}})
		found := map[string]bool{}
		for _, c := range resp.Cookies() {
			if c.MaxAge < 0 {
				continue
			}
			found[c.Name] = true
			if !c.HttpOnly || c.Secure != secure || c.Path != "/" {
				t.Errorf("secure=%v: cookie %s: HttpOnly=%v Secure=%v Path=%q", secure, c.Name, c.HttpOnly, c.Secure, c.Path)
			}
			if c.Name == "console" && c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie SameSite=%v, want Lax", c.SameSite)
			}
			if strings.Contains(c.Value, cloudsim.DemoAdminAPIKey) {
				t.Error("a cookie carries the API key")
			}
		}
		if !found["console"] {
			t.Errorf("secure=%v: no session cookie", secure)
		}
		r, _ := tc.get(routes.Path(routes.SignInPage))
		if hsts := r.Header.Get("Strict-Transport-Security"); (hsts != "") != secure {
			t.Errorf("secure=%v: Strict-Transport-Security %q", secure, hsts)
		}
		for _, c := range r.Cookies() {
			if c.Name == "csrf" && (c.SameSite != http.SameSiteStrictMode || !c.HttpOnly || c.Secure != secure) {
				t.Errorf("csrf cookie flags: %+v", c)
			}
		}
	}
}

func TestNoSecretsInPagesOrLogs(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tok := tc.Inspect(t).Token()
	for _, path := range []string{"/", integrationsPage, kmsPanelPage, enPanelPage, authzListPage, kmsInstancePage} {
		_, body := tc.get(path)
		if strings.Contains(body, "eyJ") || strings.Contains(body, tok.RefreshToken[:20]) {
			t.Errorf("%s: a token appears in the page", path)
		}
	}
}

func TestStateChangingRequestsNeedCSRFToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		csrf    string
		headers map[string]string
	}{
		{"missing token", "", nil},
		{"forged token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
		{"cross-site post with a valid token", "valid", map[string]string{"Sec-Fetch-Site": "cross-site"}},
		{"foreign origin with a valid token", "valid", map[string]string{"Origin": "https://evil.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			token := tt.csrf
			if token == "valid" {
				token = tc.csrfToken()
			}
			form := url.Values{"csrf": {token}}
			req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.SignOut), strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			resp, _ := tc.do(req)
			if resp.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", resp.StatusCode)
			}
			// Nothing changed: the user is still signed in.
			if resp, _ := tc.get("/"); resp.StatusCode != http.StatusOK {
				t.Fatalf("session lost after a refused request: %d", resp.StatusCode)
			}
		})
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{})
	for _, path := range []string{routes.Path(routes.SignInPage), "/", "/no-such-page", routes.Path(routes.Health)} {
		resp, _ := tc.get(path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
}

func TestCSRFTokensBelongToTheirSession(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	victimToken := tc.csrfToken()
	u, _ := url.Parse(tc.URL)

	// Another signed-in session, whose CSRF cookie an attacker set to the token they know, cannot use that token.
	other := tc.anotherClient()
	other.signIn(cloudsim.DemoAdminAPIKey)
	other.client.Jar.SetCookies(u, []*http.Cookie{{Name: "csrf", Value: victimToken, Path: "/"}})
	if resp, _ := other.post(routes.Path(routes.SignOut), url.Values{"csrf": {victimToken}}); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a token of another session was accepted: status %d", resp.StatusCode)
	}
	if resp, _ := other.get("/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("the refused request changed the session: status %d", resp.StatusCode)
	}
	if own := other.csrfToken(); own == victimToken {
		t.Fatal("two sessions share one CSRF token")
	}
	// The session's own token works, and a new session after sign-in gets a new one.
	if resp, _ := tc.post(routes.Path(routes.SignOut), nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("own token refused: status %d", resp.StatusCode)
	}
	tc.signIn(cloudsim.DemoAdminAPIKey)
	if tc.csrfToken() == victimToken {
		t.Error("a new session kept the token of the one before")
	}
}

func TestAllowedOriginComesFromConfiguration(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t, consoletest.Options{Handlers: func(cfg *handlers.Config) { cfg.AllowedOrigins = []string{"https://console.example.com"} }})
	tc.signIn(cloudsim.DemoAdminAPIKey)
	tests := []struct {
		name   string
		host   string
		origin string
		want   int
	}{
		{"the configured origin, through a proxy that rewrites Host", "10.0.0.7:8080", "https://console.example.com", http.StatusSeeOther},
		{"the configured origin in other case", "10.0.0.7:8080", "https://Console.Example.com", http.StatusSeeOther},
		{"the request's own host, not configured", "", "", http.StatusForbidden},
		{"another origin naming the rewritten Host", "10.0.0.7:8080", "http://10.0.0.7:8080", http.StatusForbidden},
		{"the configured host over http", "10.0.0.7:8080", "http://console.example.com", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := tc.csrfToken()
			req, _ := http.NewRequest(http.MethodPost, tc.URL+routes.Path(routes.AuthorizationCreate), strings.NewReader(url.Values{"csrf": {token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			origin := tt.origin
			if origin == "" {
				origin = tc.URL
			}
			req.Header.Set("Origin", origin)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, body := tc.do(req)
			refused := resp.StatusCode == http.StatusForbidden && strings.Contains(body, "another site")
			if (tt.want == http.StatusForbidden) != refused {
				t.Fatalf("status %d, want %d\n%.300s", resp.StatusCode, tt.want, body)
			}
		})
	}
}
