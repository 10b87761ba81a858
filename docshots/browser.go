// Package docshots photographs the console's documented screens and walks documentation procedures in headless Chromium,
// against a console of its own on an in-memory cloudsim with the demo data, a fixed clock and fixed IDs.
package docshots

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// DefaultChromium is where Debian's chromium package installs the browser.
const DefaultChromium = "/usr/bin/chromium"

// ErrNoChromium means the browser is not installed; its message says which package to install.
var ErrNoChromium = errors.New("Chromium is not installed: install Debian's package with `apt-get install chromium` " +
	"(or set CHROMIUM to the browser's path)")

// Browser is one headless Chromium; each Tab opens in a browser context of its own (its own cookies). A closed tab's
// page is cleared and kept for the next tab, which then starts without a renderer to spawn.
type Browser struct {
	ctx     context.Context
	cancel  context.CancelFunc
	dataDir string
	mu      sync.Mutex
	idle    []*pooledPage
}

// pooledPage is a page in a browser context of its own, which tabs take in turn, and the scripts its tab added to new
// documents.
type pooledPage struct {
	ctx     context.Context
	close   context.CancelFunc
	scripts []page.ScriptIdentifier
}

// pageKey is the context key of the pooledPage behind a tab's context.
type pageKey struct{}

// FindChromium returns the browser to run: path when set, else /usr/bin/chromium, else chromium on PATH.
func FindChromium(path string) (string, error) {
	candidates := []string{DefaultChromium, "chromium", "chromium-browser"}
	if path != "" {
		candidates = []string{path}
	}
	for _, c := range candidates {
		if found, err := exec.LookPath(c); err == nil {
			return found, nil
		}
	}
	if path != "" {
		return "", fmt.Errorf("%w; %s was not found", ErrNoChromium, path)
	}
	return "", ErrNoChromium
}

// startAttempts is how many times NewBrowser starts Chromium before it gives up: a newly installed Chromium has been seen
// to exit once at start, before it listens, and start at the next try.
const startAttempts = 3

// NewBrowser starts headless Chromium (at path, or the default) with flags that keep it quiet, offline and repeatable;
// a browser that exits or stays silent at start is started again, up to startAttempts times in all.
func NewBrowser(parent context.Context, path string) (*Browser, error) {
	exe, err := FindChromium(path)
	if err != nil {
		return nil, err
	}
	var failures []error
	for attempt := 1; attempt <= startAttempts && parent.Err() == nil; attempt++ {
		b, err := startBrowser(parent, exe)
		if err == nil {
			return b, nil
		}
		failures = append(failures, fmt.Errorf("attempt %d of %d: %w", attempt, startAttempts, err))
	}
	if err := parent.Err(); err != nil {
		failures = append(failures, err)
	}
	return nil, fmt.Errorf("starting %s: %w", exe, errors.Join(failures...))
}

// startBrowser starts exe once, on a new profile that it removes again when the browser does not start.
func startBrowser(parent context.Context, exe string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "docshots-chromium-")
	if err != nil {
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("font-render-hinting", "none"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.Flag("disable-lcd-text", true),
		chromedp.Flag("disable-font-subpixel-positioning", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-US"),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		allocCancel()
		os.RemoveAll(dir)
		return nil, err
	}
	return &Browser{ctx: ctx, cancel: func() { cancel(); allocCancel() }, dataDir: dir}, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	os.RemoveAll(b.dataDir)
}

// NewContext opens a bare tab in a browser context of its own (no cookies, no history, about:blank), unprepared: the
// page's CSP applies and the viewport is the browser's; cancel closes it. Scripts for new documents go through
// OnNewDocument, so that they end with the tab.
func (b *Browser) NewContext() (context.Context, context.CancelFunc, error) {
	p, err := b.takePage()
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.WithValue(p.ctx, pageKey{}, p))
	return ctx, sync.OnceFunc(func() { cancel(); b.givePage(p) }), nil
}

// OnNewDocument adds a script that runs in every document the tab of ctx (from NewContext) loads, before the page's
// own scripts, until the tab closes.
func OnNewDocument(ctx context.Context, source string) error {
	p, _ := ctx.Value(pageKey{}).(*pooledPage)
	if p == nil {
		return errors.New("adding a script for new documents: not the context of a tab of a Browser")
	}
	added, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: source})
	if err != nil {
		return fmt.Errorf("adding a script for new documents: %w", err)
	}
	p.scripts = append(p.scripts, added.Identifier)
	return nil
}

// takePage returns a cleared page kept from a closed tab, or opens one in a new browser context.
func (b *Browser) takePage() (*pooledPage, error) {
	b.mu.Lock()
	if n := len(b.idle); n > 0 {
		p := b.idle[n-1]
		b.idle = b.idle[:n-1]
		b.mu.Unlock()
		return p, nil
	}
	b.mu.Unlock()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab: %w", err)
	}
	return &pooledPage{ctx: ctx, close: cancel}, nil
}

// givePage clears the page and keeps it for the next tab: what its origin stored goes, it shows about:blank with no
// history, its browser context loses its cookies, and what its tab set is undone (scripts for new documents, CSP
// bypass, emulated media and viewport, disabled cache). A page that cannot be cleared is closed instead.
func (b *Browser) givePage(p *pooledPage) {
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		for _, id := range p.scripts {
			if err := send(ctx, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id}); err != nil {
				return err
			}
		}
		p.scripts = nil
		// What the last page's origin stored (htmx's history cache, ...) goes too, should a later console get its port.
		origin, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.origin`))
		if err != nil || !strings.HasPrefix(origin, "http") {
			return err
		}
		return send(ctx, storage.ClearDataForOrigin, storage.ClearDataForOriginParams{Origin: origin, StorageTypes: "all"})
	}), chromedp.Navigate("about:blank"), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		return errors.Join(
			send(ctx, page.ResetNavigationHistory, cdp.Empty{}),
			send(ctx, network.ClearBrowserCookies, cdp.Empty{}),
			send(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: false}),
			send(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: false}),
			send(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}),
			send(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{}),
		)
	}))
	if err != nil || b.ctx.Err() != nil {
		p.close()
		return
	}
	b.mu.Lock()
	b.idle = append(b.idle, p)
	b.mu.Unlock()
}

// send sends a DevTools command whose result does not matter to the page of ctx.
func send[P, R any](ctx context.Context, cmd cdp.Command[P, R], params P) error {
	_, err := chromedp.Call(ctx, cmd, params)
	return err
}
