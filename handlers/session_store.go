package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"

	"appconfig-console/internal/sessionstore"
)

// SessionStore keeps sessions where every replica of the console finds them, such as Redis: a gorilla/sessions store
// that also says whether it answers. Its failures to answer wrap sessionstore.ErrUnavailable.
type SessionStore interface {
	sessions.Store
	// Ready returns nil when the store answers.
	Ready(ctx context.Context) error
}

// sessionContextKey is the request value holding the request's session once read.
const sessionContextKey = "session"

// sessionStore keeps sessions server-side, encrypted, in Config.SessionStore or else in a directory (with the decoded
// sessions cached in memory); the cookie carries only the signed session ID.
type sessionStore struct {
	store sessions.Store
	opts  sessions.Options
	ready func(ctx context.Context) error
	now   func() time.Time
	// observer hears of the store's errors.
	observer Observer
}

// minSessionMaxAge is the shortest expiry, in seconds, a saved session is given, so that a session at the end of its
// lifetime lives until the request that ends it.
const minSessionMaxAge = 60

// newSessionStore returns cfg's session store, or a store in cfg.SessionDir signed and encrypted with cfg.SessionKeys
// (with none, keys drawn now, which sessions do not outlive).
func newSessionStore(cfg Config) (*sessionStore, error) {
	opts := sessions.Options{Path: "/", MaxAge: int(sessionMaxAge / time.Second), HttpOnly: true, Secure: cfg.SecureCookies, SameSite: http.SameSiteLaxMode}
	if cfg.SessionStore != nil {
		return &sessionStore{store: cfg.SessionStore, opts: opts, ready: cfg.SessionStore.Ready, now: cfg.Now}, nil
	}
	dir := cfg.SessionDir
	if dir == "" {
		return nil, errors.New("handlers: a session directory is required")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	keys := cfg.SessionKeys
	if len(keys) == 0 {
		keys = [][]byte{securecookie.GenerateRandomKey(sessionstore.MinKeyBytes)}
	}
	store := sessions.NewFilesystemStore(dir, sessionstore.KeyPairs(keys)...)
	store.MaxLength(64 << 10)
	store.Options = &opts
	ready := func(context.Context) error {
		if _, err := os.Stat(dir); err != nil {
			return fmt.Errorf("%w: %w", sessionstore.ErrUnavailable, err)
		}
		return nil
	}
	cached := newCachedFilesystemStore(store, dir, sessionMaxAge, cfg.Now, sessionCacheSize)
	return &sessionStore{store: cached, opts: opts, ready: ready, now: cfg.Now}, nil
}

// options returns a copy of the options every session is saved with.
func (s *sessionStore) options() *sessions.Options {
	o := s.opts
	return &o
}
