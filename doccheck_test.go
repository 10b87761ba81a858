package main

import (
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"appconfig-console/docshots"
	"appconfig-console/internal/consoletest"
)

func TestDoccheckFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		failed  int
		missing []string
		skipped []string
		refused []string
	}{
		{file: "connect-key-protect.md"},
		// Hyper Protect Crypto Services is closed to new integrations: reported as refused with the console's reason.
		{file: "hpcs-closed.md", refused: []string{"Hyper Protect Crypto Services"}},
		{file: "wrong-label.md", failed: 2, missing: []string{"Key Protection Service", "Connect key"}},
		{file: "outside-console.md", skipped: []string{"Add key"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			b := consoletest.Browser(t)
			dir := t.TempDir()
			rep, err := checkDoc(t.Context(), b, tt.file, parseDoc(t, "docshots/testdata/"+tt.file), dir, true, "", docsLogWriter{t})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Failed() != tt.failed {
				t.Errorf("%d steps failed, want %d: %s", rep.Failed(), tt.failed, rep.Summary())
			}
			var missing, skipped, refused []string
			for _, s := range rep.Steps {
				if s.Screenshot == "" {
					t.Errorf("step %d has no screenshot", s.Number)
				}
				for _, l := range s.Labels {
					switch l.Outcome {
					case docshots.Missing, docshots.Disabled:
						missing = append(missing, l.Label)
					case docshots.Skipped:
						skipped = append(skipped, l.Label)
					case docshots.Refused:
						refused = append(refused, l.Label)
						if !strings.Contains(l.Detail, "no longer available for new App Configuration integrations") {
							t.Errorf("refusal of %q does not give the reason: %s", l.Label, l.Detail)
						}
					}
				}
			}
			if !slices.Equal(missing, tt.missing) || !slices.Equal(skipped, tt.skipped) || !slices.Equal(refused, tt.refused) {
				t.Errorf("missing %q, skipped %q, refused %q; want %q, %q, %q", missing, skipped, refused, tt.missing, tt.skipped, tt.refused)
			}
			if len(tt.refused) > 0 && !strings.Contains(rep.Summary(), "refused by the console, with its reason") {
				t.Errorf("summary does not report the refusal: %s", rep.Summary())
			}
			if _, err := os.Stat(dir + "/report.html"); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestDoccheckCommands runs a page's ibmcloud commands with the console's CLI on a fresh emulator: the authorization
// and the integration are then listed by the console, the synopsis is not run, and a command the CLI lacks is
// reported as unknown.
func TestDoccheckCommands(t *testing.T) {
	t.Parallel()
	page := parseDoc(t, "docshots/testdata/cli-route.md")
	rep, err := checkDoc(t.Context(), consoletest.Browser(t), "cli-route.md", page, t.TempDir(), true, "", docsLogWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line    int
		outcome docshots.CommandOutcome
		state   string
	}{
		{10, docshots.CommandRan, "the console now lists the authorization"},
		{24, docshots.CommandRan, "the console now lists the integration Key Protect"},
		{34, docshots.CommandRan, ""},
		{34, docshots.CommandUnknown, ""},
	}
	if len(rep.Commands) != len(want) {
		t.Fatalf("%d commands, want %d: %s", len(rep.Commands), len(want), rep.Summary())
	}
	for i, w := range want {
		c := rep.Commands[i]
		if c.Command.Line != w.line || c.Outcome != w.outcome || !strings.Contains(c.State, w.state) {
			t.Errorf("command %d (%s): line %d, %s, state %q; want line %d, %s, state with %q\n%s", i+1, c.Command.Text,
				c.Command.Line, c.Outcome, c.State, w.line, w.outcome, w.state, c.Stdout+c.Stderr)
		}
	}
	if rep.CommandsFailed() != 1 || !strings.Contains(rep.Summary(), "4 commands, 3 ran") {
		t.Errorf("summary: %s", rep.Summary())
	}
}

// parseDoc reads and parses the documentation page file, failing the test when it cannot.
func parseDoc(t *testing.T, file string) docshots.DocPage {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, err := docshots.ParseDoc(f)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// docsLogWriter sends progress lines to the test log.
type docsLogWriter struct{ t *testing.T }

func (w docsLogWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// TestDoccheckImages compares documentation images with the console's screens: the console's own screen passes, the
// same screen with one label changed fails with that label outlined, and an image named after no screen is reported.
// With the reference screens beside the project (../shared/reference/screens), the seed page's images are compared too.
func TestDoccheckImages(t *testing.T) {
	t.Parallel()
	b := consoletest.Browser(t)
	d := consoletest.Demo(t)
	tab := consoletest.DemoTab(t, d, docshots.DefaultView)
	images, out := t.TempDir(), t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(images, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	screens := docshots.Catalogue()
	screen := func(name string) docshots.Screen {
		i := slices.IndexFunc(screens, func(s docshots.Screen) bool { return s.Name == name })
		if i < 0 {
			t.Fatalf("no screen %s", name)
		}
		return screens[i]
	}
	same, err := docshots.Photograph(tab, d, screen("ac-integrations-default"))
	if err != nil {
		t.Fatal(err)
	}
	write("ac-integrations-default.png", same)
	// The docs' image of the Key Management panel names the root key field differently.
	if err := docshots.Show(tab, d, screen("ac-integrations-kms-create")); err != nil {
		t.Fatal(err)
	}
	type rect struct{ X, Y, W, H int }
	label := consoletest.Eval[rect](t, tab, `(function(){var l=document.querySelector('label[for="kms-key"]'); l.textContent='Encryption key';
		var r=l.getBoundingClientRect(); return {X:Math.round(r.left), Y:Math.round(r.top), W:Math.round(r.width), H:Math.round(r.height)};})()`)
	changed, err := tab.Screenshot("")
	if err != nil {
		t.Fatal(err)
	}
	write("ac-integrations-kms-create.png", changed)

	refs := []string{"images/ac-integrations-default.png", "images/ac-integrations-kms-create.png", "images/ac-not-a-screen.png"}
	checks, err := docshots.CheckImages(b, consoletest.Demo(t), refs, images, out, docsLogWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	if len(checks) != 3 {
		t.Fatalf("%d checks, want 3", len(checks))
	}
	if c := checks[0]; !c.Matches() {
		t.Errorf("the console's own screen does not match itself: %s", c.Line())
	}
	c := checks[1]
	if c.Problem != "" || c.Matches() {
		t.Fatalf("the screen with a changed label was not found to differ: %s", c.Line())
	}
	where := image.Rect(label.X, label.Y, label.X+label.W, label.Y+label.H)
	if !slices.ContainsFunc(c.Similarity.RegionsA, where.Overlaps) {
		t.Errorf("no outlined region %v covers the changed label at %v", c.Similarity.RegionsA, where)
	}
	for _, r := range c.Similarity.RegionsA {
		if r.Dx()*r.Dy() > 1280*800/8 {
			t.Errorf("region %v frames far more than the label at %v", r, where)
		}
	}
	if c := checks[2]; c.Problem == "" || !strings.Contains(c.Problem, "no screen") {
		t.Errorf("an image named after no screen: %s", c.Line())
	}
	for _, f := range []string{c.Doc, c.Screen} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	page := filepath.Join(out, "compare.html")
	if err := docshots.WriteComparison(page, "images", "", checks); err != nil {
		t.Fatal(err)
	}
	html, _ := os.ReadFile(page)
	for _, want := range []string{`src="ac-integrations-kms-create.doc.png"`, `src="ac-integrations-kms-create.screen.png"`, "differs", "matches", "not compared"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the side-by-side page lacks %q", want)
		}
	}

	t.Run("reference screens", func(t *testing.T) {
		ref := filepath.Join("..", "shared", "reference", "screens")
		seed := filepath.Join("..", "shared", "seed", "integrating-with-key-management.md")
		if _, err := os.Stat(ref); err != nil {
			t.Skipf("no reference screens beside the project: %v", err)
		}
		f, err := os.Open(seed)
		if err != nil {
			t.Skip(err)
		}
		page, err := docshots.ParseDoc(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		refs := docshots.ImageRefs(page)
		if len(refs) == 0 {
			t.Fatal("the seed page refers to no image")
		}
		checks, err := docshots.CheckImages(b, consoletest.Demo(t), refs, ref, t.TempDir(), docsLogWriter{t})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range checks {
			if c.Problem != "" {
				t.Errorf("%s was not compared: %s", c.Ref, c.Problem)
			}
		}
	})
}
