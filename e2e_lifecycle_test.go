package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/iampolicymanagementv1"
	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// lifecycleSDK reaches cloudsim through the SDKs, as the administrator, to set up and check the deletion flow.
type lifecycleSDK struct {
	t         *testing.T
	sim       *simtest.Sim
	tok       ibmcloud.Token
	resources *resources.Service
	inventory *kms.Client
	appconfig *appconfig.Service
}

func newLifecycleSDK(t *testing.T, sim *simtest.Sim) lifecycleSDK {
	t.Helper()
	connector := ibmcloud.NewConnector(ibmcloud.SimEndpoints(sim.URL), ibmcloud.Limits{AttemptTimeout: 5 * time.Second, MaxRetries: 1, MaxRetryWait: 200 * time.Millisecond})
	return lifecycleSDK{t: t, sim: sim, tok: servicetest.Token(t, connector, cloudsim.DemoAdminAPIKey),
		resources: resources.NewService(connector), inventory: kms.NewClient(connector), appconfig: appconfig.NewService(connector)}
}

// connect authorizes app-config-enterprise to read key-protect-us-south's keys and connects it to app-config-root-key,
// as the Key Management panel does; App Configuration then registers the instance with the key.
func (s lifecycleSDK) connect() {
	s.t.Helper()
	policies, err := iampolicymanagementv1.NewIamPolicyManagementV1(&iampolicymanagementv1.IamPolicyManagementV1Options{
		URL: s.sim.URL, Authenticator: &core.BearerTokenAuthenticator{BearerToken: s.tok.AccessToken},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	attr := func(name, value string) iampolicymanagementv1.SubjectAttribute {
		return iampolicymanagementv1.SubjectAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value)}
	}
	resAttr := func(name, value string) iampolicymanagementv1.ResourceAttribute {
		return iampolicymanagementv1.ResourceAttribute{Name: core.StringPtr(name), Value: core.StringPtr(value), Operator: core.StringPtr("stringEquals")}
	}
	_, _, err = policies.CreatePolicy(policies.NewCreatePolicyOptions("authorization",
		[]iampolicymanagementv1.PolicySubject{{Attributes: []iampolicymanagementv1.SubjectAttribute{
			attr("accountId", cloudsim.DemoAccountID), attr("serviceName", "apprapp"), attr("serviceInstance", cloudsim.AppConfigEnterpriseGUID),
		}}},
		[]iampolicymanagementv1.PolicyRole{{RoleID: core.StringPtr(cloudsim.RoleReaderCRN)}},
		[]iampolicymanagementv1.PolicyResource{{Attributes: []iampolicymanagementv1.ResourceAttribute{
			resAttr("accountId", cloudsim.DemoAccountID), resAttr("serviceName", "kms"), resAttr("serviceInstance", cloudsim.KeyProtectUSSouthGUID),
		}}}))
	if err != nil {
		s.t.Fatalf("creating the authorization: %v", err)
	}
	_, err = s.appconfig.CreateKMSIntegration(context.Background(), s.tok,
		appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"},
		appconfig.KMSInput{InstanceCRN: cloudsim.KeyProtectUSSouthCRN, Endpoint: s.sim.URL, RootKeyID: cloudsim.AppConfigRootKeyID})
	if err != nil {
		s.t.Fatalf("connecting app-config-enterprise: %v", err)
	}
	if n := s.registrations(); n != 1 {
		s.t.Fatalf("after connecting, app-config-root-key has %d registrations of app-config-enterprise, want 1", n)
	}
}

// registrations counts the registrations of app-config-enterprise on app-config-root-key.
func (s lifecycleSDK) registrations() int {
	s.t.Helper()
	kp, err := s.resources.GetInstance(context.Background(), s.tok, cloudsim.KeyProtectUSSouthGUID)
	if err != nil {
		s.t.Fatal(err)
	}
	regs, err := s.inventory.ListRegistrations(context.Background(), s.tok, kp, cloudsim.AppConfigRootKeyID, cloudsim.AppConfigEnterpriseCRN)
	if err != nil {
		s.t.Fatal(err)
	}
	return len(regs)
}

