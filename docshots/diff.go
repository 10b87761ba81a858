package docshots

import (
	"image"
	"image/color"
)

// Compare counts the pixels of a and b whose channels differ by more than tolerance (0-255), and returns an image
// that shows them in red over a faded copy of b. Images of different sizes differ in every pixel.
func Compare(a, b image.Image, tolerance uint8) (int, *image.RGBA) {
	ba, bb := a.Bounds(), b.Bounds()
	w, h := max(ba.Dx(), bb.Dx()), max(ba.Dy(), bb.Dy())
	diff := image.NewRGBA(image.Rect(0, 0, w, h))
	n := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			pa, oka := at(a, x, y)
			pb, okb := at(b, x, y)
			if !oka || !okb || channelDiff(pa, pb) > tolerance {
				n++
				diff.Set(x, y, color.RGBA{R: 255, A: 255})
				continue
			}
			g := uint8((uint16(pb.R) + uint16(pb.G) + uint16(pb.B)) / 3)
			fade := 255 - (255-g)/4
			diff.Set(x, y, color.RGBA{R: fade, G: fade, B: fade, A: 255})
		}
	}
	return n, diff
}

func at(img image.Image, x, y int) (color.RGBA, bool) {
	b := img.Bounds()
	if x >= b.Dx() || y >= b.Dy() {
		return color.RGBA{}, false
	}
	return color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA), true
}

func channelDiff(a, b color.RGBA) uint8 {
	d := func(x, y uint8) uint8 {
		if x > y {
			return x - y
		}
		return y - x
	}
	return max(d(a.R, b.R), d(a.G, b.G), d(a.B, b.B), d(a.A, b.A))
}
