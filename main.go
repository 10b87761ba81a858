// Command appconfig-console serves a web console for App Configuration's Key Management integrations and IAM authorizations.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"appconfig-console/cloudsim"
	"appconfig-console/console"
	"appconfig-console/handlers"
	"appconfig-console/services/ibmcloud"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "appconfig-console:", err)
		os.Exit(1)
	}
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
	opts := console.Options{Limits: ibmcloud.DefaultLimits, Handlers: handlers.Config{
		SessionDir: cfg.sessionDir(), SessionKeys: keys, SecureCookies: cfg.TLSCert != "", Logger: logger, AllowedOrigins: origins, TrustedProxies: proxies,
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
	if cfg.Cloud == "sim" {
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
	} else {
		opts.Endpoints = ibmcloud.IBMEndpoints(getenv)
	}
	handler, err := console.New(opts)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Addr, err)
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		scheme = "https"
	}
	fmt.Fprintf(stdout, "Console:  %s://%s\n", scheme, listener.Addr())
	if sim != nil {
		fmt.Fprintf(stdout, "Emulator: %s\n", sim.URL)
		fmt.Fprintf(stdout, "Demo API key (administrator, %s): %s\n", cloudsim.AdminEmail, cloudsim.DemoAdminAPIKey)
		fmt.Fprintf(stdout, "Demo API key (read-only, %s):    %s\n", cloudsim.ViewerEmail, cloudsim.DemoViewerAPIKey)
	} else {
		fmt.Fprintf(stdout, "Backend:  IBM Cloud (%s); sign in with your own API key\n", opts.Endpoints.ResourceController)
	}
	if opts.Redis != nil {
		fmt.Fprintf(stdout, "Sessions: %s (shared by every replica)\n", redactURL(cfg.redisURL()))
	}
	return serveUntilDone(ctx, listener, handler, cfg)
}

// serveUntilDone serves until ctx ends, then shuts down within 5 seconds.
func serveUntilDone(ctx context.Context, listener net.Listener, handler http.Handler, cfg config) error {
	server := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() {
		if cfg.TLSCert != "" {
			errc <- server.ServeTLS(listener, cfg.TLSCert, cfg.TLSKey)
		} else {
			errc <- server.Serve(listener)
		}
	}()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return server.Shutdown(shutdownCtx)
	}
}
