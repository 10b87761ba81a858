package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"appconfig-console/internal/sessionstore"
)

// config is the console's configuration, read once from flags with environment defaults and validated at start.
type config struct {
	Addr      string
	Cloud     string
	SimAddr   string
	DataDir   string
	LogLevel  string
	SimFaults string
	Reset     bool
	TLSCert   string
	TLSKey    string
	PublicURL string
	// TrustedProxies is a comma-separated list of the reverse proxies' addresses or networks.
	TrustedProxies string
	// SimURL is a running emulator's base URL; with it the console starts no emulator of its own.
	SimURL string
	// simAddrGiven says --sim-addr was given on the command line.
	simAddrGiven bool
	// ShutdownTimeout is how long requests in flight may run on after a stop signal (a duration, e.g. 20s).
	ShutdownTimeout string
	// DrainDelay is how long /readyz answers 503 after a stop signal before the console stops accepting connections.
	DrainDelay string
	// MetricsAddr is where Prometheus metrics are served; none when empty.
	MetricsAddr string
	// SessionStore is "files" (sessions in the data directory) or a redis:// or rediss:// URL.
	SessionStore string
	// SessionKeys is a comma-separated list of base64 keys; the first signs, all are accepted.
	SessionKeys string
}

// envOr returns the environment variable name's value, or fallback when it is unset.
func envOr(getenv func(string) string, name, fallback string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return fallback
}

// newFlagSet returns the flag set of the command name, which reports its errors and usage to stderr instead of exiting.
func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseServeConfig reads the flags of the console's default command; each flag has an environment variable as its default.
func parseServeConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	fs := newFlagSet("appconfig-console", stderr)
	fs.StringVar(&cfg.Addr, "addr", envOr(getenv, "CONSOLE_ADDR", "127.0.0.1:8080"), "address the console listens on (CONSOLE_ADDR)")
	fs.StringVar(&cfg.Cloud, "cloud", envOr(getenv, "CONSOLE_CLOUD", "sim"), "backend: sim (embedded emulator) or ibm (IBM Cloud) (CONSOLE_CLOUD)")
	fs.StringVar(&cfg.SimAddr, "sim-addr", envOr(getenv, "CONSOLE_SIM_ADDR", "127.0.0.1:8081"), "address of the embedded emulator in sim mode (CONSOLE_SIM_ADDR)")
	fs.StringVar(&cfg.SimURL, "sim-url", envOr(getenv, "CONSOLE_SIM_URL", ""),
		"base URL of an emulator already running (go run . sim); the console then starts none of its own (CONSOLE_SIM_URL)")
	fs.StringVar(&cfg.DataDir, "data-dir", envOr(getenv, "CONSOLE_DATA_DIR", ".data"), "directory for sessions and the emulator's data (CONSOLE_DATA_DIR)")
	fs.StringVar(&cfg.LogLevel, "log-level", envOr(getenv, "CONSOLE_LOG_LEVEL", "info"), "debug, info, warn or error (CONSOLE_LOG_LEVEL)")
	fs.StringVar(&cfg.SimFaults, "sim-faults", envOr(getenv, "CONSOLE_SIM_FAULTS", ""), "faults the emulator injects, e.g. kms=latency:100ms (CONSOLE_SIM_FAULTS)")
	fs.BoolVar(&cfg.Reset, "reset", false, "restore the emulator's demo data before starting")
	fs.StringVar(&cfg.TLSCert, "tls-cert", envOr(getenv, "CONSOLE_TLS_CERT", ""), "TLS certificate file; serve HTTPS with secure cookies (CONSOLE_TLS_CERT)")
	fs.StringVar(&cfg.TLSKey, "tls-key", envOr(getenv, "CONSOLE_TLS_KEY", ""), "TLS key file (CONSOLE_TLS_KEY)")
	fs.StringVar(&cfg.PublicURL, "public-url", envOr(getenv, "CONSOLE_PUBLIC_URL", ""),
		"address users reach the console at, e.g. https://console.example.com; forms are accepted only from it (default: http(s)://ADDR) (CONSOLE_PUBLIC_URL)")
	fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", envOr(getenv, "CONSOLE_TRUSTED_PROXIES", ""),
		"comma-separated addresses or networks of reverse proxies whose X-Forwarded-For names the client (CONSOLE_TRUSTED_PROXIES)")
	fs.StringVar(&cfg.ShutdownTimeout, "shutdown-timeout", envOr(getenv, "CONSOLE_SHUTDOWN_TIMEOUT", "20s"),
		"on SIGTERM or SIGINT, how long requests in flight may finish before they are cut off (CONSOLE_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&cfg.DrainDelay, "drain-delay", envOr(getenv, "CONSOLE_DRAIN_DELAY", "0s"),
		"on SIGTERM or SIGINT, how long /readyz answers 503 while requests are still accepted, so that a load balancer stops sending new ones (CONSOLE_DRAIN_DELAY)")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", envOr(getenv, "CONSOLE_METRICS_ADDR", ""),
		"address to serve Prometheus metrics on, at /metrics; off when empty (CONSOLE_METRICS_ADDR)")
	fs.StringVar(&cfg.SessionStore, "session-store", envOr(getenv, "CONSOLE_SESSION_STORE", sessionFiles),
		"where sessions are kept: files (in the data directory) or redis://[user:pass@]host:port/db (or rediss://), shared by every replica (CONSOLE_SESSION_STORE)")
	fs.StringVar(&cfg.SessionKeys, "session-keys", envOr(getenv, "CONSOLE_SESSION_KEYS", ""),
		"comma-separated base64 keys (32+ bytes each) that sign and encrypt sessions: the first signs, all are accepted; "+
			"required with Redis; default: one made once and kept in DATA-DIR/session-keys (CONSOLE_SESSION_KEYS)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	fs.Visit(func(f *flag.Flag) { cfg.simAddrGiven = cfg.simAddrGiven || f.Name == "sim-addr" })
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q (commands: sim, screenshots, doccheck)", fs.Arg(0))
	}
	return cfg, cfg.validate()
}

