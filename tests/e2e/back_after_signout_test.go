package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

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
