package sessionstore

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseKeys(t *testing.T) {
	k32 := "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	tests := []struct {
		name    string
		list    string
		want    int
		wantErr string
	}{
		{"one", k32, 1, ""},
		{"several, spaced, URL alphabet and unpadded", k32 + " , " + strings.TrimRight(NewKey(), "=") + ",", 2, ""},
		{"none", " , ", 0, "no session key given"},
		{"too short", k32 + ",c2hvcnQ=", 0, "session key 2: 5 bytes is too short"},
		{"not base64", "%%%", 0, "session key 1: not base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys, err := ParseKeys(tt.list)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || len(keys) != tt.want {
				t.Fatalf("%d keys, %v; want %d", len(keys), err, tt.want)
			}
		})
	}
}

// TestLoadOrCreateKeys: the key file is made once, readable by its owner only, and read again the same; a file others
// can read, or one without a usable key, is refused.
func TestLoadOrCreateKeys(t *testing.T) {
	dir := t.TempDir()
	first, err := LoadOrCreateKeys(dir)
	if err != nil || len(first) != 1 || len(first[0]) < MinKeyBytes {
		t.Fatalf("keys %v, %v", first, err)
	}
	info, err := os.Stat(filepath.Join(dir, keyFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 600", info, err)
	}
	again, err := LoadOrCreateKeys(dir)
	if err != nil || len(again) != 1 || !bytes.Equal(again[0], first[0]) {
		t.Fatalf("second load: %v, %v; want the same key", again, err)
	}
	// An operator adds a new key in front of the old one: both are read, the new one first.
	newKey := NewKey()
	old, _ := os.ReadFile(filepath.Join(dir, keyFile))
	if err := os.WriteFile(filepath.Join(dir, keyFile), []byte(newKey+"\n"+string(old)), 0o600); err != nil {
		t.Fatal(err)
	}
	rotated, err := LoadOrCreateKeys(dir)
	if err != nil || len(rotated) != 2 || !bytes.Equal(rotated[1], first[0]) {
		t.Fatalf("after rotation: %d keys, %v", len(rotated), err)
	}
	if err := os.Chmod(filepath.Join(dir, keyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKeys(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a key file others can read: err = %v", err)
	}
	bad := t.TempDir()
	if err := os.WriteFile(filepath.Join(bad, keyFile), []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKeys(bad); err == nil || !strings.Contains(err.Error(), "session key 1") {
		t.Errorf("a key file without a usable key: err = %v", err)
	}
}
