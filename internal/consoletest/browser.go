package consoletest

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"appconfig-console/docshots"
	"appconfig-console/routes"
)

// The tests of one binary share one Chromium, started on first use and stopped by Close.
var (
	browserOnce sync.Once
	browser     *docshots.Browser
	browserErr  error
)

// MaxTabs bounds how many tests hold tabs at once, so that parallel browser tests do not overwhelm a small machine.
const MaxTabs = 3

// Parallel is how many tests of a binary with browser tests may run at once: the browser tests fill their MaxTabs slots
// and the tests that only wait on the console or cloudsim run beside them. A binary whose tests count overlapping
// upstream requests (Rounds) keeps Go's default instead: under that much load, requests sent together may not overlap.
const Parallel = 2 * MaxTabs

var (
	tabSlots = make(chan struct{}, MaxTabs)
	holders  sync.Map
)

// Browser returns the shared Chromium (CHROMIUM, else /usr/bin/chromium or chromium on PATH), or skips the test when it
// is missing; with CI=true a missing browser fails the test instead. The test waits for one of MaxTabs slots first.
func Browser(t testing.TB) *docshots.Browser {
	t.Helper()
	holdSlot(t)
	browserOnce.Do(func() { browser, browserErr = docshots.NewBrowser(context.Background(), os.Getenv("CHROMIUM")) })
	if browserErr != nil {
		if errors.Is(browserErr, docshots.ErrNoChromium) && os.Getenv("CI") != "true" {
			t.Skipf("skipping the browser test: %v", browserErr)
		}
		t.Fatal(browserErr)
	}
	return browser
}

// Close stops the shared Chromium, if it was started; TestMain calls it after the tests.
func Close() {
	if browser != nil {
		browser.Close()
	}
}

// holdSlot waits until fewer than MaxTabs other tests hold tabs; the test keeps its slot, whatever number of tabs it
// opens, until it ends.
func holdSlot(t testing.TB) {
	if _, held := holders.LoadOrStore(t, true); held {
		return
	}
	tabSlots <- struct{}{}
	t.Cleanup(func() {
		holders.Delete(t)
		<-tabSlots
	})
}

// Tab opens a tab in a browser context of its own (no cookies, no history) with a 1280x900 viewport, the page's CSP in
// force, and returns its chromedp context; the tab closes when the test ends, or after two minutes. Scripts for new
// documents go through docshots.OnNewDocument.
func Tab(t testing.TB) context.Context {
	t.Helper()
	b := Browser(t)
	ctx, cancel, err := b.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1280, Height: 900, DeviceScaleFactor: 1})
		return err
	}))
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// DocTab opens a tab prepared as the documentation tools prepare theirs (docshots.Browser.NewTab); it closes when the
// test ends.
func DocTab(t testing.TB, view docshots.View) *docshots.Tab {
	t.Helper()
	b := Browser(t)
	tab, err := b.NewTab(view)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tab.Close)
	return tab
}

// Demo starts a documentation demo (docshots.StartDemo: fixed clock, fixed IDs) for the test; it stops when the test ends.
func Demo(t testing.TB) *docshots.Demo {
	t.Helper()
	d, err := docshots.StartDemo()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// DemoTab opens a documentation tab signed in to d as the demo administrator.
func DemoTab(t testing.TB, d *docshots.Demo, view docshots.View) *docshots.Tab {
	t.Helper()
	tab := DocTab(t, view)
	if err := d.SignIn(tab); err != nil {
		t.Fatal(err)
	}
	return tab
}

// Eval evaluates js in the tab and fails the test on an error.
func Eval[T any](t testing.TB, tab *docshots.Tab, js string) T {
	t.Helper()
	v, err := docshots.Eval[T](tab, js)
	if err != nil {
		t.Fatalf("evaluating %s: %v", strings.TrimSpace(js), err)
	}
	return v
}

// ReadPNG reads and decodes the PNG file, failing the test when it cannot.
func ReadPNG(t testing.TB, file string) image.Image {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return img
}

// SignIn signs the tab in with apiKey through the sign-in form at base, as a person does, and waits for the resource
// list's header.
func SignIn(base, apiKey string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+routes.Path(routes.SignInPage)),
		chromedp.WaitVisible(chromedp.ID("apikey")),
		chromedp.SendKeys(chromedp.ID("apikey"), apiKey),
		chromedp.Click(chromedp.ID("signin-submit")),
		chromedp.WaitVisible(chromedp.CSS("[data-manage-menu] summary")),
	)
}

// OpenSignedIn signs the tab in with apiKey without loading the sign-in form (docshots.SignInTab), opens path at base and
// waits for the header's Manage menu, which signed-in pages show; tests of signing in itself use SignIn.
func OpenSignedIn(base, apiKey, path string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error { return docshots.SignInTab(ctx, base, apiKey) }),
		chromedp.Navigate(base+path),
		chromedp.WaitVisible(chromedp.CSS("[data-manage-menu] summary")),
	)
}
