// Command appconfig-console serves a web console for App Configuration's Key Management integrations and IAM authorizations.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"appconfig-console/cloudsim"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/ibmcli"
	"appconfig-console/metrics"
	"appconfig-console/services/ibmcloud"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if args, ok := ibmcloudArgs(os.Args); ok {
		code := ibmcli.Run(ctx, args, os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "appconfig-console:", err)
		os.Exit(1)
	}
}

// ibmcloudArgs returns the arguments of the ibmcloud command-line client when argv (with the program name) asks for
// it: the binary installed under the name ibmcloud, or `ibmcloud` as its first argument (`go run . ibmcloud ARGS...`).
func ibmcloudArgs(argv []string) ([]string, bool) {
	switch {
	case len(argv) > 0 && strings.TrimSuffix(filepath.Base(argv[0]), ".exe") == "ibmcloud":
		return argv[1:], true
	case len(argv) > 1 && argv[1] == "ibmcloud":
		return argv[2:], true
	}
	return nil, false
}

// run dispatches to the command named by the first argument; without one it serves the console.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "sim":
			return runSim(ctx, args[1:], getenv, stdout, stderr)
		case "screenshots":
			return runScreenshots(ctx, args[1:], getenv, stdout, stderr)
		case "doccheck":
			return runDoccheck(ctx, args[1:], getenv, stdout, stderr)
		}
	}
	return runServe(ctx, args, getenv, stdout, stderr)
}

// runServe serves the console, on the embedded emulator in sim mode or on IBM Cloud.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseServeConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := cfg.logger(stderr)
	origins, _ := cfg.allowedOrigins()
	proxies, _ := cfg.trustedProxies()
	keys, err := cfg.sessionKeys()
	if err != nil {
		return fmt.Errorf("session keys: %w", err)
	}
	var draining atomic.Bool
	opts := console.Options{Limits: ibmcloud.DefaultLimits, Handlers: handlers.Config{
		SessionDir: cfg.sessionDir(), SessionKeys: keys, SecureCookies: cfg.TLSCert != "", Logger: logger, AllowedOrigins: origins, TrustedProxies: proxies,
		Draining: draining.Load,
	}}
	if u := cfg.redisURL(); u != "" {
		client, err := console.OpenRedis(u)
		if err != nil {
			return err
		}
		defer client.Close()
		redis.SetLogger(console.RedisLog{Logger: logger})
		opts.Redis = client
	}
	var sim *cloudsim.Running
	switch {
	case cfg.Cloud == "sim" && cfg.SimURL != "":
		opts.Endpoints = ibmcloud.SimEndpoints(cfg.SimURL)
		opts.Sim = true
	case cfg.Cloud == "sim":
		faults, err := cloudsim.ParseFaults(cfg.SimFaults)
		if err != nil {
			return fmt.Errorf("--sim-faults: %w", err)
		}
		sim, err = cloudsim.Start(cfg.SimAddr, cloudsim.Options{DataDir: cfg.simDataDir(), Reset: cfg.Reset, Faults: faults, Logger: logger})
		if err != nil {
			return fmt.Errorf("starting the emulator on %s: %w", cfg.SimAddr, err)
		}
		defer sim.Close()
		opts.Endpoints = ibmcloud.SimEndpoints(sim.URL)
		opts.Sim = true
	default:
		opts.Endpoints = ibmcloud.IBMEndpoints(getenv)
	}
	if cfg.MetricsAddr != "" {
		opts.Metrics = metrics.New()
	}
	handler, err := console.New(opts)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	consoleServer := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	servers := []serving{{server: consoleServer, serve: func() error {
		if cfg.TLSCert != "" {
			return consoleServer.ServeTLS(listener, cfg.TLSCert, cfg.TLSKey)
		}
		return consoleServer.Serve(listener)
	}}}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "Console:  %s://%s\n", scheme, listener.Addr())
	if opts.Metrics != nil {
		metricsListener, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			listener.Close()
			return fmt.Errorf("listening on %s: %w", cfg.MetricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", opts.Metrics.Handler())
		metricsServer := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
		servers = append(servers, serving{server: metricsServer, serve: func() error { return metricsServer.Serve(metricsListener) }})
		fmt.Fprintf(stdout, "Metrics:  http://%s/metrics\n", metricsListener.Addr())
	}
	if opts.Sim {
		if sim != nil {
			fmt.Fprintf(stdout, "Emulator: %s\n", sim.URL)
		} else {
			fmt.Fprintf(stdout, "Emulator: %s (shared, not started here)\n", cfg.SimURL)
		}
		fmt.Fprintf(stdout, "Demo API key (administrator, %s): %s\n", cloudsim.AdminEmail, cloudsim.DemoAdminAPIKey)
		fmt.Fprintf(stdout, "Demo API key (read-only, %s):    %s\n", cloudsim.ViewerEmail, cloudsim.DemoViewerAPIKey)
	} else {
		fmt.Fprintf(stdout, "Backend:  IBM Cloud (%s); sign in with your own API key\n", opts.Endpoints.ResourceController)
	}
	if opts.Redis != nil {
		fmt.Fprintf(stdout, "Sessions: %s (shared by every replica)\n", redactURL(cfg.redisURL()))
	}
	timeout, _ := cfg.shutdownTimeout()
	delay, _ := cfg.drainDelay()
	return serveUntilDone(ctx, servers, drain{mark: func() { draining.Store(true) }, delay: delay, timeout: timeout}, logger)
}

// serving is an HTTP server and how it serves its listener.
type serving struct {
	server *http.Server
	serve  func() error
}

// drain says how the console stops: mark makes /readyz answer 503, delay is how long connections are still accepted
// after that, and timeout how long requests in flight may then finish.
type drain struct {
	mark           func()
	delay, timeout time.Duration
}

// serveUntilDone runs the servers until ctx ends (SIGTERM or SIGINT) or one fails. On a signal it marks the console as
// draining (/readyz answers 503) and waits the drain's delay, so that a load balancer stops sending requests; then it
// stops each server in turn (the console first, so its metrics can be scraped while it drains) from accepting
// connections, lets the requests in flight finish within the drain's timeout, and cuts off and reports those still
// running.
func serveUntilDone(ctx context.Context, servers []serving, d drain, logger *slog.Logger) error {
	timeout := d.timeout
	errc := make(chan error, len(servers))
	for _, s := range servers {
		go func() { errc <- s.serve() }()
	}
	var failed error
	select {
	case err := <-errc:
		failed = err
	case <-ctx.Done():
		d.mark()
		if d.delay > 0 {
			logger.Info("stopping: /readyz answers 503; new requests are still accepted", "for", d.delay)
			select {
			case failed = <-errc:
			case <-time.After(d.delay):
			}
		}
		logger.Info("stopping: no new connections; requests in flight may finish", "within", timeout)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var cutOff bool
	for _, s := range servers {
		if err := s.server.Shutdown(shutdownCtx); err != nil {
			s.server.Close()
			cutOff = true
		}
	}
	switch {
	case failed != nil && !errors.Is(failed, http.ErrServerClosed):
		return failed
	case cutOff:
		return fmt.Errorf("requests still running after --shutdown-timeout %s were cut off", timeout)
	}
	return nil
}
