package handlers_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/internal/consoletest"
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
	services := console.NewServices(servicetest.Connector(sim), time.Now, lifecycle.Options{}, connect.DefaultWait)
	e, err := handlers.New(handlers.Config{SimMode: true, SessionDir: b.TempDir(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, services)
	if err != nil {
		b.Fatal(err)
	}
	server := httptest.NewServer(e)
	b.Cleanup(server.Close)
	client, err := inproc.SignIn(server.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		b.Fatal(err)
	}
	if latency > 0 {
		sim.SetFaults(b, faultOnEveryAPI("latency:"+latency.String()))
	}
	return &benchConsole{b: b, url: server.URL, client: client,
		instances: services.Instances.(*resources.InstanceCache), keys: services.Keys.(*kms.KeyCache)}
}

// get requests path (as htmx when hx is set), fails on anything but 200, and returns how long the answer took.
func (bc *benchConsole) get(path string, hx bool) time.Duration {
	start := time.Now()
	status, body := consoletest.Get(bc.b, bc.client, bc.url+path, hx)
	took := time.Since(start)
	if status != http.StatusOK || strings.Contains(body, `data-notification="error"`) {
		if i := strings.Index(body, "<main"); i >= 0 {
			body = body[i:]
		}
		bc.b.Fatalf("GET %s: status %d\n%s", path, status, body)
	}
	return took
}