// validate reports every bad value at once, each with what would be accepted.
func (c config) validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("--addr %q is not host:port (for example 127.0.0.1:8080)", c.Addr))
	}
	switch c.Cloud {
	case "sim":
		if c.SimURL != "" {
			errs = append(errs, c.validateSimURL()...)
			break
		}
		if _, _, err := net.SplitHostPort(c.SimAddr); err != nil {
			errs = append(errs, fmt.Errorf("--sim-addr %q is not host:port (for example 127.0.0.1:8081)", c.SimAddr))
		}
		if c.SimAddr == c.Addr {
			errs = append(errs, errors.New("--sim-addr must differ from --addr"))
		}
	case "ibm":
		if c.SimFaults != "" || c.Reset {
			errs = append(errs, errors.New("--sim-faults and --reset apply only with --cloud sim"))
		}
		if c.SimURL != "" {
			errs = append(errs, errors.New("--sim-url applies only with --cloud sim"))
		}
	default:
		errs = append(errs, fmt.Errorf("--cloud %q is not a backend: use sim or ibm", c.Cloud))
	}
	if _, err := parseLogLevel(c.LogLevel); err != nil {
		errs = append(errs, err)
	}
	if strings.TrimSpace(c.DataDir) == "" {
		errs = append(errs, errors.New("--data-dir must not be empty"))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if _, err := c.allowedOrigins(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.trustedProxies(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.shutdownTimeout(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.drainDelay(); err != nil {
		errs = append(errs, err)
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("--metrics-addr %q is not host:port (for example 127.0.0.1:9090)", c.MetricsAddr))
		} else if c.MetricsAddr == c.Addr || (c.Cloud == "sim" && c.SimURL == "" && c.MetricsAddr == c.SimAddr) {
			errs = append(errs, errors.New("--metrics-addr must differ from --addr and --sim-addr"))
		}
	}
	if c.SessionStore != sessionFiles {
		u, err := url.Parse(c.SessionStore)
		if err == nil && u.Scheme != "redis" && u.Scheme != "rediss" {
			err = errors.New("not a Redis URL")
		}
		if err == nil {
			_, err = redis.ParseURL(c.SessionStore)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("--session-store %q: use files, or redis://[user:pass@]host:port/db (or rediss://)", redactURL(c.SessionStore)))
		} else if c.SessionKeys == "" {
			errs = append(errs, errors.New("--session-store redis needs --session-keys (CONSOLE_SESSION_KEYS), the same on every replica, so that each reads the others' sessions"))
		}
	}
	if c.SessionKeys != "" {
		if _, err := sessionstore.ParseKeys(c.SessionKeys); err != nil {
			errs = append(errs, fmt.Errorf("--session-keys: %w", err))
		}
	}
	return errors.Join(errs...)
}

