package docshots

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Shot is one captured screen: where it was written, from which URL, its size in pixels and how long it took.
type Shot struct {
	Screen   Screen
	File     string
	URL      string
	Width    int
	Height   int
	Bytes    int
	Duration time.Duration
	Err      error
}

// Capture photographs screens with one signed-in tab, writing NAME.png files and index.html into dir; it prints one
// progress line per screen to progress and returns every shot (a failed one carries its Err).
func Capture(b *Browser, d *Demo, screens []Screen, view View, dir string, progress io.Writer) ([]Shot, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tab, err := signedInTab(b, d, view)
	if err != nil {
		return nil, err
	}
	defer tab.Close()
	var anonymous *Tab
	defer func() {
		if anonymous != nil {
			anonymous.Close()
		}
	}()
	shots := make([]Shot, 0, len(screens))
	for i, s := range screens {
		start := time.Now()
		shot := Shot{Screen: s, URL: d.URL + s.Path, File: filepath.Join(dir, s.Name+".png")}
		on := tab
		if s.SignedOut {
			if anonymous == nil {
				if anonymous, err = b.NewTab(view); err != nil {
					return nil, err
				}
			}
			on = anonymous
		}
		data, err := Photograph(on, d, s)
		if err == nil {
			err = os.WriteFile(shot.File, data, 0o644)
		}
		if err == nil {
			cfg, decErr := png.DecodeConfig(bytes.NewReader(data))
			shot.Width, shot.Height, shot.Bytes, err = cfg.Width, cfg.Height, len(data), decErr
		}
		shot.Err, shot.Duration = err, time.Since(start)
		shots = append(shots, shot)
		if err != nil {
			fmt.Fprintf(progress, "[%2d/%d] %-44s FAILED: %v\n", i+1, len(screens), s.Name+".png", err)
			continue
		}
		fmt.Fprintf(progress, "[%2d/%d] %-44s %4dx%-4d %7.1f KB %5d ms  %s\n", i+1, len(screens), s.Name+".png",
			shot.Width, shot.Height, float64(shot.Bytes)/1024, shot.Duration.Milliseconds(), s.Path)
	}
	return shots, WriteContactSheet(filepath.Join(dir, "index.html"), shots, view)
}

// Photograph shows one screen in a signed-in tab (see Show) and returns its PNG.
func Photograph(tab *Tab, d *Demo, s Screen) ([]byte, error) {
	if err := Show(tab, d, s); err != nil {
		return nil, err
	}
	if err := tab.Highlight(s.Highlight, false); err != nil {
		return nil, err
	}
	return tab.Screenshot(s.Clip)
}

// Show loads one screen in a signed-in tab in the state it is photographed in: at the view's width, with an open side
// panel shown whole (FitPanel). An error page or a redirect elsewhere (e.g. to the sign-in page) is an error.
func Show(tab *Tab, d *Demo, s Screen) error {
	if err := tab.RestoreView(); err != nil {
		return err
	}
	if err := tab.Navigate(d.URL + s.Path); err != nil {
		return err
	}
	problem, err := Eval[string](tab, `(function(signedOut){var e=document.querySelector('[data-error-page]');
		if (e) return 'the console shows an error page: ' + e.innerText.replace(/\s+/g,' ').trim().slice(0,200);
		if (!signedOut && location.pathname === '/signin') return 'the console asks to sign in again';
		return '';})(`+strconv.FormatBool(s.SignedOut)+`)`)
	if err != nil {
		return err
	}
	if problem != "" {
		return fmt.Errorf("%s: %s", s.Path, problem)
	}
	_, err = tab.FitPanel()
	return err
}

var contactSheet = template.Must(template.New("sheet").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Documentation screenshots</title>
<style>
body{font-family:"IBM Plex Sans",system-ui,sans-serif;margin:2rem;background:#f4f4f4;color:#161616}
h1{font-weight:400} .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1.5rem}
figure{margin:0;background:#fff;padding:1rem} img{width:100%;height:auto;border:1px solid #e0e0e0}
figcaption{font-size:.875rem;margin-top:.5rem} code{font-size:.75rem;word-break:break-all;color:#525252}
.failed{color:#da1e28}
</style></head><body>
<h1>Documentation screenshots</h1>
<p>{{len .Shots}} screens, viewport {{.View.Width}}×{{.View.Height}}, scale {{.View.Scale}}, theme {{.View.Theme}}, demo clock {{.Clock}}.</p>
<div class="grid">
{{range .Shots}}<figure id="{{.Screen.Name}}">
{{if .Err}}<p class="failed">{{.Screen.Name}}.png failed: {{.Err}}</p>{{else}}<a href="{{.Screen.Name}}.png"><img src="{{.Screen.Name}}.png" alt="{{.Screen.Title}}" loading="lazy"></a>{{end}}
<figcaption><strong>{{.Screen.Name}}.png</strong> — {{.Screen.Title}} ({{.Width}}×{{.Height}})<br><code>{{.Screen.Path}}</code>{{if .Screen.Clip}} <code>clip {{.Screen.Clip}}</code>{{end}}</figcaption>
</figure>
{{end}}</div></body></html>
`))

// WriteContactSheet writes an HTML page showing every shot with its name, title and URL.
func WriteContactSheet(file string, shots []Shot, view View) error {
	var buf bytes.Buffer
	err := contactSheet.Execute(&buf, struct {
		Shots []Shot
		View  View
		Clock string
	}{shots, view, FixedTime.Format(time.RFC3339)})
	if err != nil {
		return err
	}
	return os.WriteFile(file, buf.Bytes(), 0o644)
}
