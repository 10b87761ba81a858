package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
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

// TestE2EBackAfterSignOutShowsNoPage signs in, opens the Integrations page, signs out and goes Back: signed-in pages
// are never stored (Chromium shows a page served "private, no-cache" again on Back, even after Clear-Site-Data), so
// Back asks the console, which answers with the sign-in form.
func TestE2EBackAfterSignOutShowsNoPage(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	base := consoletest.Start(t, consoletest.Options{}).URL
	page := base + routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), cloudsim.DemoAdminAPIKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.ID("kms-tile")),
	); err != nil {
		t.Fatal(err)
	}
	// The header menu's Sign out form, submitted as its button does.
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="`+routes.Path(routes.SignOut)+`"]').requestSubmit()`),
		chromedp.WaitVisible(chromedp.ID("apikey")),
	); err != nil {
		t.Fatalf("signing out: %v", err)
	}
	// The sign-in form's document is marked; Back has happened once a document without the mark has loaded (the console's
	// answer, or a page Chromium kept).
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.__beforeBack = true; history.back()`)); err != nil {
		t.Fatalf("back: %v", err)
	}
	// A poll in the page does not outlive the page: ask again until the new document answers.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		back, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!window.__beforeBack && document.readyState === "complete"`))
		if err == nil && back {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Back did not load a page within 10 s (%v)", err)
		}
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("kms-tile") !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if shown {
		location, _ := chromedp.Run(ctx, chromedp.Location())
		t.Errorf("Back after sign-out shows the Integrations page (%s)", location)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("apikey"))); err != nil {
		t.Errorf("Back after sign-out does not reach the sign-in form: %v", err)
	}
}
