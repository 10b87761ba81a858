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

// Update the golden images with: go test -run TestVisual -update-golden ./tests/e2e  (or UPDATE_GOLDEN=1 go test -run TestVisual ./tests/e2e)
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden/*.png from the current screens")

// visualTolerance is how much a channel may differ before a pixel counts as changed; visualMaxChanged is the share of
// changed pixels a screen may have (font rasterisation differs slightly between Chromium builds).
const (
	visualTolerance  = 24
	visualMaxChanged = 0.002
)

// TestVisual renders the golden screens again and compares them pixel by pixel with testdata/golden; on a difference it
// writes NAME.diff.png and NAME.new.png to a directory it names.
func TestVisual(t *testing.T) {
	t.Parallel()
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	update := *updateGolden || os.Getenv("UPDATE_GOLDEN") == "1"
	dir := filepath.Join("..", "..", "testdata", "golden")
	for _, s := range docshots.Catalogue() {
		if !s.Golden {
			continue
		}
		t.Run(s.Name, func(t *testing.T) {
			data, err := docshots.Photograph(tab, d, s)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, s.Name+".png")
			if update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
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
		})
	}
}
