package cloudsim

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// Running is a cloudsim serving HTTP.
type Running struct {
	// URL is the base URL of every API, e.g. http://127.0.0.1:8081.
	URL string
	// Server is the running emulator (for SetFaults, Reset).
	Server *Server
	http   *http.Server
	done   chan error
}

// Start listens on addr, builds a Server (PublicURL defaults to http://<listen address>) and serves it until Close.
func Start(addr string, opts Options) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cloudsim: listen: %w", err)
	}
	if opts.PublicURL == "" {
		opts.PublicURL = "http://" + reachableAddr(ln.Addr().(*net.TCPAddr))
	}
	srv, err := New(opts)
	if err != nil {
		ln.Close()
		return nil, err
	}
	run := &Running{
		URL:    srv.opts.PublicURL,
		Server: srv,
		http:   &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan error, 1),
	}
	go func() { run.done <- run.http.Serve(ln) }()
	return run, nil
}

// reachableAddr turns a listen address into one clients can dial: an unspecified host (":8081", "0.0.0.0") becomes 127.0.0.1.
func reachableAddr(a *net.TCPAddr) string {
	if a.IP == nil || a.IP.IsUnspecified() {
		return net.JoinHostPort("127.0.0.1", strconv.Itoa(a.Port))
	}
	return a.String()
}

// Close stops serving (waiting up to 250 ms for requests in flight, since idle connections a client dialed but never used
// would otherwise hold Shutdown for seconds) and closes the state.
func (run *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
	defer cancel()
	shutdownErr := run.http.Shutdown(ctx)
	if errors.Is(shutdownErr, context.DeadlineExceeded) {
		shutdownErr = run.http.Close()
	}
	if err := <-run.done; !errors.Is(err, http.ErrServerClosed) {
		shutdownErr = errors.Join(shutdownErr, err)
	}
	return errors.Join(shutdownErr, run.Server.Close())
}
