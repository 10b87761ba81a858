package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"appconfig-console/docshots"
	"appconfig-console/services/ibmcloud"
)

// docsConsole builds the console the documentation tools photograph and walk: sim mode on the emulator at simURL, with
// the demo's fixed clock and quiet logs.
func docsConsole(simURL string, now func() time.Time, sessionDir string) (http.Handler, error) {
	return newConsole(consoleOptions{
		Endpoints: ibmcloud.SimEndpoints(simURL), Limits: ibmcloud.DefaultLimits, SimMode: true, SessionDir: sessionDir,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: now,
	})
}

// runScreenshots photographs every documented screen state (or the named subset) into PNG files and a contact sheet.
func runScreenshots(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("appconfig-console screenshots", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "screenshots", "directory the PNG files and index.html are written to")
	viewport := fs.String("viewport", "1280x800", "viewport WIDTHxHEIGHT in CSS pixels (the docs' width is 1280)")
	scale := fs.Float64("scale", 1, "device scale factor: 2 gives high-density images")
	theme := fs.String("theme", "g10", "Carbon theme of the page: "+strings.Join(docshots.Themes, " or "))
	only := fs.String("only", "", "comma-separated screen names to capture (default: all); -list shows them")
	list := fs.Bool("list", false, "list the screens and exit")
	chromium := fs.String("chromium", envOr(getenv, "CHROMIUM", docshots.DefaultChromium), "path of the Chromium browser (CHROMIUM)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("screenshots: unexpected argument %q", fs.Arg(0))
	}
	if *list {
		for _, s := range docshots.Catalogue() {
			fmt.Fprintf(stdout, "%-44s %s\n", s.Name, s.Title)
		}
		return nil
	}
	view, err := parseShotView(*viewport, *scale, *theme)
	if err != nil {
		return err
	}
	var names []string
	if *only != "" {
		names = strings.Split(*only, ",")
	}
	screens, err := docshots.Select(docshots.Catalogue(), names)
	if err != nil {
		return err
	}
	start := time.Now()
	browser, err := docshots.NewBrowser(ctx, *chromium)
	if err != nil {
		return err
	}
	defer browser.Close()
	demo, err := docshots.StartDemo(docsConsole)
	if err != nil {
		return err
	}
	defer demo.Close()
	fmt.Fprintf(stdout, "Capturing %d screens at %dx%d, scale %g, theme %s into %s\n", len(screens), view.Width, view.Height, view.Scale, view.Theme, *out)
	shots, err := docshots.Capture(browser, demo, screens, view, *out, stdout)
	if err != nil {
		return err
	}
	failed := slices.IndexFunc(shots, func(s docshots.Shot) bool { return s.Err != nil }) >= 0
	var n, bytes int
	for _, s := range shots {
		if s.Err == nil {
			n++
			bytes += s.Bytes
		}
	}
	fmt.Fprintf(stdout, "%d of %d screens written (%.1f MB) in %.1f s; contact sheet: %s/index.html\n",
		n, len(shots), float64(bytes)/(1<<20), time.Since(start).Seconds(), *out)
	if failed {
		return errors.New("screenshots: some screens could not be captured (see above)")
	}
	return nil
}

// parseShotView checks the viewport, scale and theme options.
func parseShotView(viewport string, scale float64, theme string) (docshots.View, error) {
	w, h, ok := strings.Cut(strings.ToLower(viewport), "x")
	width, err1 := strconv.Atoi(w)
	height, err2 := strconv.Atoi(h)
	if !ok || err1 != nil || err2 != nil || width < 320 || height < 240 || width > 3840 || height > 4000 {
		return docshots.View{}, fmt.Errorf("--viewport %q is not WIDTHxHEIGHT between 320x240 and 3840x4000 (for example 1280x800)", viewport)
	}
	if scale < 1 || scale > 4 {
		return docshots.View{}, fmt.Errorf("--scale %g must be between 1 and 4 (2 for high-density images)", scale)
	}
	if !slices.Contains(docshots.Themes, theme) {
		return docshots.View{}, fmt.Errorf("--theme %q is not one of %s", theme, strings.Join(docshots.Themes, ", "))
	}
	return docshots.View{Width: width, Height: height, Scale: scale, Theme: theme}, nil
}
