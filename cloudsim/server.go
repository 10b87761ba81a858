// Package cloudsim emulates the IBM Cloud APIs the console uses (IAM identity, Resource Controller, Resource Manager,
// Global Catalog, IAM Policy Management, Key Protect/HPCS key management and App Configuration integrations),
// wire-compatible with IBM's Go SDKs, with demo data, access rules, durable state and fault injection.
package cloudsim

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Options configure a Server.
type Options struct {
	// DataDir is where the state is kept (DataDir/cloudsim.db); "" keeps it in memory only.
	DataDir string
	// Reset replaces any stored state with the demo data.
	Reset bool
	// PublicURL is the base URL the sim is reachable at (no trailing slash); "" derives it from each request's Host.
	PublicURL string
	// Clock returns the time used for every stored timestamp; nil means time.Now. Token lifetimes always follow the
	// wall clock, because clients judge token expiry by their own clocks.
	Clock func() time.Time
	// TokenTTL is the lifetime of access tokens; 0 means one hour.
	TokenTTL time.Duration
	// Faults are the faults injected from the start.
	Faults Faults
	// Logger receives one debug line per request; nil discards logs.
	Logger *slog.Logger
	// DeterministicIDs makes new IDs counter-based UUIDs (00000000-0000-4000-8000-000000000001, ...).
	DeterministicIDs bool
}

// Server is an IBM Cloud emulator.
type Server struct {
	opts    Options
	store   *store
	faults  faultInjector
	handler http.Handler
	log     *slog.Logger
}

// New opens the state (seeding the demo data when it is empty or Options.Reset is set) and builds the server.
func New(opts Options) (*Server, error) {
	if err := opts.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("cloudsim: %w", err)
	}
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = time.Hour
	}
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	s := &Server{opts: opts, log: opts.Logger}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	st, err := openStore(opts.DataDir, opts.Reset, func() *state { return demoState(newSecret()) })
	if err != nil {
		return nil, err
	}
	s.store = st
	if err := s.faults.set(opts.Faults); err != nil {
		st.close()
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// newSecret returns a new random token-signing secret.
func newSecret() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// Handler returns the HTTP handler serving every API.
func (s *Server) Handler() http.Handler { return s.handler }

// Close closes the state's database.
func (s *Server) Close() error { return s.store.close() }

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(fs Faults) error { return s.faults.set(fs) }

// Faults returns the injected faults.
func (s *Server) Faults() Faults { return s.faults.get() }

// Reset replaces the whole state with the demo data; issued tokens stay valid.
func (s *Server) Reset() error {
	return s.store.replace(demoState(s.store.read().Meta.TokenSecret))
}

// now returns the sim's current time in UTC.
func (s *Server) now() time.Time {
	if s.opts.Clock != nil {
		return s.opts.Clock().UTC()
	}
	return time.Now().UTC()
}

// newID returns a new UUID, counter-based when DeterministicIDs is set; st is the state being written.
func (s *Server) newID(st *state) string {
	if s.opts.DeterministicIDs {
		st.Meta.IDCounter++
		return fmt.Sprintf("00000000-0000-4000-8000-%012x", st.Meta.IDCounter)
	}
	return uuid.NewString()
}

// baseURL is the URL the sim is reachable at, as seen by the client of r.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	return "http://" + r.Host
}

// updateThenStatus stores change and then answers status without a body.
func (s *Server) updateThenStatus(w http.ResponseWriter, status int, change func(st *state) error) error {
	if err := s.store.update(change); err != nil {
		return err
	}
	w.WriteHeader(status)
	return nil
}

// updateThenJSON stores change and then answers status with render's JSON of the new state.
func (s *Server) updateThenJSON(w http.ResponseWriter, status int, change func(st *state) error, render func(st *state) any) error {
	if err := s.store.update(change); err != nil {
		return err
	}
	writeJSON(w, status, render(s.store.read()))
	return nil
}

// injectFault applies the faults of api to r; it reports whether an error was answered.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, api string) bool {
	latency, fault := s.faults.next(api)
	sleep(r.Context(), latency)
	if fault != nil {
		writeAPIError(w, r, api, fault)
		return true
	}
	return false
}

// finish writes err, if any, in the format of api.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, api string, err error) {
	if err == nil {
		return
	}
	var ae *apiError
	if !errors.As(err, &ae) {
		s.log.Error("cloudsim: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		ae = errorf(http.StatusInternalServerError, "internal_error", "cloudsim: "+err.Error())
	}
	writeAPIError(w, r, api, ae)
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status.
func (sr *statusRecorder) WriteHeader(code int) {
	sr.status = code
	sr.ResponseWriter.WriteHeader(code)
}

// logRequests logs one debug line per request, with the wall-clock times it started and ended (injected latency
// included), so that a reader of the log can tell which requests ran at the same time.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sr := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sr, r)
		end := time.Now()
		s.log.Debug("cloudsim", "method", r.Method, "path", r.URL.Path, "status", sr.status, "duration", end.Sub(start),
			"start", start, "end", end)
	})
}
