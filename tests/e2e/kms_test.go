package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
	"appconfig-console/services/appconfig"
)

// kmsState is what cloudsim holds for app-config-enterprise's Key Management connection to one root key.
type kmsState struct {
	Integration *appconfig.Integration
	Registered  bool
}

// readKMSState reads the KMS integration of app-config-enterprise and the key's registrations through the SDKs.
func readKMSState(t *testing.T, c *consoletest.Console, instanceGUID, keyID string) kmsState {
	t.Helper()
	in := c.Inspect(t)
	return kmsState{Integration: in.Integration(appconfig.TypeKMS), Registered: in.Registered(instanceGUID, keyID)}
}

// signInAndOpenKMSPanel signs in with apiKey, opens the Integrations page of app-config-enterprise and clicks Connect +
// on the Key Management tile.
func signInAndOpenKMSPanel(base, apiKey string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		consoletest.OpenSignedIn(base, apiKey, routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseCRN)),
		chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-empty]")),
		chromedp.Click(chromedp.ID("kms-connect")),
		chromedp.WaitVisible(chromedp.ID("kms-panel")),
		waitURL(routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN)),
	)
}

// openKMSPanel starts a console for the test and opens its Key Management panel in a tab signed in with apiKey
// (signInAndOpenKMSPanel).
func openKMSPanel(t *testing.T, apiKey string) (context.Context, *consoletest.Console) {
	t.Helper()
	ctx := consoletest.Tab(t)
	c := consoletest.Start(t, consoletest.Options{})
	if err := chromedp.Do(ctx, signInAndOpenKMSPanel(c.URL, apiKey)); err != nil {
		t.Fatalf("opening the panel: %v", err)
	}
	return ctx, c
}

// chooseRootKey follows the documented steps in the open panel with Key Protect (the only service open to new
// integrations): existing instance, instance name, root key, then ticks "Authorize App Configuration as part of Create".
func chooseRootKey(instanceCRN, keyID string) chromedp.Action[chromedp.Void] {
	steps := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("kms-service"))}
	steps = append(steps,
		chromedp.Click(chromedp.ID("kms-mode-existing")),
		choose("#kms-instance", instanceCRN),
		waitURL("instance="+url.QueryEscape(instanceCRN)),
		chromedp.WaitVisible(chromedp.ID("kms-authorization")),
		choose("#kms-key", keyID),
		waitURL("key="+keyID),
		chromedp.Click(chromedp.CSS(`label[for="kms-authorize"]`)),
		waitURL("authorize=1"),
		chromedp.Poll[chromedp.Void](`!document.getElementById("kms-create").disabled`, chromedp.WithPollingTimeout(10*time.Second)),
	)
	return chromedp.Steps(steps...)
}

// TestE2EKeyManagement connects app-config-enterprise to a Key Protect root key through the Key Management panel, as
// the documentation describes, and checks through the SDKs that the integration and the key registration exist. With
// the propagation fault, the new authorization takes a while to take effect (as on IBM Cloud) and Create waits for it.
func TestE2EKeyManagement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults cloudsim.Faults
	}{
		{name: "Key Protect"},
		{name: "Key Protect, authorization in effect after a while", faults: cloudsim.Faults{"iam-policy": {Propagation: 500 * time.Millisecond}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := consoletest.Tab(t)
			c := consoletest.Start(t, consoletest.Options{})
			sim, base := c.Sim, c.URL
			if st := readKMSState(t, c, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID); st.Integration != nil || st.Registered {
				t.Fatalf("cloudsim starts with %+v, want nothing connected", st)
			}
			if err := chromedp.Do(ctx, signInAndOpenKMSPanel(base, cloudsim.DemoAdminAPIKey)); err != nil {
				t.Fatalf("opening the panel: %v", err)
			}
			title, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("kms-side-panel-title")))
			if err != nil || title != "Key Management" {
				t.Fatalf("panel title = %q, %v", title, err)
			}
			if err := chromedp.Do(ctx, chooseRootKey(cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID)); err != nil {
				t.Fatalf("choosing the root key: %v", err)
			}
			if err := sim.Server.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			err = chromedp.Do(ctx,
				chromedp.Click(chromedp.ID("kms-create")),
				chromedp.WaitVisible(chromedp.CSS("#kms-tile [data-kms-connected]")),
			)
			if err != nil {
				t.Fatalf("creating: %v", err)
			}
			shown, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#kms-tile [data-kms-connected]")))
			for _, want := range []string{"key-protect-us-south", "us-south", "app-config-root-key", cloudsim.AppConfigRootKeyID, "BYOK", "Usable",
				"Customer-managed encryption stays on for the life of the instance"} {
				if err != nil || !strings.Contains(shown, want) {
					t.Errorf("connected instance %q lacks %q (%v)", shown, want, err)
				}
			}
			st := readKMSState(t, c, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID)
			if st.Integration == nil || st.Integration.RootKeyID != cloudsim.AppConfigRootKeyID || !st.Registered {
				t.Fatalf("after Create cloudsim holds %+v, want the integration and the key registration", st)
			}
		})
	}
}

