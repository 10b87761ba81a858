package docshots

import (
	"image"
	"image/color"
	"image/draw"
	"slices"

	xdraw "golang.org/x/image/draw"
)

// The perceptual comparison of a documentation image with the console's screen is the structural similarity index
// (SSIM, Wang, Bovik, Sheikh and Simoncelli, "Image quality assessment: from error visibility to structural
// similarity", IEEE TIP 2004) over greyscale copies of both images scaled to one width with Catmull-Rom resampling
// (golang.org/x/image/draw). Scaling both to a common, smaller width makes the measure independent of the images'
// sizes and of a docs image taken at another window width or density; SSIM compares local means, contrasts and
// structure, so anti-aliasing and sub-pixel rendering move it little while a changed word, control or colour moves it
// a lot. Go has no maintained SSIM package; x/image does the resampling, which is where such code usually goes wrong.
const (
	// SimilarityWidth is the width, in pixels, both images are scaled to before they are compared.
	SimilarityWidth = 800
	// similarityWindow and similarityStride are the side and the step of the square SSIM windows, in scaled pixels.
	similarityWindow = 8
	similarityStride = 4
	// SimilarityThreshold is the SSIM below which a window counts as differing: anti-aliasing and resampling keep
	// windows of one rendering above 0.9, a changed label brings its windows well under 0.6.
	SimilarityThreshold = 0.6
	// similarityHeightSlack is the share of height two images may differ by (after scaling) before the excess counts
	// as a differing region.
	similarityHeightSlack = 0.02
)

// Similarity is the outcome of comparing a documentation image with a screen.
type Similarity struct {
	// Score is the mean SSIM over the compared windows, 1 for identical images.
	Score float64
	// Worst is the lowest SSIM of any window.
	Worst float64
	// RegionsA and RegionsB are the differing regions, in the pixels of the first and of the second image.
	RegionsA, RegionsB []image.Rectangle
}

// Same reports whether no region differs.
func (s Similarity) Same() bool { return len(s.RegionsA) == 0 }

// CompareSimilar compares a and b perceptually (see SimilarityThreshold) and locates the regions that differ.
func CompareSimilar(a, b image.Image) Similarity {
	width := min(SimilarityWidth, a.Bounds().Dx(), b.Bounds().Dx())
	ga, gb := greyAt(a, width), greyAt(b, width)
	h := min(ga.h, gb.h)
	cols := (width-similarityWindow)/similarityStride + 1
	rows := (h-similarityWindow)/similarityStride + 1
	bad := make([]bool, max(0, cols*rows))
	res := Similarity{Score: 1, Worst: 1}
	var sum float64
	var n int
	for r := range rows {
		for c := range cols {
			s := windowSSIM(ga, gb, c*similarityStride, r*similarityStride)
			sum += s
			n++
			res.Worst = min(res.Worst, s)
			bad[r*cols+c] = s < SimilarityThreshold
		}
	}
	if n > 0 {
		res.Score = sum / float64(n)
	}
	var regions []image.Rectangle
	for _, cells := range components(bad, cols, rows) {
		regions = append(regions, frame(cells, cols, width, h)...)
	}
	for _, r := range regions {
		res.RegionsA = append(res.RegionsA, scaleRect(r, width, a.Bounds()))
		res.RegionsB = append(res.RegionsB, scaleRect(r, width, b.Bounds()))
	}
	// What one image shows below the other's end differs too; in the shorter one, its last rows mark where.
	if tall := max(ga.h, gb.h); float64(tall-h) > similarityHeightSlack*float64(tall) {
		excess, edge := image.Rect(0, h, width, tall), image.Rect(0, h-similarityWindow, width, h)
		ra, rb := excess, edge
		if gb.h > ga.h {
			ra, rb = edge, excess
		}
		res.RegionsA = append(res.RegionsA, scaleRect(ra, width, a.Bounds()))
		res.RegionsB = append(res.RegionsB, scaleRect(rb, width, b.Bounds()))
		res.Worst = 0
	}
	return res
}

// grey is a greyscale image of luminances (0-255) in row-major order.
type grey struct {
	w, h int
	px   []float64
}

