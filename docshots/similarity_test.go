package docshots

import (
	"image"
	"image/color"
	"image/draw"
	"testing"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// panelPicture draws a light page with a dark header and a few labels, the last one being label, at 1280 px wide; it
// returns the picture and where label was drawn.
func panelPicture(label string) (*image.RGBA, image.Rectangle) {
	img := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0xf4, 0xf4, 0xf4, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, 1280, 48), image.NewUniform(color.RGBA{0x16, 0x16, 0x16, 0xff}), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(832, 48, 1280, 800), image.NewUniform(color.White), image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{0x16, 0x16, 0x16, 0xff}), Face: basicfont.Face7x13}
	for i, s := range []string{"Key Management", "Service", "Key Protect", "Instance name", "Root key"} {
		d.Dot = fixed.P(864, 120+i*60)
		d.DrawString(s)
	}
	d.Dot = fixed.P(864, 440)
	d.DrawString(label)
	return img, image.Rect(864, 428, 864+7*len(label), 444)
}

// scaled returns img resampled to width (its proportions kept).
func scaled(img image.Image, width int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, width, b.Dy()*width/b.Dx()))
	xdraw.CatmullRom.Scale(out, out.Bounds(), img, b, xdraw.Src, nil)
	return out
}

func TestCompareSimilar(t *testing.T) {
	ref, where := panelPicture("Create a new instance")
	changed, _ := panelPicture("Create an old instance")
	taller := image.NewRGBA(image.Rect(0, 0, 1280, 1000))
	draw.Draw(taller, ref.Bounds(), ref, image.Point{}, draw.Src)
	tests := []struct {
		name  string
		doc   image.Image
		same  bool
		where image.Rectangle
	}{
		{name: "identical", doc: ref, same: true},
		{name: "the docs' image at 2x density", doc: scaled(ref, 2560), same: true},
		{name: "the docs' image scaled down to 1100 px", doc: scaled(ref, 1100), same: true},
		{name: "a changed label", doc: changed, where: where},
		{name: "a changed label, docs' image scaled", doc: scaled(changed, 1376), where: where},
		{name: "a taller docs' image", doc: taller, where: image.Rect(0, 790, 1280, 800)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := CompareSimilar(tt.doc, ref)
			if s.Same() != tt.same {
				t.Fatalf("Same() = %v, want %v (score %.4f, worst %.3f, regions %v)", s.Same(), tt.same, s.Score, s.Worst, s.RegionsB)
			}
			if tt.same {
				if s.Worst < SimilarityThreshold {
					t.Errorf("worst window %.3f below the threshold", s.Worst)
				}
				return
			}
			if len(s.RegionsA) != len(s.RegionsB) {
				t.Fatalf("%d regions in the docs' image, %d in the screen", len(s.RegionsA), len(s.RegionsB))
			}
			var hit bool
			for _, r := range s.RegionsB {
				if r.Overlaps(tt.where) {
					hit = true
				}
				// A region frames the difference, not the whole picture.
				if r.Dx()*r.Dy() > ref.Bounds().Dx()*ref.Bounds().Dy()/4 {
					t.Errorf("region %v is larger than a quarter of the screen", r)
				}
			}
			if !hit {
				t.Errorf("no region %v overlaps the change at %v", s.RegionsB, tt.where)
			}
			for _, r := range s.RegionsA {
				if !r.In(tt.doc.Bounds()) {
					t.Errorf("region %v lies outside the docs' image %v", r, tt.doc.Bounds())
				}
			}
		})
	}
}

func TestOutline(t *testing.T) {
	img, where := panelPicture("Root key")
	out := Outline(img, []image.Rectangle{where})
	red := color.RGBA{0xda, 0x1e, 0x28, 0xff}
	if got := out.RGBAAt(where.Min.X-4, where.Min.Y); got != red {
		t.Errorf("left edge of the outline is %v, want %v", got, red)
	}
	if got := out.RGBAAt(where.Min.X+where.Dx()/2, where.Min.Y+where.Dy()/2); got == red {
		t.Error("the outline covers the region it frames")
	}
	if img.RGBAAt(where.Min.X-4, where.Min.Y) == red {
		t.Error("Outline changed its input")
	}
}