// TestE2EKeyManagementHPCSClosed: Hyper Protect Crypto Services stays in the Service dropdown, disabled with its reason
// and a link to the release note; an address that chooses it shows the refusal, with no instance to pick, and Create
// stays disabled.
func TestE2EKeyManagementHPCSClosed(t *testing.T) {
	t.Parallel()
	ctx, c := openKMSPanel(t, cloudsim.DemoAdminAPIKey)
	option, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`(() => { const o = document.querySelector('#kms-service option[value="hs-crypto"]');
		return [o.disabled, o.textContent, o.title, document.querySelector('[data-service-note] a').href]; })()`))
	if err != nil || len(option) != 4 || option[0] != true || !strings.Contains(option[1].(string), "Hyper Protect Crypto Services") ||
		!strings.Contains(option[2].(string), "no longer available for new App Configuration integrations since March 2026") ||
		!strings.Contains(option[3].(string), "app-configuration-Mar172026") {
		t.Fatalf("HPCS option and note = %v, %v; want it disabled with its reason and the release note", option, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(c.URL+routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseGUID)+"?service=hs-crypto&mode=existing&instance="+
			cloudsim.HPCSUSSouthGUID+"&key="+cloudsim.KYOKRootKeyID),
		chromedp.WaitVisible(chromedp.ID("kms-hpcs-closed")),
	)
	if err != nil {
		t.Fatalf("opening the HPCS address: %v", err)
	}
	state, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[document.getElementById("kms-hpcs-closed").innerText,
		!!document.getElementById("kms-instance"), document.getElementById("kms-create").disabled]`))
	if err != nil || len(state) != 3 || !strings.Contains(state[0].(string), "no longer supports new integrations") ||
		state[1] != false || state[2] != true {
		t.Fatalf("HPCS state = %v, %v; want the refusal, no instance field, Create disabled", state, err)
	}
	if st := readKMSState(t, c, cloudsim.HPCSUSSouthGUID, cloudsim.KYOKRootKeyID); st.Integration != nil || st.Registered {
		t.Errorf("cloudsim holds %+v, want nothing", st)
	}
}

// TestE2EKeyManagementReadOnlyUser follows the same steps as the read-only user, who gets a clear refusal in the panel.
func TestE2EKeyManagementReadOnlyUser(t *testing.T) {
	t.Parallel()
	ctx, c := openKMSPanel(t, cloudsim.DemoViewerAPIKey)
	err := chromedp.Do(ctx,
		chooseRootKey(cloudsim.KeyProtectUSSouthCRN, cloudsim.AppConfigRootKeyID),
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
	if st := readKMSState(t, c, cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID); st.Integration != nil || st.Registered {
		t.Errorf("cloudsim holds %+v after a refusal, want nothing", st)
	}
}
