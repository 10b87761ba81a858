package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"
	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/ibmcloud"
)

// chromiumPath is the Debian chromium the browser tests drive.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium for the test, or skips the test when Chromium is absent (fails instead when CI=true).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("skipping the browser test: %s not found (install Debian chromium to run it)", chromiumPath)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// startConsole serves the whole console, as main wires it, on httptest against a fresh cloudsim.
func startConsole(t *testing.T) (*simtest.Sim, string) {
	t.Helper()
	sim := simtest.Start(t)
	handler, err := newConsole(consoleOptions{
		Endpoints:  ibmcloud.SimEndpoints(sim.URL),
		Limits:     ibmcloud.Limits{AttemptTimeout: 5 * time.Second, MaxRetries: 1, MaxRetryWait: 200 * time.Millisecond},
		SimMode:    true,
		SessionDir: t.TempDir(),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return sim, server.URL
}

// choose selects value in a <select>; SetValue fires the change event, as a person picking from the list does.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.SetValue(chromedp.CSS(sel), value),
	)
}

// waitURL waits until the page's URL contains part (htmx pushes each wizard choice into it).
func waitURL(part string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Poll[chromedp.Void](`location.href.includes(`+jsString(part)+`)`, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Poll[chromedp.Void](`!document.querySelector(".htmx-request")`, chromedp.WithPollingTimeout(10*time.Second)),
	)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// authorizationIDs lists the account's authorization policy IDs through the SDK.
func authorizationIDs(t *testing.T, sim *simtest.Sim) []string {
	t.Helper()
	c, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: sim.URL, Authenticator: &core.IamAuthenticator{ApiKey: cloudsim.DemoAdminAPIKey, URL: sim.URL},
	})
	if err != nil {
		t.Fatal(err)
	}
	opts := c.NewListPoliciesOptions(cloudsim.DemoAccountID)
	opts.SetType("authorization")
	list, _, err := c.ListPolicies(opts)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range list.Policies {
		ids = append(ids, *p.ID)
	}
	return ids
}

// TestE2EAuthorizationCreateAndRemove follows the documentation: Manage > Access (IAM) > Authorizations > Create, App Configuration
// to Key Protect with Reader, Authorize; then removes the authorization from the row's overflow menu.
func TestE2EAuthorizationCreateAndRemove(t *testing.T) {
	ctx := newBrowser(t)
	sim, base := startConsole(t)
	before := authorizationIDs(t, sim)

	err := chromedp.Do(ctx,
		// Sign in with the administrator's API key.
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), cloudsim.DemoAdminAPIKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("[data-manage-menu] summary")),

		// 1. Manage > Access (IAM), and select Authorizations.
		chromedp.Click(chromedp.CSS("[data-manage-menu] summary")),
		chromedp.Click(chromedp.CSS(`[data-manage-menu] a[href="/iam/authorizations"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[data-nav="authorizations"]`)),
		chromedp.Click(chromedp.CSS(`a[data-nav="authorizations"]`)),
		chromedp.WaitVisible(chromedp.ID("authorizations-table")),

		// 2. Click Create.
		chromedp.Click(chromedp.ID("create-authorization")),
		chromedp.WaitVisible(chromedp.ID("authorization-choices")),

		// 3. Select a source account: This account.
		chromedp.Click(chromedp.CSS(`label[for="source-account-this"]`)),

		// 4. Select App Configuration as the Source service.
		choose("#source-service", "apprapp"),
		waitURL("source_service=apprapp"),

		// 5. All resources.
		chromedp.Click(chromedp.CSS(`label[for="source-scope-all"]`)),

		// 6. Select Key Protect as the Target service.
		choose("#target-service", "kms"),
		waitURL("target_service=kms"),

		// 7. Only a specific instance: key-protect-us-south.
		chromedp.Click(chromedp.CSS(`label[for="target-scope-instance"]`)),
		waitURL("target_scope=instance"),
		choose("#target-instance", cloudsim.KeyProtectUSSouthGUID),
		waitURL("target_instance="+cloudsim.KeyProtectUSSouthGUID),

		// 8. The role: Reader (preselected for App Configuration to a key management service).
		chromedp.WaitVisible(chromedp.CSS("[data-review]")),
	)
	if err != nil {
		t.Fatalf("wizard: %v", err)
	}
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("role-Reader").checked`))
	if err != nil || !checked {
		t.Fatalf("Reader preselected = %v (%v)", checked, err)
	}
	review, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("wizard-review")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"App Configuration (all resources) has Reader access to Key Protect (instance key-protect-us-south).",
		"ibmcloud iam authorization-policy-create apprapp kms Reader", `resource "ibm_iam_authorization_policy"`} {
		if !strings.Contains(review, want) {
			t.Errorf("review lacks %q:\n%s", want, review)
		}
	}

	// 9. Click Authorize.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("authorize")),
		chromedp.WaitVisible(chromedp.ID("flash")),
	)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	flash, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash")))
	if !strings.Contains(flash, "Authorization created") || !strings.Contains(flash, "key-protect-us-south") {
		t.Errorf("flash = %q", flash)
	}
	var created string
	for _, id := range authorizationIDs(t, sim) {
		if !slices.Contains(before, id) {
			created = id
		}
	}
	if created == "" {
		t.Fatal("no authorization was created")
	}

	// Remove it: the row's overflow menu > Remove, then confirm Remove.
	err = chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("authorization-"+created)),
		chromedp.Click(chromedp.CSS("#actions-"+created+" summary")),
		chromedp.Click(chromedp.CSS(`[data-remove="`+created+`"]`)),
		chromedp.WaitVisible(chromedp.ID("remove-authorization")),
	)
	if err != nil {
		t.Fatalf("open removal: %v", err)
	}
	dialog, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("remove-authorization")))
	if !strings.Contains(dialog, "will lose this access to Key Protect (instance key-protect-us-south)") {
		t.Errorf("confirmation does not name what loses access:\n%s", dialog)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#remove-authorization button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.WaitNotPresent(chromedp.ID("authorization-"+created)),
	)
	if err != nil {
		t.Fatalf("remove: %v", err)
	}
	flash, _ = chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash")))
	if !strings.Contains(flash, "Authorization removed") {
		t.Errorf("flash = %q", flash)
	}
	if slices.Contains(authorizationIDs(t, sim), created) {
		t.Error("the authorization still exists in IAM")
	}
}
