package main

import (
	"bytes"
	"context"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appconfig-console/docshots"
	"appconfig-console/internal/consoletest"
)

// TestScreenshotsDeterministic captures the same screens on two fresh demos and expects identical pixels.
func TestScreenshotsDeterministic(t *testing.T) {
	t.Parallel()
	b := consoletest.Browser(t)
	screens, err := docshots.Select(docshots.Catalogue(), []string{"ac-integrations-kms-key-protect", "ac-iam-authorizations", "ac-iam-authorization-create-review"})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for range 2 {
		d := consoletest.Demo(t)
		dir := t.TempDir()
		var progress bytes.Buffer
		shots, err := docshots.Capture(b, d, screens, docshots.DefaultView, dir, &progress)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shots {
			if s.Err != nil {
				t.Fatalf("%s: %v", s.Screen.Name, s.Err)
			}
		}
		if lines := strings.Count(progress.String(), "\n"); lines != len(screens) {
			t.Errorf("%d progress lines, want %d:\n%s", lines, len(screens), progress.String())
		}
		dirs = append(dirs, dir)
	}
	for _, s := range screens {
		a := consoletest.ReadPNG(t, filepath.Join(dirs[0], s.Name+".png"))
		c := consoletest.ReadPNG(t, filepath.Join(dirs[1], s.Name+".png"))
		if n, _ := docshots.Compare(a, c, 0); n != 0 {
			t.Errorf("%s: %d pixels differ between two runs", s.Name, n)
		}
	}
	sheet, err := os.ReadFile(filepath.Join(dirs[0], "index.html"))
	if err != nil || !strings.Contains(string(sheet), "ac-iam-authorizations.png") || !strings.Contains(string(sheet), "/iam/authorizations") {
		t.Errorf("contact sheet lacks a screen or its URL (%v)", err)
	}
}

func TestScreenshotsOptions(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--viewport", "12x8"}, "--viewport"},
		{[]string{"--scale", "9"}, "--scale"},
		{[]string{"--theme", "purple"}, "--theme"},
		{[]string{"--only", "nope"}, "unknown screen nope"},
		{[]string{"--chromium", "/nonexistent/chromium"}, "apt-get install chromium"},
		{[]string{"--highlight", "ac-integrations-kms-create"}, "NAME=SELECTOR"},
		{[]string{"--page", "docshots/testdata/no-such-page.md"}, "no-such-page.md"},
		{[]string{"--only", "ac-iam-authorizations", "--highlight", "ac-integrations-kms-create=#kms-create"}, "not among the screens"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		err := run(context.Background(), append([]string{"screenshots", "--out", t.TempDir()}, tt.args...), func(string) string { return "" }, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want it to mention %q", tt.args, err, tt.want)
		}
	}
}

// TestScreenshotsShowPanelsWhole photographs the panel screens: each shows its panel's whole content (the viewport grows
// to fit it, at the docs' width), the clip of an element inside the panel is not covered by the panel's footer, and a
// highlighted control is framed in Carbon's focus blue while a selector matching nothing is an error.
func TestScreenshotsShowPanelsWhole(t *testing.T) {
	t.Parallel()
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	screens, err := docshots.Select(docshots.Catalogue(), []string{"ac-integrations-en-create", "ac-integrations-kms-authorization"})
	if err != nil {
		t.Fatal(err)
	}
	en, box := screens[0], screens[1]
	if err := docshots.Show(tab, d, en); err != nil {
		t.Fatal(err)
	}
	type fit struct {
		Overflow, Inner, Width int
		Role                   bool
	}
	f := consoletest.Eval[fit](t, tab, `(function(){var b=document.querySelector('[data-panel-body]'); var r=document.querySelector('[data-pictogram=lock]');
		return {Overflow: b.scrollHeight-b.clientHeight, Inner: innerHeight, Width: innerWidth, Role: !!r && r.getBoundingClientRect().bottom <= innerHeight};})()`)
	if f.Overflow > 0 || f.Inner <= docshots.DefaultView.Height || f.Width != docshots.DefaultView.Width || !f.Role {
		t.Errorf("the Event Notifications panel is not shown whole: %+v", f)
	}
	en.Highlight = []string{"#en-instance"}
	data, err := docshots.Photograph(tab, d, en)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(bytes.NewReader(data))
	if img.Bounds().Dy() != f.Inner {
		t.Errorf("picture is %d px tall, the panel needs %d", img.Bounds().Dy(), f.Inner)
	}
	type rect struct{ X, Y, W, H int }
	r := consoletest.Eval[rect](t, tab, `(function(){var b=document.querySelector('#en-instance').getBoundingClientRect();
		return {X:Math.round(b.left), Y:Math.round(b.top), W:Math.round(b.width), H:Math.round(b.height)};})()`)
	if got := color.RGBAModel.Convert(img.At(r.X-3, r.Y+r.H/2)).(color.RGBA); got != (color.RGBA{0x0f, 0x62, 0xfe, 0xff}) {
		t.Errorf("left of the highlighted control the picture is %v, not Carbon's focus blue", got)
	}
	en.Highlight = []string{"#no-such-control"}
	if _, err := docshots.Photograph(tab, d, en); err == nil || !strings.Contains(err.Error(), "#no-such-control") {
		t.Errorf("highlighting nothing: error %v", err)
	}
	// The authorization box is photographed whole: its last line is there, and no footer button covers it.
	data, err = docshots.Photograph(tab, d, box)
	if err != nil {
		t.Fatal(err)
	}
	if covered := consoletest.Eval[bool](t, tab, `(function(){var b=document.querySelector('#kms-authorization').getBoundingClientRect();
		var top=document.elementFromPoint(b.left+b.width/2, b.bottom-4); return !document.querySelector('#kms-authorization').contains(top);})()`); covered {
		t.Error("something covers the bottom of the authorization box when it is photographed")
	}
	img, _ = png.Decode(bytes.NewReader(data))
	bottom := color.RGBAModel.Convert(img.At(img.Bounds().Dx()/2, img.Bounds().Dy()-2)).(color.RGBA)
	// The box is a light grey layer on the white panel: a blank (white) or dark or blue bottom is something else.
	if light := func(v uint8) bool { return v >= 0xe0 && v < 0xff }; !light(bottom.R) || !light(bottom.G) || !light(bottom.B) {
		t.Errorf("the clip's bottom is %v: not the box's light grey layer (blank, or the panel's footer)", bottom)
	}
}
