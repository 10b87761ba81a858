// Package handlers serves the console over HTTP: routing, sessions, CSRF, security headers, errors and one file per page or action.
package handlers

import (
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/views"
)

// Config is what the handlers need to know about how the console runs.
type Config struct {
	// SimMode shows the demo API keys on the sign-in page.
	SimMode bool
	// DemoKeys are the API keys shown on the sign-in page in sim mode.
	DemoKeys []views.DemoAPIKey
	// SessionDir is where the encrypted server-side sessions are kept when SessionStore is nil.
	SessionDir string
	// SessionKeys sign and encrypt the sessions kept in SessionDir: the first signs, all are accepted. With none, keys
	// are drawn at start, and sessions end with the process.
	SessionKeys [][]byte
	// SessionStore, when set, keeps the sessions instead of SessionDir (Redis, shared by every replica).
	SessionStore SessionStore
	// SecureCookies marks cookies Secure; set it when the console is served over TLS.
	SecureCookies bool
	// PageTimeout bounds the time one request may spend on upstream calls.
	PageTimeout time.Duration
	// ConnectWait is added to PageTimeout for the requests that connect an integration: the time they may wait for a
	// new service authorization to take effect.
	ConnectWait time.Duration
	// Logger receives the request and error logs; slog.Default() when nil.
	Logger *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// TrustedProxies are the networks of the reverse proxies in front of the console, whose X-Forwarded-For names the
	// client; with none, the client is the connection's peer.
	TrustedProxies []*net.IPNet
	// AllowedOrigins are the origins ("https://console.example.com", lower case) users reach the console at; forms
	// are accepted only from them. Empty accepts the request's own Host, which a proxy that rewrites Host defeats.
	AllowedOrigins []string
	// Observer is told of sign-in outcomes and session-store errors; nothing is told when nil.
	Observer Observer
	// Draining, when set, says the process is shutting down: /readyz then answers 503, so that a load balancer sends
	// no more requests to this replica while those in flight finish.
	Draining func() bool
	// WarmingUp, when set, is closed once the reads the process starts with (the catalog's plan names) have ended:
	// /readyz answers 503 until then, for at most warmUpBound, so that a load balancer sends users after them.
	WarmingUp <-chan struct{}
}

// Server holds the handlers' dependencies.
type Server struct {
	cfg      Config
	services Services
	sessions *sessionStore
	sweeper  *sessionSweeper
	// started is when the server was built, from which warmUpBound counts.
	started time.Time
	// requestMemo guards the creation of what one request reads only once (integrationsOf).
	requestMemo sync.Mutex
}

// New returns the console's HTTP handler with every route, middleware and the central error handler.
func New(cfg Config, services Services) (*echo.Echo, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Observer == nil {
		cfg.Observer = unobserved{}
	}
	if cfg.PageTimeout == 0 {
		cfg.PageTimeout = 10 * time.Second
	}
	store, err := newSessionStore(cfg)
	if err != nil {
		return nil, err
	}
	store.observer = cfg.Observer
	s := &Server{cfg: cfg, services: services, sessions: store, started: cfg.Now()}
	if cfg.SessionStore == nil {
		s.sweeper = &sessionSweeper{dir: cfg.SessionDir, maxAge: sessionMaxAge}
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError
	e.Server.ReadHeaderTimeout = 10 * time.Second
	e.IPExtractor = clientAddress(cfg.TrustedProxies)
	// Panics are recovered twice: inside the compressor, so that a page whose start is already sent ends inside its
	// compressed stream, and outside, for the middleware around it.
	e.Use(s.recoverPanics, s.securityHeaders, s.compressPages, s.logRequests, s.recoverPanics, s.limitBody, s.csrf)
	s.routes(e)
	return e, nil
}

// clientAddress returns how a request's client address is found: the peer's address, or with trusted proxies the
// address X-Forwarded-For gives after the last of them.
func clientAddress(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range proxies {
		trust = append(trust, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(trust...)
}

// limitBody refuses request bodies over 1 MiB.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, 1<<20)
		return next(c)
	}
}
