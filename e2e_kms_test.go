package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/kms"
	"appconfig-console/services/servicetest"
)

// kmsState is what cloudsim holds for app-config-enterprise's Key Management connection to one root key.
type kmsState struct {
	Integration *appconfig.Integration
	Registered  bool
}

// readKMSState reads the KMS integration of app-config-enterprise and the key's registrations through the SDKs.
func readKMSState(t *testing.T, sim *simtest.Sim, instanceGUID, keyID string) kmsState {
	t.Helper()
	connector := servicetest.Connector(sim)
	tok := servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey)
	ctx := context.Background()
	st := kmsState{Integration: enterpriseIntegration(t, connector, tok, appconfig.TypeKMS)}
	regs, err := kms.NewService(connector).ListRegistrations(ctx, tok, kms.Instance{GUID: instanceGUID, Endpoint: sim.URL}, keyID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		st.Registered = st.Registered || r.ResourceCRN == cloudsim.AppConfigEnterpriseCRN
	}
	return st
}

// signInAndOpenKMSPanel signs in with apiKey, opens the Integrations page of app-config-enterprise and clicks Connect +
// on the Key Management tile.
func signInAndOpenKMSPanel(base, apiKey string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), apiKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("[data-manage-menu] summary")),
		chromedp.Navigate(base+"/instances/"+cloudsim.AppConfigEnterpriseGUID+"/integrations"),
		chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-empty]")),
		chromedp.Click(chromedp.ID("kms-connect")),
		chromedp.WaitVisible(chromedp.ID("kms-panel")),
		waitURL("/integrations/kms"),
	)
}

// chooseRootKey follows the documented steps in the open panel: service, existing instance, instance name, root key,
// then ticks "Authorize App Configuration as part of Create".
func chooseRootKey(service, instanceGUID, keyID string) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("kms-service"))}
	if service != "kms" {
		steps = append(steps, choose("#kms-service", service), waitURL("service="+service))
	}
	steps = append(steps,
		chromedp.Click(chromedp.ID("kms-mode-existing")),
		choose("#kms-instance", instanceGUID),
		waitURL("instance="+instanceGUID),
		chromedp.WaitVisible(chromedp.ID("kms-authorization")),
		choose("#kms-key", keyID),
		waitURL("key="+keyID),
		chromedp.Click(chromedp.CSS(`label[for="kms-authorize"]`)),
		waitURL("authorize=1"),
		chromedp.Poll[chromedp.Void](`!document.getElementById("kms-create").disabled`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	return chromedp.Steps(steps...)
}

// TestE2EKeyManagement connects app-config-enterprise to a root key through the Key Management panel, as the
// documentation describes, and checks through the SDKs that the integration and the key registration exist.
func TestE2EKeyManagement(t *testing.T) {
	tests := []struct {
		name, service, instanceGUID, instanceName, keyID, keyName, scheme string
	}{
		{name: "Key Protect", service: "kms", instanceGUID: cloudsim.KeyProtectUSSouthGUID, instanceName: "key-protect-us-south",
			keyID: cloudsim.AppConfigRootKeyID, keyName: "app-config-root-key", scheme: "BYOK"},
		{name: "Hyper Protect Crypto Services", service: "hs-crypto", instanceGUID: cloudsim.HPCSUSSouthGUID, instanceName: "hpcs-us-south",
			keyID: cloudsim.KYOKRootKeyID, keyName: "kyok-root-key", scheme: "KYOK"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := newBrowser(t)
			sim, base := startConsole(t)
			if st := readKMSState(t, sim, tt.instanceGUID, tt.keyID); st.Integration != nil || st.Registered {
				t.Fatalf("cloudsim starts with %+v, want nothing connected", st)
			}
			if err := chromedp.Do(ctx, signInAndOpenKMSPanel(base, cloudsim.DemoAdminAPIKey)); err != nil {
				t.Fatalf("opening the panel: %v", err)
			}
			title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("kms-connect-title")))
			if err != nil || title != "Key Management" {
				t.Fatalf("panel title = %q, %v", title, err)
			}
			if err := chromedp.Do(ctx, chooseRootKey(tt.service, tt.instanceGUID, tt.keyID)); err != nil {
				t.Fatalf("choosing the root key: %v", err)
			}
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("kms-create")),
				chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-kms-connected]")),
			)
			if err != nil {
				t.Fatalf("creating: %v", err)
			}
			shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#kms-tile [data-kms-connected]")))
			for _, want := range []string{tt.instanceName, "us-south", tt.keyName, tt.keyID, tt.scheme, "Usable"} {
				if err != nil || !strings.Contains(shown, want) {
					t.Errorf("connected instance %q lacks %q (%v)", shown, want, err)
				}
			}
			st := readKMSState(t, sim, tt.instanceGUID, tt.keyID)
			if st.Integration == nil || st.Integration.RootKeyID != tt.keyID || !st.Registered {
				t.Fatalf("after Create cloudsim holds %+v, want the integration and the key registration", st)
			}
		})
	}
}

// TestE2EKeyManagementReadOnlyUser follows the same steps as the read-only user, who gets a clear refusal in the panel.
func TestE2EKeyManagementReadOnlyUser(t *testing.T) {
	ctx := newBrowser(t)
	sim, base := startConsole(t)
	err := chromedp.Do(ctx,
		signInAndOpenKMSPanel(base, cloudsim.DemoViewerAPIKey),
		chooseRootKey("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID),
		chromedp.Click(chromedp.ID("kms-create")),
		chromedp.WaitVisible(chromedp.CSS(`#kms-panel [data-notification="error"]`)),
	)
	if err != nil {
		t.Fatalf("following the steps: %v", err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#kms-panel [data-notification="error"]`)))
	for _, want := range []string{"Could not connect", "refused", "Ask an account administrator", "Nothing was created."} {
		if err != nil || !strings.Contains(text, want) {
			t.Errorf("refusal %q lacks %q (%v)", text, want, err)
		}
	}
	if st := readKMSState(t, sim, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID); st.Integration != nil || st.Registered {
		t.Errorf("cloudsim holds %+v after a refusal, want nothing", st)
	}
}
