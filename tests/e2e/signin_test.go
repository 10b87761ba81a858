package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
)

// TestE2ESignInShowsResourceList signs in with the demo API key shown on the sign-in page and finds the seeded instances
// in the resource list, then opens an App Configuration instance.
func TestE2ESignInShowsResourceList(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	base := consoletest.Start(t, consoletest.Options{}).URL
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	shownKey, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("demo-key-0-code")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(shownKey) != cloudsim.DemoAdminAPIKey {
		t.Fatalf("the sign-in page shows %q as the demo key", shownKey)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("apikey"), shownKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.ID("resource-table")),
	); err != nil {
		t.Fatal(err)
	}
	list, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("resource-table")))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app-config-enterprise", "app-config-lite", "app-config-eu", "key-protect-us-south",
		"key-protect-eu-de", "hpcs-us-south", "event-notifications-us-south"} {
		if !strings.Contains(list, name) {
			t.Errorf("the resource list lacks %s", name)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`tr[data-resource="app-config-enterprise"] a`)),
		chromedp.WaitVisible(chromedp.ID("kms-tile")),
	); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(title, "app-config-enterprise") {
		t.Errorf("the instance page's title is %q", title)
	}
}
