package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"appconfig-console/docshots"
)

// TestScreenshotsDeterministic captures the same screens on two fresh demos and expects identical pixels.
func TestScreenshotsDeterministic(t *testing.T) {
	b := docsBrowser(t)
	screens, err := docshots.Select(docshots.Catalogue(), []string{"ac-integrations-kms-key-protect", "ac-iam-authorizations", "ac-iam-authorization-create-review"})
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for range 2 {
		d := docsDemo(t)
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
		a := docsReadPNG(t, filepath.Join(dirs[0], s.Name+".png"))
		c := docsReadPNG(t, filepath.Join(dirs[1], s.Name+".png"))
		if n, _ := docshots.Compare(a, c, 0); n != 0 {
			t.Errorf("%s: %d pixels differ between two runs", s.Name, n)
		}
	}
	sheet, err := os.ReadFile(filepath.Join(dirs[0], "index.html"))
	if err != nil || !strings.Contains(string(sheet), "ac-iam-authorizations.png") || !strings.Contains(string(sheet), "/iam/authorizations") {
		t.Errorf("contact sheet lacks a screen or its URL (%v)", err)
	}
}

func docsReadPNG(t *testing.T, file string) image.Image {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return img
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
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		err := run(context.Background(), append([]string{"screenshots", "--out", t.TempDir()}, tt.args...), func(string) string { return "" }, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want it to mention %q", tt.args, err, tt.want)
		}
	}
}