// greyAt scales img to width (keeping its proportions) and returns its luminances.
func greyAt(img image.Image, width int) grey {
	b := img.Bounds()
	height := max(1, (b.Dy()*width+b.Dx()/2)/b.Dx())
	rgba := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(rgba, rgba.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	xdraw.CatmullRom.Scale(rgba, rgba.Bounds(), img, b, xdraw.Over, nil)
	g := grey{w: width, h: height, px: make([]float64, width*height)}
	for i := range g.px {
		p := rgba.Pix[i*4 : i*4+3]
		g.px[i] = 0.299*float64(p[0]) + 0.587*float64(p[1]) + 0.114*float64(p[2])
	}
	return g
}

// windowSSIM is the SSIM of the windows of a and b whose top left corner is (x, y).
func windowSSIM(a, b grey, x, y int) float64 {
	const (
		c1 = (0.01 * 255) * (0.01 * 255)
		c2 = (0.03 * 255) * (0.03 * 255)
	)
	var sa, sb, saa, sbb, sab float64
	for dy := range similarityWindow {
		ra, rb := a.px[(y+dy)*a.w+x:], b.px[(y+dy)*b.w+x:]
		for dx := range similarityWindow {
			va, vb := ra[dx], rb[dx]
			sa += va
			sb += vb
			saa += va * va
			sbb += vb * vb
			sab += va * vb
		}
	}
	const n = similarityWindow * similarityWindow
	ma, mb := sa/n, sb/n
	va, vb, cov := saa/n-ma*ma, sbb/n-mb*mb, sab/n-ma*mb
	return ((2*ma*mb + c1) * (2*cov + c2)) / ((ma*ma + mb*mb + c1) * (va + vb + c2))
}

// components groups the set cells of a cols×rows grid into 8-connected components (lists of cell indexes).
func components(set []bool, cols, rows int) [][]int {
	seen := make([]bool, len(set))
	var out [][]int
	for start := range set {
		if !set[start] || seen[start] {
			continue
		}
		var comp []int
		stack := []int{start}
		seen[start] = true
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			comp = append(comp, i)
			x, y := i%cols, i/cols
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= cols || ny >= rows {
						continue
					}
					if j := ny*cols + nx; set[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		out = append(out, comp)
	}
	return out
}

// similarityCell is the side, in scaled pixels, of the grid a widespread difference is framed by.
const similarityCell = 96

// frame returns the rectangles, in scaled pixels, that outline one component of differing windows: its bounding box
// when that is small or the windows fill much of it, else one box per cell of a coarse grid that the windows touch
// (a difference that winds across the picture is not framed as the whole picture).
func frame(cells []int, cols, width, height int) []image.Rectangle {
	window := func(i int) image.Rectangle {
		x, y := (i%cols)*similarityStride, (i/cols)*similarityStride
		return image.Rect(x, y, x+similarityWindow, y+similarityWindow)
	}
	var box image.Rectangle
	for _, i := range cells {
		box = box.Union(window(i))
	}
	area := box.Dx() * box.Dy()
	cover := float64(len(cells)*similarityStride*similarityStride) / float64(area)
	if area <= width*height/16 || cover >= 0.35 {
		return []image.Rectangle{box}
	}
	boxes := map[image.Point]image.Rectangle{}
	var order []image.Point
	for _, i := range cells {
		w := window(i)
		k := image.Pt(w.Min.X/similarityCell, w.Min.Y/similarityCell)
		if _, ok := boxes[k]; !ok {
			order = append(order, k)
		}
		boxes[k] = boxes[k].Union(w)
	}
	slices.SortFunc(order, func(a, b image.Point) int {
		if a.Y != b.Y {
			return a.Y - b.Y
		}
		return a.X - b.X
	})
	out := make([]image.Rectangle, 0, len(order))
	for _, k := range order {
		out = append(out, boxes[k])
	}
	return out
}

// scaleRect maps r, in an image scaled to width, back to the pixels of bounds.
func scaleRect(r image.Rectangle, width int, bounds image.Rectangle) image.Rectangle {
	f := float64(bounds.Dx()) / float64(width)
	s := func(v int) int { return int(float64(v)*f + 0.5) }
	return image.Rect(s(r.Min.X), s(r.Min.Y), s(r.Max.X), s(r.Max.Y)).Add(bounds.Min).Intersect(bounds)
}

// Outline returns a copy of img with each region framed in Carbon's support-error red, a little outside the region.
func Outline(img image.Image, regions []image.Rectangle) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	red := image.NewUniform(color.RGBA{R: 0xda, G: 0x1e, B: 0x28, A: 0xff})
	thick := max(2, b.Dx()/640)
	for _, r := range regions {
		r = r.Inset(-thick * 2).Intersect(b)
		for _, edge := range []image.Rectangle{
			image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+thick), image.Rect(r.Min.X, r.Max.Y-thick, r.Max.X, r.Max.Y),
			image.Rect(r.Min.X, r.Min.Y, r.Min.X+thick, r.Max.Y), image.Rect(r.Max.X-thick, r.Min.Y, r.Max.X, r.Max.Y),
		} {
			draw.Draw(out, edge.Intersect(b), red, image.Point{}, draw.Src)
		}
	}
	return out
}
