package docshots

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// View says how pages are shown: the viewport in CSS pixels, the device scale factor and the Carbon theme of the page.
type View struct {
	Width, Height int
	Scale         float64
	Theme         string
}

// DefaultView is the documentation's width at normal density in the console's own theme.
var DefaultView = View{Width: 1280, Height: 800, Scale: 1, Theme: "g10"}

// Themes are the Carbon themes a page can be shown in: g10 is the console's; g100 applies the dark tokens to the page.
var Themes = []string{"g10", "g100"}

// trackerJS runs in every document before the page's scripts: it counts htmx requests in flight and notes when the
// document starts to unload, so settle knows when the page is still.
const trackerJS = `(function(){
if (window.__ds) return;
var s = window.__ds = {inflight: 0, last: performance.now(), leaving: false};
function touch(){ s.last = performance.now(); }
document.addEventListener('htmx:beforeRequest', function(){ s.inflight++; touch(); }, true);
document.addEventListener('htmx:afterRequest', function(){ s.inflight = Math.max(0, s.inflight-1); touch(); }, true);
document.addEventListener('htmx:afterSettle', touch, true);
document.addEventListener('htmx:afterSwap', touch, true);
window.addEventListener('beforeunload', function(){ s.leaving = true; });
})();`

// freezeCSS turns off what would make two photographs of one state differ: animations, transitions and the caret.
const freezeCSS = `*,*::before,*::after{animation:none!important;transition:none!important;caret-color:transparent!important;` +
	`scroll-behavior:auto!important}`

// Tab is one browser tab in a browser context of its own, showing pages in a fixed View.
type Tab struct {
	ctx   context.Context
	close context.CancelFunc
	view  View
	// height is the viewport's current height, which FitPanel may have made taller than the view's.
	height int
	// Timeout bounds each wait for the page to settle.
	Timeout time.Duration
}

// NewTab opens a tab in a browser context of its own and prepares it: viewport, reduced motion, no CSP for injected
// helpers.
func (b *Browser) NewTab(view View) (*Tab, error) {
	if view.Width == 0 {
		view = DefaultView
	}
	if view.Scale == 0 {
		view.Scale = 1
	}
	ctx, closeTab, err := b.NewContext()
	if err != nil {
		return nil, err
	}
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
			return err
		}
		if err := OnNewDocument(ctx, trackerJS); err != nil {
			return err
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen", Features: []*emulation.MediaFeature{
			{Name: "prefers-reduced-motion", Value: "reduce"}, {Name: "prefers-color-scheme", Value: "light"},
		}}); err != nil {
			return err
		}
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: int64(view.Width), Height: int64(view.Height), DeviceScaleFactor: view.Scale,
		})
		return err
	}))
	if err != nil {
		closeTab()
		return nil, fmt.Errorf("opening a tab: %w", err)
	}
	return &Tab{ctx: ctx, close: closeTab, view: view, height: view.Height, Timeout: 15 * time.Second}, nil
}

// Close closes the tab; its page, cleared, serves a later tab.
func (t *Tab) Close() { t.close() }

// Context is the tab's chromedp context, for actions the helpers here do not cover.
func (t *Tab) Context() context.Context { return t.ctx }

// Navigate loads url and waits until the page is still.
func (t *Tab) Navigate(url string) error {
	if err := chromedp.Do(t.ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("loading %s: %w", url, err)
	}
	return t.Settle()
}

// Settle waits until the document is loaded, its fonts are ready, no htmx request is in flight and nothing changed
// for 100 ms; then it applies the freeze stylesheet and the theme.
func (t *Tab) Settle() error {
	deadline := time.Now().Add(t.Timeout)
	const check = `(function(){var s=window.__ds; return !!s && !s.leaving && document.readyState==='complete' &&
		document.fonts.status==='loaded' && s.inflight===0 && performance.now()-s.last>100;})()`
	time.Sleep(30 * time.Millisecond)
	for {
		ok, err := Eval[bool](t, check)
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = errors.New("the page kept changing")
			}
			return fmt.Errorf("waiting for the page to settle: %w", err)
		}
		time.Sleep(40 * time.Millisecond)
	}
	theme := t.view.Theme
	if theme == "" || theme == "g10" {
		theme = ""
	}
	_, err := Eval[bool](t, `(function(){var id='__docshots-style', st=document.getElementById(id);
		if(!st){st=document.createElement('style');st.id=id;st.textContent=`+jsString(freezeCSS)+`;document.head.appendChild(st);}
		var th=`+jsString(theme)+`; if(th){document.documentElement.setAttribute('data-theme',th);}
		return true;})()`)
	return err
}