// signInAndDelete signs in as the administrator and deletes app-config-enterprise from its instance page's
// Actions... > Delete, typing its name, and waits for the deletion report.
func signInAndDelete(base string) chromedp.Action[chromedp.Void] {
	guid := cloudsim.AppConfigEnterpriseGUID
	return chromedp.Steps(
		chromedp.Navigate(base+"/signin"),
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), cloudsim.DemoAdminAPIKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS(`[data-resource="app-config-enterprise"]`)),
		// Open the instance from the resource list; its page header's Actions... menu leads to the confirmation.
		chromedp.Click(chromedp.CSS(`[data-resource="app-config-enterprise"] a`)),
		chromedp.WaitVisible(chromedp.CSS("#instance-actions summary")),
		chromedp.Click(chromedp.CSS("#instance-actions summary")),
		chromedp.WaitVisible(chromedp.CSS(`#instance-actions a[href="/instances/`+guid+`/delete"]`)),
		chromedp.Click(chromedp.CSS(`#instance-actions a[href="/instances/`+guid+`/delete"]`)),
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
	ctx := newBrowser(t)
	sim, base := startConsole(t)
	sdk := newLifecycleSDK(t, sim)
	sdk.connect()

	if err := chromedp.Do(ctx,
		signInAndDelete(base),
		chromedp.WaitVisible(chromedp.CSS(`[data-check="clean"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if n := sdk.registrations(); n != 0 {
		t.Fatalf("%d registrations of the deleted instance left on app-config-root-key", n)
	}
}

// movableClock is the console's clock in a browser test: the wall clock, moved on by hand.
type movableClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the clock's time.
func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// advance moves the clock on by d.
func (c *movableClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// startConsoleAt is startConsole with the console's clock.
func startConsoleAt(t *testing.T, clock *movableClock) (*simtest.Sim, string) {
	t.Helper()
	sim := simtest.Start(t)
	handler, err := newConsole(consoleOptions{
		Endpoints:  ibmcloud.SimEndpoints(sim.URL),
		Limits:     ibmcloud.Limits{AttemptTimeout: 5 * time.Second, MaxRetries: 1, MaxRetryWait: 200 * time.Millisecond},
		SimMode:    true,
		SessionDir: t.TempDir(),
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		Now:        clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)
	return sim, server.URL
}

// leftBehindToKeyPage deletes app-config-enterprise under the sim's current faults, sees its registration pending on
// the report, reads the report again 15 minutes later (the console's clock moved on), finds it left behind, and
// follows the warning to the key's associated resources, where Sync is.
func leftBehindToKeyPage(t *testing.T, ctx context.Context, base string, clock *movableClock) {
	t.Helper()
	if err := chromedp.Do(ctx, signInAndDelete(base), chromedp.WaitVisible(chromedp.CSS(`[data-check="pending"]`))); err != nil {
		t.Fatalf("deleting: %v", err)
	}
	clock.advance(15 * time.Minute)
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
	keyPath := "/kms/" + cloudsim.KeyProtectUSSouthGUID + "/keys/" + cloudsim.AppConfigRootKeyID
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
// it, follows the warning to the key's page and syncs the key: App Configuration checks again and unregisters the
// deleted instance, which the key management API confirms.
func TestE2EDeleteInstanceLeftoverRegistration(t *testing.T) {
	ctx := newBrowser(t)
	clock := &movableClock{}
	sim, base := startConsoleAt(t, clock)
	sdk := newLifecycleSDK(t, sim)
	sdk.connect()
	if err := sim.Server.SetFaults(cloudsim.Faults{"kms": {UnregistrationFails: true}}); err != nil {
		t.Fatal(err)
	}
	leftBehindToKeyPage(t, ctx, base, clock)
	if n := sdk.registrations(); n != 1 {
		t.Fatalf("with the fault on, %d registrations left, want 1", n)
	}

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("sync-submit")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.WaitVisible(chromedp.CSS("#associated-resources [data-empty-state]")),
	); err != nil {
		t.Fatal(err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(flash, "Synced") {
		t.Errorf("after the sync the notification says %q", flash)
	}
	if n := sdk.registrations(); n != 0 {
		t.Fatalf("after the sync, %d registrations left", n)
	}
}

// TestE2ESyncOwnerKeepsFailing is the same path while App Configuration keeps failing to unregister: after the sync the
// registration is still there, and the page says so and what to do.
func TestE2ESyncOwnerKeepsFailing(t *testing.T) {
	ctx := newBrowser(t)
	clock := &movableClock{}
	sim, base := startConsoleAt(t, clock)
	sdk := newLifecycleSDK(t, sim)
	sdk.connect()
	if err := sim.Server.SetFaults(cloudsim.Faults{"kms": {UnregistrationKeepsFailing: true}}); err != nil {
		t.Fatal(err)
	}
	leftBehindToKeyPage(t, ctx, base, clock)

	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("sync-submit")),
		chromedp.WaitVisible(chromedp.ID("flash")),
		chromedp.WaitVisible(chromedp.CSS(`#associated-resources [data-registration-status="deleted"]`)),
	); err != nil {
		t.Fatal(err)
	}
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flash")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"still there", "up to four hours", "support case"} {
		if !strings.Contains(flash, want) {
			t.Errorf("after the sync the notification %q does not say %q", flash, want)
		}
	}
	if n := sdk.registrations(); n != 1 {
		t.Fatalf("with the owner failing, %d registrations after the sync, want 1", n)
	}
}
