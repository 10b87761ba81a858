package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"appconfig-console/docshots"
)

// runScreenshots photographs every documented screen state (or the named subset) into PNG files and a contact sheet.
func runScreenshots(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("appconfig-console screenshots", stderr)
	out := fs.String("out", "screenshots", "directory the PNG files and index.html are written to")
	viewport := fs.String("viewport", "1280x800", "viewport WIDTHxHEIGHT in CSS pixels (the docs' width is 1280)")
	scale := fs.Float64("scale", 1, "device scale factor: 2 gives high-density images")
	theme := fs.String("theme", "g10", "Carbon theme of the page: "+strings.Join(docshots.Themes, " or "))
	only := fs.String("only", "", "comma-separated screen names to capture (default: all); -list shows them")
	list := fs.Bool("list", false, "list the screens and exit")
	chromium := chromiumFlag(fs, getenv)
	pageFile := fs.String("page", "", "documentation page (markdown): capture the screens its images are named after")
	compare := fs.String("compare", "", "directory of reference images: write compare.html with each of them beside the screen of the same name")
	highlights := map[string][]string{}
	fs.Func("highlight", "NAME=SELECTOR: frame the control SELECTOR matches in screen NAME in Carbon's focus blue (repeatable)", func(v string) error {
		name, sel, ok := strings.Cut(v, "=")
		name, sel = strings.TrimSuffix(strings.TrimSpace(name), ".png"), strings.TrimSpace(sel)
		if !ok || name == "" || sel == "" {
			return fmt.Errorf("%q is not NAME=SELECTOR (for example ac-integrations-kms-create=#kms-create)", v)
		}
		highlights[name] = append(highlights[name], sel)
		return nil
	})
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
	if *pageFile != "" {
		pageNames, err := pageScreens(*pageFile)
		if err != nil {
			return err
		}
		names = append(names, pageNames...)
	}
	screens, err := docshots.Select(docshots.Catalogue(), names)
	if err != nil {
		return err
	}
	for name := range highlights {
		if !slices.ContainsFunc(screens, func(s docshots.Screen) bool { return s.Name == name }) {
			return fmt.Errorf("--highlight names %s, which is not among the screens to capture", name)
		}
	}
	for i := range screens {
		screens[i].Highlight = highlights[screens[i].Name]
	}
	start := time.Now()
	browser, err := docshots.NewBrowser(ctx, *chromium)
	if err != nil {
		return err
	}
	defer browser.Close()
	demo, err := docshots.StartDemo()
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
	if *compare != "" {
		if err := compareScreens(browser, screens, *compare, *out, stdout); err != nil {
			return err
		}
	}
	if failed {
		return errors.New("screenshots: some screens could not be captured (see above)")
	}
	return nil
}

// pageScreens names the screens a documentation page's images are named after; an image with no such screen is an error.
func pageScreens(file string) ([]string, error) {
	page, err := docshots.ReadDoc(file)
	if err != nil {
		return nil, fmt.Errorf("screenshots: %w", err)
	}
	refs := docshots.ImageRefs(page)
	if len(refs) == 0 {
		return nil, fmt.Errorf("screenshots: %s refers to no image", file)
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = strings.TrimSuffix(filepath.Base(r), filepath.Ext(r))
	}
	return names, nil
}

// compareScreens writes DIR/compare/compare.html: each reference image of refDir that has a screen of the same name,
// beside that screen photographed at the reference's width (on a fresh demo), with the differing regions outlined.
func compareScreens(browser *docshots.Browser, screens []docshots.Screen, refDir, out string, stdout io.Writer) error {
	var refs []string
	for _, s := range screens {
		if _, err := os.Stat(filepath.Join(refDir, s.Name+".png")); err == nil {
			refs = append(refs, s.Name+".png")
		}
	}
	if len(refs) == 0 {
		return fmt.Errorf("screenshots: %s has no image named like a screen (NAME.png, see -list)", refDir)
	}
	demo, err := docshots.StartDemo()
	if err != nil {
		return err
	}
	defer demo.Close()
	dir := filepath.Join(out, "compare")
	fmt.Fprintf(stdout, "Comparing %d reference images of %s with the screens\n", len(refs), refDir)
	checks, err := docshots.CheckImages(browser, demo, refs, refDir, dir, stdout)
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "compare.html")
	intro := fmt.Sprintf("Each reference image of %s (left) beside the console's screen of the same name photographed at the "+
		"reference's width (right), shown at one scale; regions whose structural similarity falls below %.2f are outlined.",
		refDir, docshots.SimilarityThreshold)
	if err := docshots.WriteComparison(file, "Reference images and the console's screens", intro, checks); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "side-by-side sheet: %s\n", file)
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

// chromiumFlag defines the -chromium flag of the commands that drive a browser, defaulting to $CHROMIUM.
func chromiumFlag(fs *flag.FlagSet, getenv func(string) string) *string {
	return fs.String("chromium", envOr(getenv, "CHROMIUM", docshots.DefaultChromium), "path of the Chromium browser (CHROMIUM)")
}