// Eval evaluates a JavaScript expression in the tab's page and returns its value.
func Eval[T any](t *Tab, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(t.ctx, t.Timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// URL returns the address of the page the tab shows.
func (t *Tab) URL() (string, error) { return Eval[string](t, `location.href`) }

// panelOverflowJS measures how many CSS pixels of an open side panel's content lie below its scroll area (0 without one).
const panelOverflowJS = `(function(){var b=document.querySelector('[data-dialog] [data-panel-body]'); if(!b) return 0;
	return Math.max(0, Math.ceil(b.scrollHeight - b.clientHeight));})()`

// FitPanel makes the viewport tall enough for an open side panel to show its whole content, as tall as that content
// (the page behind it extends to match), at the view's width; without a panel, or with one that fits, nothing changes.
// It returns the viewport height in CSS pixels; RestoreView goes back to the view's height.
func (t *Tab) FitPanel() (int, error) {
	extra, err := Eval[int](t, panelOverflowJS)
	if err != nil || extra == 0 {
		return t.view.Height, err
	}
	height := t.view.Height + extra
	if err := t.setHeight(height); err != nil {
		return 0, err
	}
	// Web fonts or a late reflow can change the content's height once: measure again and grow if needed.
	if extra, err = Eval[int](t, panelOverflowJS); err == nil && extra > 0 {
		height += extra
		err = t.setHeight(height)
	}
	return height, err
}

// RestoreView gives the viewport back the view's height after FitPanel.
func (t *Tab) RestoreView() error {
	if t.height == t.view.Height {
		return nil
	}
	return t.setHeight(t.view.Height)
}

// setHeight sets the viewport's height in CSS pixels, at the view's width and scale, and waits for the page to settle.
func (t *Tab) setHeight(height int) error {
	_, err := chromedp.Call(t.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(t.view.Width), Height: int64(height), DeviceScaleFactor: t.view.Scale,
	})
	if err != nil {
		return fmt.Errorf("resizing the viewport to %dx%d: %w", t.view.Width, height, err)
	}
	t.height = height
	return t.Settle()
}

// Screenshot photographs the viewport, or only the element that selector matches, scrolled into view first (call
// FitPanel before photographing an element inside a side panel, so that its scroll area does not cut it off).
func (t *Tab) Screenshot(selector string) ([]byte, error) {
	params := page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng, FromSurface: new(true)}
	if selector != "" {
		type rect struct{ X, Y, W, H float64 }
		r, err := Eval[rect](t, `(function(){var e=document.querySelector(`+jsString(selector)+`); if(!e) return null;
			e.scrollIntoView({block:'nearest', inline:'nearest'});
			var b=e.getBoundingClientRect(); return {X:b.left+scrollX, Y:b.top+scrollY, W:b.width, H:b.height};})()`)
		if err == nil && (r.W == 0 || r.H == 0) {
			err = errors.New("no visible element matches")
		}
		if err != nil {
			return nil, fmt.Errorf("finding %s to photograph: %w", selector, err)
		}
		params.Clip = &page.Viewport{X: r.X, Y: r.Y, Width: r.W, Height: r.H, Scale: 1}
		params.CaptureBeyondViewport = new(true)
	}
	if _, err := Eval[bool](t, `(function(){ if (document.activeElement && document.activeElement.blur) document.activeElement.blur(); return true; })()`); err != nil {
		return nil, err
	}
	res, err := chromedp.Call(t.ctx, page.CaptureScreenshot, params)
	if err != nil {
		return nil, fmt.Errorf("taking the screenshot: %w", err)
	}
	return res.Data, nil
}

// highlightJS frames each element the selectors match in Carbon's focus blue (#0f62fe), 2px, 2px outside the element,
// with boxes laid over the page so that no scroll area or overflow clips them; with uncoveredOnly, an element under
// another one (a control behind an open side panel) is left unframed. It returns the selectors that framed nothing.
const highlightJS = `(function(sels, uncoveredOnly){var missed=[];
	document.querySelectorAll('[data-docshots-highlight]').forEach(function(e){e.remove();});
	sels.forEach(function(sel){var n=0; document.querySelectorAll(sel).forEach(function(e){
		var r=e.getBoundingClientRect(); if(!r.width||!r.height) return;
		if(uncoveredOnly){var top=document.elementFromPoint(r.left+r.width/2, r.top+r.height/2);
			if(top && top!==e && !e.contains(top) && !top.contains(e)) return;}
		var d=document.createElement('div'); d.setAttribute('data-docshots-highlight','');
		d.style.cssText='position:absolute;pointer-events:none;z-index:2147483647;box-sizing:border-box;border:2px solid #0f62fe;'+
			'left:'+(r.left+scrollX-4)+'px;top:'+(r.top+scrollY-4)+'px;width:'+(r.width+8)+'px;height:'+(r.height+8)+'px';
		document.body.appendChild(d); n++;});
		if(!n) missed.push(sel);});
	return missed;})`

// Highlight frames the controls the selectors match in Carbon's focus blue, as documentation images outline the control
// a step acts on; it returns an error naming the selectors that match no visible element. With uncoveredOnly, elements
// hidden under another (behind an open panel) are not framed and not counted as missing. Frames of an earlier call go.
func (t *Tab) Highlight(selectors []string, uncoveredOnly bool) error {
	enc, _ := json.Marshal(append([]string{}, selectors...))
	missed, err := Eval[[]string](t, highlightJS+"("+string(enc)+","+strconv.FormatBool(uncoveredOnly)+")")
	if err != nil {
		return fmt.Errorf("highlighting %s: %w", strings.Join(selectors, ", "), err)
	}
	if len(missed) > 0 && !uncoveredOnly {
		return fmt.Errorf("nothing visible to highlight matches %s", strings.Join(missed, ", "))
	}
	return nil
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\u2028", `\u2028`, "\u2029", `\u2029`, "</", `<\/`)
	return "'" + r.Replace(s) + "'"
}
