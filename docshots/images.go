package docshots

import (
	"bytes"
	"fmt"
	"html/template"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ImageCheck is the comparison of one documentation image with the console's screen of the same name.
type ImageCheck struct {
	// Ref is the image as the page refers to it; Name is the screen's name (the file name without extension).
	Ref  string
	Name string
	// Problem says why no comparison was made (no screen of that name, no such file, a screen that failed).
	Problem string
	// Width and Height are the docs' image's size in pixels; View is how the screen was photographed to match it.
	Width, Height int
	View          View
	Similarity    Similarity
	// Doc and Screen are the outlined images in the report's directory, side by side in the report.
	Doc, Screen string
}

// Matches reports whether the screen was photographed and no region differs from the docs' image.
func (c ImageCheck) Matches() bool { return c.Problem == "" && c.Similarity.Same() }

// Status is a short word for the check's outcome.
func (c ImageCheck) Status() string {
	switch {
	case c.Problem != "":
		return "not compared"
	case c.Matches():
		return "matches"
	}
	return "differs"
}

// Line is the check's line in a terminal report.
func (c ImageCheck) Line() string {
	switch {
	case c.Problem != "":
		return fmt.Sprintf("  NOCHECK image %s: %s", c.Ref, c.Problem)
	case c.Matches():
		return fmt.Sprintf("  PASS image %s: matches screen %s (SSIM %.3f, worst window %.2f)", c.Ref, c.Name, c.Similarity.Score, c.Similarity.Worst)
	}
	var where []string
	for _, r := range c.Similarity.RegionsA {
		where = append(where, fmt.Sprintf("%dx%d at (%d,%d)", r.Dx(), r.Dy(), r.Min.X, r.Min.Y))
	}
	return fmt.Sprintf("  FAIL image %s: differs from screen %s (SSIM %.3f, worst window %.2f) in %d regions: %s", c.Ref, c.Name,
		c.Similarity.Score, c.Similarity.Worst, len(where), shorten(strings.Join(where, ", "), 300))
}

// ViewFor is the view that photographs a screen like a docs' image of w×h pixels: wider than 1920 pixels is taken to be
// a high-density (2x) image of a window half as wide.
func ViewFor(w, h int) View {
	scale := 1
	if w > 1920 {
		scale = 2
	}
	return View{Width: w / scale, Height: max(240, h/scale), Scale: float64(scale), Theme: "g10"}
}

// ImageRefs lists the images the page's steps refer to, once each, in order.
func ImageRefs(page DocPage) []string {
	var refs []string
	for _, p := range page.Procedures {
		for _, s := range p.Steps {
			for _, im := range s.Images {
				if !slices.Contains(refs, im) {
					refs = append(refs, im)
				}
			}
		}
	}
	return refs
}

// CheckImages compares each image in refs, read from dir by its file name, with the console's screen of the same name,
// photographed at the image's width; it writes both, with the differing regions outlined, into out.
func CheckImages(b *Browser, d *Demo, refs []string, dir, out string, progress io.Writer) ([]ImageCheck, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	tabs := map[View]*Tab{}
	defer func() {
		for _, t := range tabs {
			t.Close()
		}
	}()
	var checks []ImageCheck
	for _, ref := range refs {
		c := checkImage(b, d, tabs, ref, dir, out)
		checks = append(checks, c)
		fmt.Fprintln(progress, c.Line())
	}
	return checks, nil
}

// checkImage makes one ImageCheck, opening a signed-in tab for each new view.
func checkImage(b *Browser, d *Demo, tabs map[View]*Tab, ref, dir, out string) ImageCheck {
	base := filepath.Base(ref)
	c := ImageCheck{Ref: ref, Name: strings.TrimSuffix(base, filepath.Ext(base))}
	i := slices.IndexFunc(Catalogue(), func(s Screen) bool { return s.Name == c.Name })
	if i < 0 {
		c.Problem = "no screen of that name in `screenshots` (see its -list)"
		return c
	}
	doc, err := readPNG(filepath.Join(dir, base))
	if err != nil {
		c.Problem = "the docs' image cannot be read: " + err.Error()
		return c
	}
	c.Width, c.Height = doc.Bounds().Dx(), doc.Bounds().Dy()
	c.View = ViewFor(c.Width, c.Height)
	screen, err := photographIn(b, d, tabs, c.View, Catalogue()[i])
	if err != nil {
		c.Problem = "the screen could not be photographed: " + err.Error()
		return c
	}
	c.Similarity = CompareSimilar(doc, screen)
	c.Doc, c.Screen = c.Name+".doc.png", c.Name+".screen.png"
	if err := writePNG(filepath.Join(out, c.Doc), Outline(doc, c.Similarity.RegionsA)); err != nil {
		c.Problem = err.Error()
	} else if err := writePNG(filepath.Join(out, c.Screen), Outline(screen, c.Similarity.RegionsB)); err != nil {
		c.Problem = err.Error()
	}
	return c
}

// photographIn photographs s in the signed-in tab of view (opened on first use).
func photographIn(b *Browser, d *Demo, tabs map[View]*Tab, view View, s Screen) (image.Image, error) {
	tab := tabs[view]
	if tab == nil {
		var err error
		if tab, err = b.NewTab(view); err != nil {
			return nil, err
		}
		tabs[view] = tab
		if !s.SignedOut {
			if err := d.SignIn(tab); err != nil {
				return nil, err
			}
		}
	}
	data, err := Photograph(tab, d, s)
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(data))
}

