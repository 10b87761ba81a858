package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
)

// TestE2ESessionEndsWhenRenewalFails signs in with tokens that live two seconds, then makes IAM refuse their renewal:
// the next page reaches the sign-in form (no redirect loop), which says why; signing in again lands on that page.
func TestE2ESessionEndsWhenRenewalFails(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{Faults: "iam=token-ttl:2s"})
	base := c.URL
	page := "/instances/" + cloudsim.AppConfigEnterpriseGUID + "/integrations"
	signIn := chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), cloudsim.DemoAdminAPIKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.ID("kms-tile")),
	)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+page), signIn); err != nil {
		t.Fatal(err)
	}

	c.SetFaults(t, "iam=token-ttl:2s,refresh-fails")
	// A redirect loop would make the navigation fail with net::ERR_TOO_MANY_REDIRECTS.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.ID("signin-notice"))); err != nil {
		t.Fatalf("after renewal failed: %v", err)
	}
	notice, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("signin-notice")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice, "Your session expired and could not be renewed") {
		t.Errorf("the sign-in page says %q", notice)
	}

	c.SetFaults(t, "iam=token-ttl:2s")
	if err := chromedp.Do(ctx, signIn); err != nil {
		t.Fatalf("signing in again: %v", err)
	}
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if location != base+page {
		t.Errorf("after signing in again the browser is at %s, want %s", location, base+page)
	}
}
