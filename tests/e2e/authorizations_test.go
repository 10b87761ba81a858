package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// TestE2EAuthorizationCreateAndRemove follows the documentation: Manage > Access (IAM) > Authorizations > Create, App Configuration
// to Key Protect with Reader, Authorize; then removes the authorization from the row's overflow menu.
func TestE2EAuthorizationCreateAndRemove(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{})
	base, inspect := c.URL, c.Inspect(t)
	before := inspect.AuthorizationIDs()

	err := chromedp.Do(ctx,
		// Sign in with the administrator's API key.
		consoletest.OpenSignedIn(base, cloudsim.DemoAdminAPIKey, "/"),

		// 1. Manage > Access (IAM), and select Authorizations.
		chromedp.Click(chromedp.CSS("[data-manage-menu] summary")),
		chromedp.Click(chromedp.CSS(`[data-manage-menu] a[href="`+routes.Path(routes.Authorizations)+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[data-nav="authorizations"]`)),
		chromedp.Click(chromedp.CSS(`a[data-nav="authorizations"]`)),
		chromedp.WaitVisible(chromedp.ID("authorizations-table")),

		// 2.-8. Create, through the wizard, App Configuration's Reader access to key-protect-us-south.
		authorizationWizardSteps(cloudsim.KeyProtectUSSouthGUID),
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
	for _, id := range inspect.AuthorizationIDs() {
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
	if slices.Contains(inspect.AuthorizationIDs(), created) {
		t.Error("the authorization still exists in IAM")
	}
}

// authorizationWizardSteps follow the documentation from the Authorizations page: Create, App Configuration (all
// resources) as the source, the Key Protect instance guid as the target, up to the review.
func authorizationWizardSteps(guid string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
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

		// 7. Only a specific instance: guid.
		chromedp.Click(chromedp.CSS(`label[for="target-scope-instance"]`)),
		waitURL("target_scope=instance"),
		choose("#target-instance", guid),
		waitURL("target_instance="+guid),

		// 8. The role: Reader (preselected for App Configuration to a key management service).
		chromedp.WaitVisible(chromedp.CSS("[data-review]")),
	)
}
