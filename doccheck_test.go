package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"appconfig-console/docshots"
)

func TestDoccheckFixtures(t *testing.T) {
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
	b := docsBrowser(t)
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("docshots/testdata/" + tt.file)
			if err != nil {
				t.Fatal(err)
			}
			page, err := docshots.ParseDoc(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			rep, err := checkDoc(b, tt.file, page, dir, true, docsLogWriter{t})
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

// docsLogWriter sends progress lines to the test log.
type docsLogWriter struct{ t *testing.T }

func (w docsLogWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}
