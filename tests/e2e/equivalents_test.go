package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

// openEquivalents opens the panel's collapsed "Equivalent CLI commands and Terraform" section (prefix "kms" or "en")
// and waits for its CLI snippet.
func openEquivalents(prefix string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS("#"+prefix+"-equivalents-details > summary")),
		chromedp.WaitVisible(chromedp.ID(prefix+"-cli-code")),
	)
}

// waitText waits until the element with id shows want.
func waitText(id, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`(document.getElementById(`+jsString(id)+`) || {}).textContent?.includes(`+jsString(want)+`)`,
		chromedp.WithPollingTimeout(10*time.Second))
}

// TestE2EEquivalents: the Key Management and Event Notifications panels show, collapsed, the commands and Terraform
// their button runs; once opened the section stays open while the choices change, and follows them.
func TestE2EEquivalents(t *testing.T) {
	t.Parallel()
	ctx, c := openKMSPanel(t, cloudsim.DemoAdminAPIKey)
	open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("kms-equivalents-details").open`))
	if err != nil || open {
		t.Fatalf("the equivalents are open (%v, %v), want them collapsed", open, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#kms-equivalents-details > summary")),
		waitText("kms-equivalents", "Choose an instance and a root key"),
		chooseRootKey(cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID),
		chromedp.WaitVisible(chromedp.ID("kms-cli-code")),
		waitText("kms-cli-code", "ibmcloud iam authorization-policy-create apprapp kms Reader"),
		waitText("kms-cli-code", "--metadata-root-key-id "+cloudsim.AppConfigRootKeyID),
		waitText("kms-terraform-code", `resource "ibm_app_config_integration_kms"`),
	)
	if err != nil {
		t.Fatalf("Key Management equivalents: %v", err)
	}
	err = chromedp.Do(ctx,
		choose("#kms-key", cloudsim.BackupRootKeyID),
		waitURL("key="+cloudsim.BackupRootKeyID),
		waitText("kms-cli-code", "--metadata-root-key-id "+cloudsim.BackupRootKeyID),
	)
	if err != nil {
		t.Fatalf("choosing another key: %v", err)
	}
	if open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("kms-equivalents-details").open`)); err != nil || !open {
		t.Errorf("the equivalents closed when the key changed (%v)", err)
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(c.URL+routes.Path(routes.ENPanel, cloudsim.AppConfigEnterpriseGUID)),
		chromedp.WaitVisible(chromedp.ID("en-side-panel")),
		choose("#en-instance", cloudsim.EventNotificationsGUID),
		waitURL("instance="+cloudsim.EventNotificationsGUID),
		openEquivalents("en"),
		waitText("en-cli-code", "ibmcloud iam authorization-policy-create apprapp event-notifications 'Event Source Manager'"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("en-name").value = ""`),
		chromedp.SendKeys(chromedp.ID("en-name"), "Checkout flags"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("en-name").dispatchEvent(new Event("change", {bubbles: true}))`),
		waitText("en-cli-code", "--metadata-event-notifications-source-name 'Checkout flags'"),
		waitText("en-terraform-code", `en_source_name  = "Checkout flags"`),
	)
	if err != nil {
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.ID("en-equivalents")))
		t.Fatalf("Event Notifications equivalents: %v\n%s", err, strings.TrimSpace(text))
	}
}
