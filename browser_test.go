package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"appconfig-console/docshots"
)

// The browser tests of this package share one Chromium, started on first use and stopped after the last test.
var (
	docsBrowserOnce sync.Once
	docsShared      *docshots.Browser
	docsBrowserErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if docsShared != nil {
		docsShared.Close()
	}
	os.Exit(code)
}

// docsBrowser returns the shared browser, or skips the test when Chromium is missing (failing it in CI).
func docsBrowser(t *testing.T) *docshots.Browser {
	t.Helper()
	docsBrowserOnce.Do(func() { docsShared, docsBrowserErr = docshots.NewBrowser(context.Background(), os.Getenv("CHROMIUM")) })
	if docsBrowserErr != nil {
		if errors.Is(docsBrowserErr, docshots.ErrNoChromium) && os.Getenv("CI") != "true" {
			t.Skipf("skipping the browser test: %v", docsBrowserErr)
		}
		t.Fatal(docsBrowserErr)
	}
	return docsShared
}

// docsDemo starts a demo console for one test.
func docsDemo(t *testing.T) *docshots.Demo {
	t.Helper()
	d, err := docshots.StartDemo(docsConsole)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// docsTab opens a tab signed in to d as the demo administrator.
func docsTab(t *testing.T, d *docshots.Demo, view docshots.View) *docshots.Tab {
	t.Helper()
	tab, err := docsBrowser(t).NewTab(view)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tab.Close)
	if err := d.SignIn(tab); err != nil {
		t.Fatal(err)
	}
	return tab
}

func docsEval[T any](t *testing.T, tab *docshots.Tab, js string) T {
	t.Helper()
	v, err := docshots.Eval[T](tab, js)
	if err != nil {
		t.Fatalf("evaluating %s: %v", strings.TrimSpace(js), err)
	}
	return v
}
