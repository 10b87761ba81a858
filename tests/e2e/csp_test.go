package e2e

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/cloudsim"
	"appconfig-console/docshots"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
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

// settled waits until the page has loaded, its fonts are ready and htmx has no request in flight, then for two animation
// frames, in which the browser reports what the page's last changes violated.
func settled() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Poll[chromedp.Void](`document.readyState === "complete" && document.fonts.status === "loaded" && !document.querySelector(".htmx-request")`,
			chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate[chromedp.Void](`new Promise(function(r){ requestAnimationFrame(function(){ requestAnimationFrame(function(){ r(); }); }); })`,
			chromedp.EvalAwaitPromise),
	)
}

// TestCSPHasNoViolations loads every main page of the console in Chromium with the CSP enforced (no bypass) and
// fails on any violation the page reports (securitypolicyviolation events) or the browser logs ("Refused to ...").
func TestCSPHasNoViolations(t *testing.T) {
	t.Parallel()
	ctx := consoletest.Tab(t)
	base := consoletest.Start(t, consoletest.Options{Limits: ibmcloud.DefaultLimits}).URL

	// The browser's own log of CSP refusals, beside the page's events.
	var (
		mu     sync.Mutex
		logged []string
	)
	if err := docshots.OnNewDocument(ctx, cspListener); err != nil {
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
	if err := chromedp.Do(ctx, consoletest.SignIn(base, cloudsim.DemoAdminAPIKey), settled()); err != nil {
		t.Fatalf("sign-in did not work: %v", err)
	}
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || strings.Contains(loc, routes.Path(routes.SignInPage)) {
		t.Fatalf("sign-in did not work: at %s (%v)", loc, err)
	}

	ac, kp := cloudsim.AppConfigEnterpriseGUID, cloudsim.KeyProtectUSSouthGUID
	pages := []string{
		routes.Path(routes.SignInPage),
		"/",
		routes.Path(routes.Integrations, ac),
		routes.Path(routes.KMSPanel, ac) + "?service=kms&mode=existing&instance=" + kp,
		routes.Path(routes.ENPanel, ac),
		routes.Path(routes.Integrations, cloudsim.AppConfigEUGUID),
		routes.Path(routes.InstanceDeleteConfirm, ac),
		routes.Path(routes.Authorizations),
		routes.Path(routes.AuthorizationWizard) + "?source_service=apprapp&target_service=kms",
		routes.Path(routes.KMSInstance, kp),
		routes.Path(routes.KMSKey, kp, cloudsim.AppConfigRootKeyID),
		"/no-such-page",
	}
	for _, path := range pages {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path), settled()); err != nil {
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
	if err := chromedp.Do(ctx, chromedp.Navigate(base+routes.Path(routes.Integrations, ac))); err != nil {
		t.Fatal(err)
	}
	// The page links to the panel at the instance's CRN address, as IBM Cloud's console does.
	clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var a=document.querySelector('[hx-get*="`+
		routes.Path(routes.KMSPanel, cloudsim.AppConfigEnterpriseCRN)+`"]'); if(a){a.click(); return true} return false})()`))
	if err != nil || !clicked {
		t.Fatalf("no Connect button opening the Key Management panel (%v)", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("kms-panel")), settled()); err != nil {
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
	_ = chromedp.Do(ctx, chromedp.Poll[chromedp.Void](`(window.__csp || []).length > 0`, chromedp.WithPollingTimeout(5*time.Second)))
	if caught, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); len(caught) == 0 {
		t.Error("the canary inline script was not reported: the violation listener does not work")
	}
	for _, l := range pagesLogged {
		t.Errorf("browser log: %s", l)
	}
}
