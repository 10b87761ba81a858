// Package docshots photographs the console's documented screens and walks documentation procedures in headless Chromium,
// against a console of its own on an in-memory cloudsim with the demo data, a fixed clock and fixed IDs.
package docshots

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// DefaultChromium is where Debian's chromium package installs the browser.
const DefaultChromium = "/usr/bin/chromium"

// ErrNoChromium means the browser is not installed; its message says which package to install.
var ErrNoChromium = errors.New("Chromium is not installed: install Debian's package with `apt-get install chromium` " +
	"(or set CHROMIUM to the browser's path)")

// Browser is one headless Chromium; each Tab opens in a browser context of its own (its own cookies).
type Browser struct {
	ctx     context.Context
	cancel  context.CancelFunc
	dataDir string
}

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

// NewBrowser starts headless Chromium (at path, or the default) with flags that keep it quiet, offline and repeatable.
func NewBrowser(parent context.Context, path string) (*Browser, error) {
	exe, err := FindChromium(path)
	if err != nil {
		return nil, err
	}
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
		return nil, fmt.Errorf("starting %s: %w", exe, err)
	}
	return &Browser{ctx: ctx, cancel: func() { cancel(); allocCancel() }, dataDir: dir}, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	os.RemoveAll(b.dataDir)
}

// NewContext opens a bare tab in a browser context of its own (its own cookies), unprepared: the page's CSP applies and
// the viewport is the browser's; cancel closes it.
func (b *Browser) NewContext() (context.Context, context.CancelFunc) {
	return chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
}
