package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/appconfig"
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
		waitIdle(),
	)
}

// waitIdle waits until htmx has no request in flight.
func waitIdle() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`!document.querySelector(".htmx-request")`, chromedp.WithPollingTimeout(10*time.Second))
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// enterpriseIntegration returns app-config-enterprise's integration of the given type as cloudsim holds it, or nil.
func enterpriseIntegration(t *testing.T, connector *ibmcloud.Connector, tok ibmcloud.Token, integrationType string) *appconfig.Integration {
	t.Helper()
	list, err := appconfig.NewService(connector).ListIntegrations(context.Background(), tok,
		appconfig.Instance{GUID: cloudsim.AppConfigEnterpriseGUID, Region: "us-south"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range list {
		if in.Type == integrationType {
			return &in
		}
	}
	return nil
}
