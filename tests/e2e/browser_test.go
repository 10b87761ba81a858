// Package e2e drives the whole console in headless Chromium and over HTTP, each test on a cloudsim of its own, and
// checks what cloudsim holds afterwards through the SDKs.
package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"appconfig-console/internal/consoletest"
)

func TestMain(m *testing.M) {
	consoletest.Main(m, 0)
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

// waitIdle waits until htmx has no request in flight and no swap still settling (htmx processes swapped content, and
// fires htmx:load on it, only once it settles), and no transition is moving things (a side panel slides in: a click
// aimed at it while it moves lands beside its target).
func waitIdle() chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`!document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") &&
		document.getAnimations().every(function (a) { return a.playState !== "running" || a.effect.getComputedTiming().endTime === Infinity; })`,
		chromedp.WithPollingTimeout(10*time.Second))
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
