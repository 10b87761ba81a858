package docshots

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestNewBrowserStartsAgainAfterAnExitAtStart runs NewBrowser on a launcher that makes the browser exit at its first
// starts, as a newly installed Chromium has been seen to, and counts the starts.
func TestNewBrowserStartsAgainAfterAnExitAtStart(t *testing.T) {
	tests := []struct {
		name        string
		exits       int // starts that exit before the browser listens
		realBrowser bool
		wantStarts  int
		wantErr     bool
	}{
		{name: "exits every time", exits: startAttempts + 1, wantStarts: startAttempts, wantErr: true},
		{name: "exits once", exits: 1, realBrowser: true, wantStarts: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			real := "/bin/false"
			if tt.realBrowser {
				found, err := FindChromium(os.Getenv("CHROMIUM"))
				if errors.Is(err, ErrNoChromium) && os.Getenv("CI") != "true" {
					t.Skip(err)
				}
				if err != nil {
					t.Fatal(err)
				}
				real = found
			}
			dir := t.TempDir()
			count := filepath.Join(dir, "starts")
			launcher := filepath.Join(dir, "chromium")
			script := fmt.Sprintf(`#!/bin/sh
n=$(($(cat %[1]q 2>/dev/null || echo 0) + 1))
echo $n > %[1]q
if [ $n -le %[2]d ]; then echo "exited at start $n" >&2; exit 1; fi
exec %[3]q "$@"
`, count, tt.exits, real)
			if err := os.WriteFile(launcher, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}

			b, err := NewBrowser(context.Background(), launcher)
			if b != nil {
				b.Close()
			}
			if (err != nil) != tt.wantErr {
				t.Fatalf("NewBrowser: err = %v, want error: %v", err, tt.wantErr)
			}
			if tt.wantErr && !strings.Contains(err.Error(), fmt.Sprintf("exited at start %d", startAttempts)) {
				t.Errorf("error %q does not show what the last start printed", err)
			}
			raw, err := os.ReadFile(count)
			if err != nil {
				t.Fatal(err)
			}
			if starts, _ := strconv.Atoi(strings.TrimSpace(string(raw))); starts != tt.wantStarts {
				t.Errorf("the browser was started %d times, want %d", starts, tt.wantStarts)
			}
		})
	}
}
