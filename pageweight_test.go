package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/cmd/pageweight/weigh"
	"appconfig-console/services/ibmcloud"
)

// TestFirstVisitPageWeight fails when a first visit to the Integrations page (HTML, CSS, JS and fonts, as transferred)
// exceeds 150 KB, or its CSS or JS 25 KB. `go run ./cmd/pageweight` prints the same measurement.
func TestFirstVisitPageWeight(t *testing.T) {
	sim := simtest.Start(t)
	handler, err := newConsole(consoleOptions{Endpoints: ibmcloud.SimEndpoints(sim.URL), Limits: ibmcloud.DefaultLimits, SimMode: true,
		SessionDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	client, err := inproc.SignIn(server.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	report, err := weigh.Page(ctx, client, server.URL, "/instances/"+cloudsim.AppConfigEnterpriseGUID+"/integrations")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first visit:\n%s", report)
	for _, kind := range []string{"html", "css", "js"} {
		if report.Total(kind) == 0 {
			t.Errorf("no %s was downloaded: the measurement missed it", kind)
		}
	}
	if over := report.OverBudget(); len(over) > 0 {
		t.Errorf("over budget: %v", over)
	}
}
