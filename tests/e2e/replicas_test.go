package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/internal/consoletest"
	"appconfig-console/internal/redistest"
	"appconfig-console/internal/roundrobin"
	"appconfig-console/routes"
)

// createAuthorizationSteps open the Authorizations page at base and create App Configuration's Reader access to the
// Key Protect instance guid through the wizard, up to the confirmation.
func createAuthorizationSteps(base, guid string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+routes.Path(routes.Authorizations)),
		chromedp.WaitVisible(chromedp.ID("authorizations-table")),
		authorizationWizardSteps(guid),
		chromedp.Click(chromedp.ID("authorize")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
}

// TestE2EReplicasBehindRoundRobin: one Redis, one cloudsim, two replicas and a round-robin proxy in front, as a load
// balancer without stickiness. In Chromium through the proxy: sign in and create an authorization with requests
// alternating between the replicas; stop one replica and connect a root key without signing in again; restart both
// and stay signed in. Then a key list one replica has cached is fresh right after a root key is created on the other.
func TestE2EReplicasBehindRoundRobin(t *testing.T) {
	t.Parallel()
	redis := redistest.Start(t)
	a := consoletest.Start(t, consoletest.Options{Redis: redis.URL()})
	b := consoletest.Start(t, consoletest.Options{Redis: redis.URL(), SharedSim: a.Sim})
	rr, err := roundrobin.New([]string{a.URL, b.URL}, false)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(rr)
	t.Cleanup(proxy.Close)
	inspect := a.Inspect(t)
	ctx := consoletest.Tab(t)

	// Signed in and an authorization created through the proxy: both replicas served part of it.
	before := len(inspect.AuthorizationIDs())
	if err := chromedp.Do(ctx, consoletest.SignIn(proxy.URL, cloudsim.DemoAdminAPIKey),
		createAuthorizationSteps(proxy.URL, cloudsim.KeyProtectEUDEGUID)); err != nil {
		t.Fatalf("sign-in and authorization through the proxy: %v", err)
	}
	if flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash"))); !strings.Contains(flash, "Authorization created") {
		t.Errorf("flash = %q", flash)
	}
	if after := len(inspect.AuthorizationIDs()); after != before+1 {
		t.Errorf("cloudsim holds %d authorizations, want %d", after, before+1)
	}
	servedA, servedB := rr.Served(0), rr.Served(1)
	if servedA == 0 || servedB == 0 || servedA-servedB > 1 || servedB-servedA > 1 {
		t.Errorf("replica A answered %d requests and B %d, want them to alternate", servedA, servedB)
	}

	// Halfway through connecting a root key, replica B stops: the proxy skips it, and replica A knows the session.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(proxy.URL+routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)),
		chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-empty]")),
		chromedp.Click(chromedp.ID("kms-connect")),
		chromedp.WaitVisible(chromedp.ID("kms-panel")),
		waitURL("/integrations/kms"),
		chromedp.WaitVisible(chromedp.ID("kms-service")),
		chromedp.Click(chromedp.ID("kms-mode-existing")),
		choose("#kms-instance", cloudsim.KeyProtectUSSouthCRN),
		waitURL("instance="+url.QueryEscape(cloudsim.KeyProtectUSSouthCRN)),
	); err != nil {
		t.Fatalf("opening the Key Management panel: %v", err)
	}
	servedA, servedB = rr.Served(0), rr.Served(1)
	b.Close()
	if err := chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("kms-authorization")),
		choose("#kms-key", cloudsim.AppConfigRootKeyID),
		waitURL("key="+cloudsim.AppConfigRootKeyID),
		chromedp.Click(chromedp.CSS(`label[for="kms-authorize"]`)),
		waitURL("authorize=1"),
		chromedp.Poll[chromedp.Void](`!document.getElementById("kms-create").disabled`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Click(chromedp.ID("kms-create")),
		chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-kms-connected]")),
	); err != nil {
		t.Fatalf("connecting a root key with replica B stopped: %v", err)
	}
	if st := readKMSState(t, a, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID); st.Integration == nil || !st.Registered {
		t.Fatalf("after Create with B stopped cloudsim holds %+v, want the integration and the key registration", st)
	}
	if rr.Served(1) != servedB || rr.Served(0) == servedA {
		t.Errorf("with B stopped: A answered %d more, B %d more; want only A", rr.Served(0)-servedA, rr.Served(1)-servedB)
	}

	// Both restart at their addresses: the user is still signed in, and both serve again.
	a.Close()
	addr := func(c *consoletest.Console) string { return strings.TrimPrefix(c.URL, "http://") }
	a2 := consoletest.Start(t, consoletest.Options{Redis: redis.URL(), SharedSim: a.Sim, Addr: addr(a)})
	b2 := consoletest.Start(t, consoletest.Options{Redis: redis.URL(), SharedSim: a.Sim, Addr: addr(b)})
	servedA, servedB = rr.Served(0), rr.Served(1)
	for range 2 {
		if err := chromedp.Do(ctx,
			chromedp.Navigate(proxy.URL+routes.Path(routes.Authorizations)),
			chromedp.WaitVisible(chromedp.ID("authorizations-table")),
		); err != nil {
			t.Fatalf("after both restarted: %v", err)
		}
	}
	if rr.Served(0) == servedA || rr.Served(1) == servedB {
		t.Errorf("after the restart: A answered %d, B %d; want both", rr.Served(0)-servedA, rr.Served(1)-servedB)
	}

	// A key list B has cached is fresh right after a root key is created on A.
	client, err := inproc.SignIn(proxy.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	panel := routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID) + "?service=kms&mode=existing&instance=" + cloudsim.KeyProtectUSSouthGUID
	status, body := consoletest.Get(t, client, b2.URL+panel, false)
	if status != http.StatusOK || strings.Contains(body, "key-made-on-a") {
		t.Fatalf("the key list on B: status %d", status)
	}
	status, body = consoletest.Get(t, client, a2.URL+panel, false)
	token := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if status != http.StatusOK || token == nil {
		t.Fatalf("the panel on A: status %d", status)
	}
	resp, err := client.PostForm(a2.URL+routes.Path(routes.KMSRootKeyCreate, cloudsim.AppConfigEnterpriseGUID), url.Values{"csrf": {token[1]},
		"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}, "key_name": {"key-made-on-a"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("creating a root key on A: status %d", resp.StatusCode)
	}
	if status, body = consoletest.Get(t, client, b2.URL+panel, false); status != http.StatusOK || !strings.Contains(body, "key-made-on-a") {
		t.Errorf("the key list on B right after the create on A: status %d, without the new key", status)
	}
}
