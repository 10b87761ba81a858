// Package simtest starts a fresh in-memory cloudsim for tests.
package simtest

import (
	"testing"

	"appconfig-console/cloudsim"
)

// Sim is a running cloudsim for one test.
type Sim struct {
	// URL is the base URL of every API.
	URL string
	// Server is the emulator, for SetFaults and Reset.
	Server *cloudsim.Server
}

// Start serves a fresh in-memory cloudsim with the demo data on 127.0.0.1:0; opts adjust its Options.
// The sim is closed when the test ends.
func Start(t testing.TB, opts ...func(*cloudsim.Options)) *Sim {
	t.Helper()
	var o cloudsim.Options
	for _, opt := range opts {
		opt(&o)
	}
	run, err := cloudsim.Start("127.0.0.1:0", o)
	if err != nil {
		t.Fatalf("simtest: start cloudsim: %v", err)
	}
	t.Cleanup(func() {
		if err := run.Close(); err != nil {
			t.Errorf("simtest: close cloudsim: %v", err)
		}
	})
	return &Sim{URL: run.URL, Server: run.Server}
}

// SetFaults replaces the sim's faults with spec, in the form of the --faults flag (cloudsim.ParseFaults); an empty spec
// clears them.
func (s *Sim) SetFaults(t testing.TB, spec string) {
	t.Helper()
	fs := cloudsim.Faults{}
	if spec != "" {
		var err error
		if fs, err = cloudsim.ParseFaults(spec); err != nil {
			t.Fatalf("simtest: faults %q: %v", spec, err)
		}
	}
	if err := s.Server.SetFaults(fs); err != nil {
		t.Fatalf("simtest: set faults %q: %v", spec, err)
	}
}
