package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// signInAndDelete signs in as the administrator and deletes app-config-enterprise from its instance page's
// Actions... > Delete, typing its name, and waits for the deletion report.
func signInAndDelete(base string) chromedp.Action[chromedp.Void] {
	instanceCRN := cloudsim.AppConfigEnterpriseCRN
	return chromedp.Steps(
		consoletest.OpenSignedIn(base, cloudsim.DemoAdminAPIKey, "/"),
		chromedp.WaitVisible(chromedp.CSS(`[data-resource="app-config-enterprise"]`)),
		// Open the instance from the resource list; its page header's Actions... menu leads to the confirmation.
		chromedp.Click(chromedp.CSS(`[data-resource="app-config-enterprise"] a`)),
		chromedp.WaitVisible(chromedp.CSS("#instance-actions summary")),
		chromedp.Click(chromedp.CSS("#instance-actions summary")),
		chromedp.WaitVisible(chromedp.CSS(`#instance-actions a[href="`+routes.Path(routes.InstanceDeleteConfirm, instanceCRN)+`"]`)),
		chromedp.Click(chromedp.CSS(`#instance-actions a[href="`+routes.Path(routes.InstanceDeleteConfirm, instanceCRN)+`"]`)),
		chromedp.WaitVisible(chromedp.ID("delete-instance")),
		chromedp.WaitVisible(chromedp.CSS(`#delete-instance [data-delete-item="registration"]`)),
		// Until the name is typed in full, the danger button stays disabled.
		chromedp.WaitVisible(chromedp.CSS(`#delete-instance button[type="submit"]:disabled`)),
		chromedp.SendKeys(chromedp.ID("delete-instance-confirm"), "app-config"),
		chromedp.WaitVisible(chromedp.CSS(`#delete-instance button[type="submit"]:disabled`)),
		// The right name deletes.
		chromedp.SendKeys(chromedp.ID("delete-instance-confirm"), "-enterprise"),
		chromedp.Click(chromedp.CSS(`#delete-instance button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("[data-instance-deleted]")),
	)
}

// TestE2EDeleteInstanceUnregisters deletes a connected App Configuration instance in the browser and finds, through the
// key management API, no registration of it left on its root key.
func TestE2EDeleteInstanceUnregisters(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{})
	base, inspect := c.URL, c.Inspect(t)
	inspect.ConnectKeyProtect()

	if err := chromedp.Do(ctx,
		signInAndDelete(base),
		chromedp.WaitVisible(chromedp.CSS(`[data-check="clean"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if n := inspect.RootKeyRegistrations(); n != 0 {
		t.Fatalf("%d registrations of the deleted instance left on app-config-root-key", n)
	}
}

// leftBehindToKeyPage deletes app-config-enterprise under the sim's current faults, sees its registration pending on
// the report, reads the report again 15 minutes later (the console's clock moved on), finds it left behind, and
// follows the warning to the key's associated resources, where Sync is.
func leftBehindToKeyPage(t *testing.T, ctx context.Context, base string, clock *consoletest.Clock) {
	t.Helper()
	if err := chromedp.Do(ctx, signInAndDelete(base), chromedp.WaitVisible(chromedp.CSS(`[data-check="pending"]`))); err != nil {
		t.Fatalf("deleting: %v", err)
	}
	clock.Advance(15 * time.Minute)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-check="pending"] a`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-check="leftover"]`)),
	); err != nil {
		t.Fatalf("checking again: %v", err)
	}
	warning, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-check="leftover"]`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"app-config-root-key", "key-protect-us-south", "app-config-enterprise", "Sync"} {
		if !strings.Contains(warning, want) {
			t.Errorf("the warning %q does not name %s", warning, want)
		}
	}
	keyPath := routes.Path(routes.KMSKey, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID)
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-check="leftover"] a`)),
		chromedp.WaitVisible(chromedp.ID("sync-associated-resources")),
		waitURL(keyPath+"#associated-resources"),
		chromedp.WaitVisible(chromedp.CSS(`#associated-resources [data-registration-status="deleted"]`)),
	); err != nil {
		t.Fatalf("following the warning: %v", err)
	}
}

// TestE2EDeleteInstanceLeftoverRegistration deletes a connected instance while App Configuration fails to unregister
// it, follows the warning to the key's page and syncs the key. When App Configuration then checks again, it
// unregisters the deleted instance, which the key management API confirms; when it keeps failing, the registration is
// still there after the sync, and the page says so and what to do.
func TestE2EDeleteInstanceLeftoverRegistration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  cloudsim.Fault
		shown  string
		flash  []string
		remain int
	}{
		{"the sync clears it", cloudsim.Fault{UnregistrationFails: true}, "#associated-resources [data-empty-state]", []string{"Synced"}, 0},
		{"the owner keeps failing", cloudsim.Fault{UnregistrationKeepsFailing: true}, `#associated-resources [data-registration-status="deleted"]`,
			[]string{"still there", "up to four hours", "support case"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := consoletest.Tab(t)
			clock := &consoletest.Clock{}
			c := consoletest.Start(t, consoletest.Options{Now: clock.Now})
			base, inspect := c.URL, c.Inspect(t)
			inspect.ConnectKeyProtect()
			if err := c.Sim.Server.SetFaults(cloudsim.Faults{"kms": tt.fault}); err != nil {
				t.Fatal(err)
			}
			leftBehindToKeyPage(t, ctx, base, clock)
			if n := inspect.RootKeyRegistrations(); n != 1 {
				t.Fatalf("with the fault on, %d registrations left, want 1", n)
			}
			if err := chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("sync-submit")),
				chromedp.WaitVisible(chromedp.ID("flash")),
				chromedp.WaitVisible(chromedp.CSS(tt.shown)),
			); err != nil {
				t.Fatal(err)
			}
			flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash")))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tt.flash {
				if !strings.Contains(flash, want) {
					t.Errorf("after the sync the notification %q does not say %q", flash, want)
				}
			}
			if n := inspect.RootKeyRegistrations(); n != tt.remain {
				t.Fatalf("after the sync, %d registrations left, want %d", n, tt.remain)
			}
		})
	}
}
