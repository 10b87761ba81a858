package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"appconfig-console/cloudsim"
	"appconfig-console/docshots"
	"appconfig-console/internal/consoletest"
	"appconfig-console/routes"
)

// key presses one key (with modifiers) in the tab and waits for the page to settle.
func kbPress(t *testing.T, tab *docshots.Tab, k string, mods ...chromedp.Modifier) {
	t.Helper()
	var opts []chromedp.KeyOption
	for _, m := range mods {
		opts = append(opts, chromedp.KeyModifiers(m))
	}
	if err := chromedp.Do(tab.Context(), chromedp.KeyEvent(k, opts...)); err != nil {
		t.Fatal(err)
	}
	if err := tab.Settle(); err != nil {
		t.Fatal(err)
	}
}

// focusInfo describes the focused element: whether it matches a selector, sits in an open dialog, and shows a focus ring.
const focusInfo = `(function(sel){var e=document.activeElement; if(!e||e===document.body) return {id:'', match:false, inDialog:false, visible:false};
	var s=getComputedStyle(e); var ring=(s.outlineStyle!=='none'&&parseFloat(s.outlineWidth)>0)||(s.boxShadow&&s.boxShadow!=='none');
	return {id: e.id || e.tagName.toLowerCase()+(e.getAttribute('href')?'['+e.getAttribute('href')+']':''), match: e.matches(sel),
		inDialog: !!e.closest('[role=dialog]'), visible: ring};})`

type focusState struct {
	ID       string `json:"id"`
	Match    bool   `json:"match"`
	InDialog bool   `json:"inDialog"`
	Visible  bool   `json:"visible"`
}

func kbFocused(t *testing.T, tab *docshots.Tab, sel string) focusState {
	t.Helper()
	return consoletest.Eval[focusState](t, tab, fmt.Sprintf("%s(%q)", focusInfo, sel))
}

// tabTo presses Tab until the element matching sel has the focus, checking that every element focused on the way
// shows a focus ring (and, with inDialog, stays inside the open dialog).
func kbTabTo(t *testing.T, tab *docshots.Tab, sel string, inDialog bool) {
	t.Helper()
	for range 80 {
		kbPress(t, tab, kb.Tab)
		f := kbFocused(t, tab, sel)
		if f.ID != "" && !f.Visible {
			t.Errorf("focus on %s is not visible (no outline or focus shadow)", f.ID)
		}
		if inDialog && !f.InDialog {
			t.Fatalf("focus left the side panel for %s", f.ID)
		}
		if f.Match {
			return
		}
	}
	t.Fatalf("Tab never reached %s", sel)
}

// arrowTo presses ArrowDown on the focused dropdown until its value is want (or any value when want is "").
func kbArrowTo(t *testing.T, tab *docshots.Tab, want string) {
	t.Helper()
	for range 12 {
		kbPress(t, tab, kb.ArrowDown)
		v := consoletest.Eval[string](t, tab, `document.activeElement.value || ''`)
		if (want == "" && v != "") || (want != "" && v == want) {
			return
		}
	}
	t.Fatalf("ArrowDown never chose %q in %s", want, kbFocused(t, tab, "*").ID)
}

// TestKeyboardConnectKeyProtect connects Key Protect to app-config-enterprise with the keyboard alone, checking
// that the side panel takes the focus, keeps it, and gives it back.
func TestKeyboardConnectKeyProtect(t *testing.T) {
	t.Parallel()
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	if err := tab.Navigate(d.URL + routes.Path(routes.Integrations, cloudsim.AppConfigEnterpriseGUID)); err != nil {
		t.Fatal(err)
	}
	kbTabTo(t, tab, "#kms-connect", false)
	kbPress(t, tab, kb.Enter)
	if f := kbFocused(t, tab, "*"); !f.InDialog {
		t.Fatalf("opening the Key Management panel left the focus on %q, outside the panel", f.ID)
	}
	// The panel traps the focus: a round of Tab and Shift+Tab stays inside.
	for range 25 {
		kbPress(t, tab, kb.Tab)
		if f := kbFocused(t, tab, "*"); !f.InDialog {
			t.Fatalf("Tab left the side panel for %s", f.ID)
		}
	}
	for range 3 {
		kbPress(t, tab, kb.Tab, chromedp.ModifierShift)
		if f := kbFocused(t, tab, "*"); !f.InDialog {
			t.Fatalf("Shift+Tab left the side panel for %s", f.ID)
		}
	}
	// Escape closes the panel and gives the focus back to Connect.
	kbPress(t, tab, kb.Escape)
	if n := consoletest.Eval[int](t, tab, `document.querySelectorAll('[role=dialog]').length`); n != 0 {
		t.Fatalf("Escape left %d dialogs open", n)
	}
	if f := kbFocused(t, tab, "#kms-connect"); !f.Match {
		t.Errorf("after Escape closed the Key Management panel the focus is on %q, not on the Connect button that opened it", f.ID)
		kbTabTo(t, tab, "#kms-connect", false)
	}
	kbPress(t, tab, kb.Enter)
	kbTabTo(t, tab, "#kms-instance", true)
	kbArrowTo(t, tab, "")
	kbTabTo(t, tab, "#kms-key", true)
	if consoletest.Eval[string](t, tab, `document.activeElement.value`) == "" {
		kbArrowTo(t, tab, "")
	}
	if consoletest.Eval[bool](t, tab, `!!document.querySelector('#kms-authorize') && !document.querySelector('#kms-authorize').checked`) {
		kbTabTo(t, tab, "#kms-authorize", true)
		kbPress(t, tab, " ")
	}
	kbTabTo(t, tab, "#kms-create", true)
	kbPress(t, tab, kb.Enter)
	if !consoletest.Eval[bool](t, tab, `!!document.querySelector('[data-kms-connected]')`) {
		t.Fatalf("Create by keyboard did not connect Key Protect; the page says: %s",
			consoletest.Eval[string](t, tab, `(document.querySelector('[data-notification]')||document.body).innerText.slice(0,300)`))
	}
}

// TestKeyboardCreateAuthorization creates an authorization with the keyboard alone.
func TestKeyboardCreateAuthorization(t *testing.T) {
	t.Parallel()
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	if err := tab.Navigate(d.URL + routes.Path(routes.Authorizations)); err != nil {
		t.Fatal(err)
	}
	before := consoletest.Eval[int](t, tab, `document.querySelectorAll('tbody tr').length`)
	kbTabTo(t, tab, "#create-authorization", false)
	kbPress(t, tab, kb.Enter)
	kbTabTo(t, tab, "#source-service", false)
	kbArrowTo(t, tab, "apprapp")
	kbTabTo(t, tab, "#target-service", false)
	kbArrowTo(t, tab, "kms")
	if !consoletest.Eval[bool](t, tab, `[...document.querySelectorAll('input[name=role]')].some(function(c){return c.checked})`) {
		kbTabTo(t, tab, "input[name=role]", false)
		kbPress(t, tab, " ")
	}
	kbTabTo(t, tab, "#authorize", false)
	kbPress(t, tab, kb.Enter)
	u, _ := tab.URL()
	if !strings.HasSuffix(strings.SplitN(u, "?", 2)[0], routes.Path(routes.Authorizations)) {
		t.Fatalf("Authorize by keyboard ended on %s: %s", u, consoletest.Eval[string](t, tab, `document.querySelector('main').innerText.slice(0,300)`))
	}
	if after := consoletest.Eval[int](t, tab, `document.querySelectorAll('tbody tr').length`); after != before+1 {
		t.Errorf("%d authorizations after Authorize, want %d", after, before+1)
	}
}
