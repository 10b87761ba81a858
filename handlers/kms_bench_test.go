package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/routes"
	"appconfig-console/services/connect"
	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// upstreamLatency is added by cloudsim to every upstream call the console makes while it is measured.
const upstreamLatency = 100 * time.Millisecond

// BenchmarkKMSPanel measures, on the server, the Key Management panel's requests with every upstream call 100 ms slow,
// and reports the median of the iterations:
//   - open: htmx opens the panel from the Integrations page (which the user has just loaded);
//   - open-cold: the same with nothing remembered for the user;
//   - root-keys: htmx swaps the fields after the instance changed, its root keys not yet remembered;
//   - open-chosen-cold: a link to the panel with an instance chosen, with nothing remembered for the user.
func BenchmarkKMSPanel(b *testing.B) {
	panel := routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID)
	keys := panel + "?" + url.Values{"service": {"kms"}, "mode": {"existing"}, "instance": {cloudsim.KeyProtectUSSouthGUID}}.Encode()
	tests := []struct {
		name   string
		path   string
		before func(bc *benchConsole)
	}{
		{name: "open", path: panel, before: func(*benchConsole) {}},
		{name: "open-cold", path: panel, before: (*benchConsole).forget},
		{name: "root-keys", path: keys, before: func(bc *benchConsole) { bc.keys.ForgetKeys(cloudsim.AdminIAMID, cloudsim.KeyProtectUSSouthGUID) }},
		{name: "open-chosen-cold", path: keys, before: (*benchConsole).forget},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			bc := newBenchConsole(b, upstreamLatency)
			bc.get(routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID), false) // as a user does before Connect
			var took []time.Duration
			for b.Loop() {
				b.StopTimer()
				tt.before(bc)
				b.StartTimer()
				took = append(took, bc.get(tt.path, true))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms")
		})
	}
}

// benchConsole is the console with its instance and key caches, served against a cloudsim that delays every API by
// a given latency.
type benchConsole struct {
	b         *testing.B
	url       string
	client    *http.Client
	instances *resources.InstanceCache
	keys      *kms.KeyCache
}

// forget drops everything the console remembers for the user.
func (bc *benchConsole) forget() {
	bc.instances.Forget(cloudsim.AdminIAMID)
	bc.keys.Forget(cloudsim.AdminIAMID)
}

func newBenchConsole(b *testing.B, latency time.Duration) *benchConsole {
	b.Helper()
	sim := simtest.Start(b)
	connector := servicetest.Connector(sim)
	services := console.NewServices(connector, time.Now, lifecycle.Options{}, connect.DefaultWait)
	e, err := handlers.New(handlers.Config{SimMode: true, SessionDir: b.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, services)
	if err != nil {
		b.Fatal(err)
	}
	server := httptest.NewServer(e)
	b.Cleanup(server.Close)
	jar, _ := cookiejar.New(nil)
	bc := &benchConsole{b: b, url: server.URL, instances: services.Instances.(*resources.InstanceCache), keys: services.KeyManagement.(*kms.KeyCache),
		client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	bc.get(routes.Path(routes.SignInPage), false)
	u, _ := url.Parse(server.URL)
	var token string
	for _, c := range jar.Cookies(u) {
		if c.Name == "csrf" {
			token = c.Value
		}
	}
	resp, err := bc.client.PostForm(server.URL+routes.Path(routes.SignIn), url.Values{"apikey": {cloudsim.DemoAdminAPIKey}, "csrf": {token}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		b.Fatalf("sign-in: %v %v", err, resp)
	}
	resp.Body.Close()
	if latency == 0 {
		return bc
	}
	faults := cloudsim.Faults{}
	for _, api := range []string{"resource-controller", "resource-manager", "global-catalog", "iam-policy", "kms", "appconfig"} {
		faults[api] = cloudsim.Fault{Latency: latency}
	}
	sim.Server.SetFaults(faults)
	return bc
}

// get requests path (as htmx when hx is set), fails on anything but 200, and returns how long the answer took.
func (bc *benchConsole) get(path string, hx bool) time.Duration {
	req, _ := http.NewRequest(http.MethodGet, bc.url+path, nil)
	req.Header.Set("Accept", "text/html")
	if hx {
		req.Header.Set("HX-Request", "true")
	}
	start := time.Now()
	resp, err := bc.client.Do(req)
	if err != nil {
		bc.b.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if resp.StatusCode != http.StatusOK || strings.Contains(string(body), `data-notification="error"`) {
		text := string(body)
		if i := strings.Index(text, "<main"); i >= 0 {
			text = text[i:]
		}
		bc.b.Fatalf("GET %s: status %d\n%s", path, resp.StatusCode, text)
	}
	return took
}
