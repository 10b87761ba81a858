package e2e

import (
	"context"
	"testing"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/pageweight/weigh"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/ibmcloud"
)

// TestFirstVisitPageWeight fails when a first visit to the Integrations page (HTML, CSS, JS and fonts, as transferred)
// exceeds 150 KB, or its CSS or JS 25 KB. `go run ./cmd/pageweight` prints the same measurement.
func TestFirstVisitPageWeight(t *testing.T) {
	t.Parallel()
	c := consoletest.Start(t, consoletest.Options{Limits: ibmcloud.DefaultLimits})
	client := c.Client(t, cloudsim.DemoAdminAPIKey)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	report, err := weigh.Page(ctx, client, c.URL, routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID))
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
