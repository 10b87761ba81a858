package e2e

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"appconfig-console/docshots"
	"appconfig-console/internal/consoletest"
)

// Update the golden images with: go test -run TestScreens -update-golden ./tests/e2e  (or UPDATE_GOLDEN=1 go test -run TestScreens ./tests/e2e)
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden/*.png from the current screens")

// visualTolerance is how much a channel may differ before a pixel counts as changed; visualMaxChanged is the share of
// changed pixels a screen may have (font rasterisation differs slightly between Chromium builds).
const (
	visualTolerance  = 24
	visualMaxChanged = 0.002
)

// axeRun runs axe-core (already injected) on the page with the WCAG 2.1 A and AA rules and lists the violations as
// "rule (impact): selector" lines.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
	.then(function (r) { var out = []; r.violations.forEach(function (v) { v.nodes.forEach(function (n) {
		out.push(v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' — ' + v.help); }); }); return out; })`

// TestScreens shows every screen and panel state the documentation screenshots cover, the sign-in page included, in the
// state they are photographed in (each must render, not show an error page), one after the other in one signed-in tab:
//   - the golden screens are photographed and compared pixel by pixel with testdata/golden; on a difference the test
//     writes NAME.diff.png and NAME.new.png to a directory it names;
//   - axe-core checks every address once. docshots.Show displays a side panel whole: in the panel's scroll area,
//     content below the fold cannot be judged by axe's colour rules (it reports them as incomplete, not as
//     violations), which once hid a link told apart from its text by colour alone.
func TestScreens(t *testing.T) {
	t.Parallel()
	axe, err := os.ReadFile("../../testdata/axe/axe.min.js")
	if err != nil {
		t.Fatalf("axe-core is vendored at testdata/axe/axe.min.js (web/build.sh): %v", err)
	}
	update := *updateGolden || os.Getenv("UPDATE_GOLDEN") == "1"
	dir := filepath.Join("..", "..", "testdata", "golden")
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	anonymous := consoletest.DocTab(t, docshots.DefaultView)
	seen := map[string]bool{}
	for _, s := range docshots.Catalogue() {
		checkA11y := !seen[s.Path]
		seen[s.Path] = true
		if !checkA11y && !s.Golden {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			tab := tab
			if s.SignedOut {
				tab = anonymous
			}
			if s.Golden {
				compareGolden(t, tab, d, s, filepath.Join(dir, s.Name+".png"), update)
			} else if err := docshots.Show(tab, d, s); err != nil {
				t.Fatal(err)
			}
			if !checkA11y {
				return
			}
			consoletest.Eval[bool](t, tab, "(function(){"+string(axe)+"\n;return true;})()")
			for _, v := range consoletest.Eval[[]string](t, tab, axeRun) {
				t.Errorf("%s: %s", s.Path, v)
			}
		})
	}
}

// compareGolden photographs the screen s and compares it with the golden image file, or rewrites file with update.
func compareGolden(t *testing.T, tab *docshots.Tab, d *docshots.Demo, s docshots.Screen, file string, update bool) {
	t.Helper()
	data, err := docshots.Photograph(tab, d, s)
	if err != nil {
		t.Fatal(err)
	}
	if update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %s", file)
		return
	}
	want := consoletest.ReadPNG(t, file)
	got, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	n, diff := docshots.Compare(got, want, visualTolerance)
	total := want.Bounds().Dx() * want.Bounds().Dy()
	if float64(n) <= visualMaxChanged*float64(total) {
		return
	}
	out := os.Getenv("VISUAL_DIFF_DIR")
	if out == "" {
		out, _ = os.MkdirTemp("", "visual-diff-")
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, diff)
	_ = os.WriteFile(filepath.Join(out, s.Name+".diff.png"), buf.Bytes(), 0o644)
	_ = os.WriteFile(filepath.Join(out, s.Name+".new.png"), data, 0o644)
	t.Errorf("%s: %d of %d pixels differ from %s; diff image %s (update with -update-golden if the change is intended)",
		s.Name, n, total, file, filepath.Join(out, s.Name+".diff.png"))
}
