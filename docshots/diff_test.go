package docshots

import (
	"errors"
	"image"
	"image/color"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	base := func() *image.RGBA {
		img := image.NewRGBA(image.Rect(0, 0, 4, 3))
		for i := range img.Pix {
			img.Pix[i] = 200
		}
		return img
	}
	shifted := base()
	shifted.Set(1, 1, color.RGBA{R: 210, G: 200, B: 200, A: 200})
	changed := base()
	changed.Set(0, 0, color.RGBA{A: 255})
	changed.Set(3, 2, color.RGBA{R: 255, A: 255})
	tests := []struct {
		name      string
		a, b      image.Image
		tolerance uint8
		want      int
	}{
		{"same", base(), base(), 0, 0},
		{"within tolerance", shifted, base(), 16, 0},
		{"beyond tolerance", shifted, base(), 4, 1},
		{"two pixels", changed, base(), 16, 2},
		{"other size", image.NewRGBA(image.Rect(0, 0, 4, 2)), base(), 255, 4},
	}
	for _, tt := range tests {
		n, diff := Compare(tt.a, tt.b, tt.tolerance)
		if n != tt.want {
			t.Errorf("%s: %d pixels differ, want %d", tt.name, n, tt.want)
		}
		if diff.Bounds().Dx() != 4 || diff.Bounds().Dy() != 3 {
			t.Errorf("%s: diff image is %v", tt.name, diff.Bounds())
		}
	}
}

func TestFindChromiumMissing(t *testing.T) {
	_, err := FindChromium("/nonexistent/chromium")
	if !errors.Is(err, ErrNoChromium) {
		t.Fatalf("err = %v, want ErrNoChromium", err)
	}
	if want := "apt-get install chromium"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

func TestReportSummary(t *testing.T) {
	rep := Report{Page: "p.md", Steps: []StepResult{
		{Number: 1, Labels: []LabelResult{{Label: "Integrations", Outcome: Acted, Bold: true}}},
		{Number: 2, Labels: []LabelResult{{Label: "Add key", Outcome: Skipped, Bold: true}}},
		{Number: 3, Labels: []LabelResult{{Label: "Connect key", Outcome: Missing, Bold: true}}},
		{Number: 4, Err: "the console refused the step"},
	}}
	if rep.Failed() != 2 {
		t.Errorf("Failed = %d, want 2", rep.Failed())
	}
	if s := rep.Summary(); !strings.Contains(s, `"Connect key" (step 3, missing)`) || !strings.Contains(s, "4 steps, 2 passed, 2 failed") {
		t.Errorf("Summary = %q", s)
	}
}
