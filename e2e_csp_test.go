package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/cloudsim/simtest"
	"appconfig-console/services/ibmcloud"
)

// cspListener runs before any page script (DevTools-injected, so the page's CSP does not block it) and records every
// Content-Security-Policy violation the document reports.
const cspListener = `(function(){
window.__csp = [];
document.addEventListener('securitypolicyviolation', function(e){
  window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + (e.sourceFile || '') + ':' + e.lineNumber + ' ' + (e.sample || ''));
}, true);
})();`

// TestCSPHasNoViolations loads every main page of the console in Chromium with the CSP enforced (no bypass) and
// fails on any violation the page reports (securitypolicyviolation events) or the browser logs ("Refused to ...").
func TestCSPHasNoViolations(t *testing.T) {
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found at %s", chromium)
		}
		t.Skipf("skipping the CSP browser test: chromium not found at %s", chromium)
	}
	sim := simtest.Start(t)
	handler, err := newConsole(consoleOptions{Endpoints: ibmcloud.SimEndpoints(sim.URL), Limits: ibmcloud.DefaultLimits, SimMode: true,
		SessionDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(handler)
	t.Cleanup(server.Close)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	// The browser's own log of CSP refusals, beside the page's events.
	var (
		mu     sync.Mutex
		logged []string
	)
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspListener})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	go func() {
		for msg, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if strings.Contains(msg.Text, "Content Security Policy") || strings.Contains(msg.Text, "Refused to") {
				mu.Lock()
				logged = append(logged, msg.Text)
				mu.Unlock()
			}
		}
	}()

	// Sign in through the form, as a person would.
	if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+"/signin")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var k=document.querySelector('input[name=apikey]');
		k.value=`+"'"+cloudsim.DemoAdminAPIKey+"'"+`; k.form.submit(); return true;})()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}

	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || strings.Contains(loc, "/signin") {
		t.Fatalf("sign-in did not work: at %s (%v)", loc, err)
	}

	ac, kp := cloudsim.AppConfigEnterpriseGUID, cloudsim.KeyProtectUSSouthGUID
	pages := []string{
		"/signin",
		"/",
		"/instances/" + ac + "/integrations",
		"/instances/" + ac + "/integrations/kms?service=kms&mode=existing&instance=" + kp,
		"/instances/" + ac + "/integrations/en",
		"/instances/" + cloudsim.AppConfigEUGUID + "/integrations",
		"/instances/" + ac + "/delete",
		"/iam/authorizations",
		"/iam/authorizations/create?source_service=apprapp&target_service=kms",
		"/kms/" + kp,
		"/kms/" + kp + "/keys/" + cloudsim.AppConfigRootKeyID,
		"/no-such-page",
	}
	for _, path := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+path), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, v := range violations {
			t.Errorf("%s: CSP violation: %s", path, v)
		}
	}
	// An htmx swap: open the Key Management panel from the page's Connect button, as a fragment.
	if err := chromedp.Do(ctx, chromedp.Navigate(server.URL+"/instances/"+ac+"/integrations")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var a=document.querySelector('[hx-get*="/integrations/kms"]'); if(a){a.click(); return true} return false})()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(time.Second)); err != nil {
		t.Fatal(err)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range violations {
		t.Errorf("after an htmx swap: CSP violation: %s", v)
	}
	// What the browser logged about the pages, before the canary below adds its own refusal.
	mu.Lock()
	pagesLogged := slices.Clone(logged)
	mu.Unlock()
	// The detector itself works: an inline script added by hand is refused and reported.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`(function(){var s=document.createElement('script'); s.textContent='window.__ran=1';
		document.body.appendChild(s); return 0})()`)); err != nil {
		t.Fatal(err)
	}
	_ = chromedp.Do(ctx, chromedp.Sleep(300*time.Millisecond))
	if caught, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); len(caught) == 0 {
		t.Error("the canary inline script was not reported: the violation listener does not work")
	}
	for _, l := range pagesLogged {
		t.Errorf("browser log: %s", l)
	}
}