func readPNG(file string) (image.Image, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return png.Decode(f)
}

func writePNG(file string, img image.Image) error {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}

// comparisonHTML shows image checks side by side: the docs' image left, the console's screen right, both at one width.
const comparisonHTML = `{{define "checks"}}<div class="checks">
{{range .}}<section class="check {{.Status}}" id="image-{{.Name}}">
<h2>{{.Ref}} — {{.Status}}</h2>
{{if .Problem}}<p class="problem">{{.Problem}}</p>{{else}}
<p>Docs' image {{.Width}}×{{.Height}}; screen <code>{{.Name}}</code> photographed at {{.View.Width}}×{{.View.Height}}, scale {{.View.Scale}};
SSIM {{printf "%.3f" .Similarity.Score}}, worst window {{printf "%.2f" .Similarity.Worst}} (a window below ` + "{{threshold}}" + ` differs);
{{len .Similarity.RegionsA}} differing regions, outlined in red.</p>
<div class="pair"><figure><img src="{{.Doc}}" alt="The docs' image {{.Ref}}"><figcaption>Documentation</figcaption></figure>
<figure><img src="{{.Screen}}" alt="The console's screen {{.Name}}"><figcaption>Console</figcaption></figure></div>{{end}}
</section>{{end}}</div>{{end}}`

const comparisonCSS = `.check{border-left:4px solid #24a148;padding:0 1rem;margin:1.5rem 0}.check.differs{border-color:#da1e28}
.check.not{border-color:#8e6a00}.problem{color:#8e6a00;font-weight:600}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.pair figure{margin:0}.pair img{width:100%;height:auto;border:1px solid #c6c6c6;display:block}`

var comparisonFuncs = template.FuncMap{"threshold": func() string { return fmt.Sprintf("%.2f", SimilarityThreshold) }}

var comparisonPage = template.Must(template.Must(template.New("page").Funcs(comparisonFuncs).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:"IBM Plex Sans",system-ui,sans-serif;margin:2rem;color:#161616} code{color:#525252}
` + comparisonCSS + `</style></head><body>
<h1>{{.Title}}</h1><p>{{.Intro}}</p>
{{template "checks" .Checks}}</body></html>
`)).Parse(comparisonHTML))

// WriteComparison writes a page with each image check side by side (docs' image left, console right, one scale).
func WriteComparison(file, title, intro string, checks []ImageCheck) error {
	var buf bytes.Buffer
	if err := comparisonPage.Execute(&buf, struct {
		Title, Intro string
		Checks       []ImageCheck
	}{title, intro, checks}); err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}