// validateSimURL checks --sim-url and what cannot go with it: the options of an embedded emulator, which a shared one
// takes where it runs (go run . sim --faults/--reset, or its /admin/faults and /admin/reset).
func (c config) validateSimURL() []error {
	var errs []error
	u, err := url.Parse(c.SimURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		errs = append(errs, fmt.Errorf("--sim-url %q is not an http(s) address without a path (for example http://127.0.0.1:8081)", c.SimURL))
	} else if strings.EqualFold(u.Host, c.Addr) {
		errs = append(errs, errors.New("--sim-url must not be the console's own --addr"))
	}
	if c.simAddrGiven {
		errs = append(errs, errors.New("--sim-addr and --sim-url exclude each other: --sim-addr starts an emulator, --sim-url uses a running one"))
	}
	if c.SimFaults != "" || c.Reset {
		errs = append(errs, errors.New("--sim-faults and --reset apply to the embedded emulator, not to one at --sim-url: give them to `go run . sim` (--faults, --reset) or use its /admin/faults and /admin/reset"))
	}
	return errs
}

// allowedOrigins returns the origins forms are accepted from: --public-url's, or the listening address's (with
// "localhost" beside a loopback address); none for an unspecified host such as 0.0.0.0, which then accepts the
// request's own Host.
func (c config) allowedOrigins() ([]string, error) {
	scheme := "http"
	if c.TLSCert != "" {
		scheme = "https"
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return nil, fmt.Errorf("--public-url %q is not an http(s) address without a path (for example https://console.example.com)", c.PublicURL)
		}
		return []string{strings.ToLower(u.Scheme + "://" + u.Host)}, nil
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return nil, nil // reported by validate for --addr
	}
	ip := net.ParseIP(host)
	switch {
	case host == "" || (ip != nil && ip.IsUnspecified()):
		return nil, nil
	case host == "localhost" || (ip != nil && ip.IsLoopback()):
		return []string{scheme + "://" + strings.ToLower(net.JoinHostPort(host, port)), scheme + "://" + net.JoinHostPort("localhost", port)}, nil
	}
	return []string{scheme + "://" + strings.ToLower(net.JoinHostPort(host, port))}, nil
}

// shutdownTimeout parses --shutdown-timeout: a positive duration.
func (c config) shutdownTimeout() (time.Duration, error) {
	d, err := time.ParseDuration(c.ShutdownTimeout)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--shutdown-timeout %q is not a positive duration (for example 20s)", c.ShutdownTimeout)
	}
	return d, nil
}

// drainDelay parses --drain-delay.
func (c config) drainDelay() (time.Duration, error) {
	d, err := time.ParseDuration(c.DrainDelay)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--drain-delay %q is not a duration of zero or more (for example 5s)", c.DrainDelay)
	}
	return d, nil
}

// trustedProxies parses --trusted-proxies: addresses (a single host) or CIDR networks.
func (c config) trustedProxies() ([]*net.IPNet, error) {
	var nets []*net.IPNet
	for _, item := range strings.Split(c.TrustedProxies, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if ip := net.ParseIP(item); ip != nil {
			bits := 8 * len(ip.To16())
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			nets = append(nets, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(item)
		if err != nil {
			return nil, fmt.Errorf("--trusted-proxies: %q is not an address or a network (for example 10.0.0.0/8)", item)
		}
		nets = append(nets, n)
	}
	return nets, nil
}

func parseLogLevel(s string) (slog.Level, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level %q is not one of debug, info, warn, error", s)
	}
	return level, nil
}

// sessionFiles is --session-store's value for sessions kept in files in the data directory.
const sessionFiles = "files"

// redisURL returns the Redis URL sessions and shared state are kept at, or "" for files.
func (c config) redisURL() string {
	if c.SessionStore == sessionFiles {
		return ""
	}
	return c.SessionStore
}

// sessionKeys returns the configured session keys or, without, the data directory's, made there the first time.
func (c config) sessionKeys() ([][]byte, error) {
	if c.SessionKeys != "" {
		return sessionstore.ParseKeys(c.SessionKeys)
	}
	return sessionstore.LoadOrCreateKeys(c.DataDir)
}

// redactURL returns a URL with its password hidden, for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}

// sessionDir returns where sessions are kept, under the data directory.
func (c config) sessionDir() string { return filepath.Join(c.DataDir, "sessions") }

// simDataDir returns where the embedded emulator keeps its data, under the data directory.
func (c config) simDataDir() string { return filepath.Join(c.DataDir, "cloudsim") }

// logger returns a text logger on w at the configured level.
func (c config) logger(w io.Writer) *slog.Logger {
	level, _ := parseLogLevel(c.LogLevel)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}
