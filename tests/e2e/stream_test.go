package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// assetsBeforeDocumentEnd lists the stylesheet and fonts of the page that Chromium began to fetch before the document
// had arrived in full (Resource Timing: each asset's startTime against the navigation's responseEnd).
const assetsBeforeDocumentEnd = `(function(){
var nav = performance.getEntriesByType('navigation')[0];
return performance.getEntriesByType('resource')
  .filter(function(e){ return /\/(app\.css|fonts\/[^\/]+\.woff2)$/.test(e.name) && e.startTime < nav.responseEnd; })
  .map(function(e){ return e.name.replace(/^.*\//, ''); });
})()`

// TestE2EStreamedPage checks in Chromium that a page whose upstream calls are slow (1 s on every API) gets its
// stylesheet and fonts requested while the document is still arriving, and that when IBM Cloud fails after the document
// start (the Authorizations list), the page shows the error page, styled, with Try again.
func TestE2EStreamedPage(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{})
	if err := chromedp.Do(ctx, consoletest.OpenSignedIn(c.URL, cloudsim.DemoAdminAPIKey, "/"), settled()); err != nil {
		t.Fatalf("sign-in did not work: %v", err)
	}
	// Every asset is fetched again, so that each page's own requests show in its timing.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	apis := []string{"resource-controller", "resource-manager", "global-catalog", "iam-policy", "kms", "appconfig"}
	faults := func(setting string) string {
		var specs []string
		for _, api := range apis {
			specs = append(specs, api+"="+setting)
		}
		return strings.Join(specs, ";")
	}
	integrations := c.URL + routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)

	c.SetFaults(t, faults("latency:1s"))
	if err := chromedp.Do(ctx, chromedp.Navigate(integrations), settled()); err != nil {
		t.Fatal(err)
	}
	early, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](assetsBeforeDocumentEnd))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"app.css", "IBMPlexSans-Regular-Latin1.woff2", "IBMPlexSans-SemiBold-Latin1.woff2"} {
		if !strings.Contains(strings.Join(early, " "), want) {
			t.Errorf("%s was not requested before the document ended (early: %v)", want, early)
		}
	}
	shot(t, ctx, "streamed-page.png")

	c.SetFaults(t, faults("error:1:503"))
	if err := chromedp.Do(ctx, chromedp.Navigate(c.URL+routes.Path(routes.Authorizations)), settled()); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('[data-error-page]') || {}).innerText || ''`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "IAM is unavailable") || !strings.Contains(text, "Try again") {
		t.Errorf("error page says %q", text)
	}
	// The page is styled: the stylesheet, sent first, applies (the error status is Carbon's light heading).
	weight, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('[data-status]')).fontWeight`))
	if err != nil || weight != "300" {
		t.Errorf("status font weight %q (%v), want 300: the stylesheet does not apply", weight, err)
	}
	shot(t, ctx, "streamed-failure.png")
}

// shot saves a screenshot of the tab's viewport as name in the directory named by CONSOLE_SHOTS, when it is set.
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("CONSOLE_SHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	if err != nil {
		t.Error(err)
	}
}
