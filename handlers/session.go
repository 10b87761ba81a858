package handlers

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

	"appconfig-console/internal/sessionstore"
	"appconfig-console/services/auth"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/views/layout"
)

const (
	sessionName    = "console"
	userContextKey = "user"
	// refreshMargin is how long before expiry a token is renewed.
	refreshMargin = 2 * time.Minute
)

// User is the signed-in user of a request: who they are and the token every upstream call is made with.
type User struct {
	Identity auth.Identity
	Token    ibmcloud.Token
	// SignedInAt is when the user signed in; renewals keep it, and the session ends sessionMaxAge after it.
	SignedInAt time.Time
}

func init() {
	gob.Register(User{})
	gob.Register(layout.Flash{})
}

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

// load returns the request's session, read from the store once per request, or a fresh one when the cookie is
// missing, forged, unreadable or names an ended session; the error is the store's failure to answer.
func (s *sessionStore) load(c echo.Context) (*sessions.Session, error) {
	if sess, ok := c.Get(sessionContextKey).(*sessions.Session); ok {
		return sess, nil
	}
	sess, err := s.store.Get(c.Request(), sessionName)
	if errors.Is(err, sessionstore.ErrUnavailable) {
		s.observer.SessionStoreError(sessionLoad)
		return nil, err
	}
	if err != nil {
		if !errors.As(err, new(securecookie.Error)) {
			s.observer.SessionStoreError(sessionLoad)
		}
		// An unreadable or forged cookie starts a fresh session.
		sess = sessions.NewSession(s.store, sessionName)
		sess.IsNew = true
	}
	sess.Options = s.options()
	if user, ok := s.user(sess); ok {
		// Saved again, the session keeps the expiry its sign-in gave it.
		sess.Options.MaxAge = max(int(user.SignedInAt.Add(sessionMaxAge).Sub(s.now())/time.Second), minSessionMaxAge)
	}
	c.Set(sessionContextKey, sess)
	return sess, nil
}

// get is load for the steps after the CSRF middleware, which has already answered a request whose session the store
// could not read: should the store fail now, the request goes on without its session.
func (s *sessionStore) get(c echo.Context) *sessions.Session {
	sess, err := s.load(c)
	if err != nil {
		sess = sessions.NewSession(s.store, sessionName)
		sess.Options, sess.IsNew = s.options(), true
	}
	return sess
}

// save writes sess to the store and the response's cookie, telling the observer of a failure.
func (s *sessionStore) save(c echo.Context, sess *sessions.Session) error {
	err := s.store.Save(c.Request(), c.Response(), sess)
	if err != nil {
		s.observer.SessionStoreError(sessionSave)
	}
	return err
}

func (s *sessionStore) options() *sessions.Options {
	o := s.opts
	return &o
}

// start replaces any session of the request with a new one, under a new ID, holding user.
func (s *sessionStore) start(c echo.Context, user User) error {
	old := s.get(c)
	if old.ID != "" {
		old.Options = s.options()
		old.Options.MaxAge = -1
		if err := s.save(c, old); err != nil {
			return err
		}
	}
	fresh := sessions.NewSession(s.store, sessionName)
	fresh.Options = s.options()
	fresh.IsNew = true
	fresh.Values[userContextKey] = user
	return s.save(c, fresh)
}

// end deletes the request's session.
func (s *sessionStore) end(c echo.Context) error {
	sess := s.get(c)
	sess.Options = s.options()
	sess.Options.MaxAge = -1
	return s.save(c, sess)
}

func (s *sessionStore) user(sess *sessions.Session) (User, bool) {
	u, ok := sess.Values[userContextKey].(User)
	return u, ok && u.Token.AccessToken != ""
}

// addFlash stores a notification to show on the next page.
func (s *Server) addFlash(c echo.Context, flash layout.Flash) {
	if tokenRefused(c) != nil {
		// The request ends by renewing the session, which says so itself.
		return
	}
	sess := s.sessions.get(c)
	sess.AddFlash(flash)
	_ = s.sessions.save(c, sess)
}

// takeFlash returns and removes the pending notification, if any.
func (s *Server) takeFlash(c echo.Context) *layout.Flash {
	sess := s.sessions.get(c)
	flashes := sess.Flashes()
	if len(flashes) == 0 {
		return nil
	}
	_ = s.sessions.save(c, sess)
	if f, ok := flashes[len(flashes)-1].(layout.Flash); ok {
		return &f
	}
	return nil
}

// requireUser lets signed-in users through, renewing their token when it is about to expire; everyone else, and a user
// whose token cannot be renewed (the session then ends), is sent to sign in and brought back afterwards.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := s.sessions.get(c)
		user, ok := s.sessions.user(sess)
		if !ok {
			return s.redirectToSignIn(c, "")
		}
		if s.lifetimeOver(user) {
			return s.endSession(c, endLifetimeReached)
		}
		if user.Token.ExpiresWithin(s.cfg.Now(), refreshMargin) {
			renewed, err := s.renew(c, sess, user)
			if err != nil {
				return s.endSession(c, renewalFailure(err))
			}
			user = renewed
		}
		c.Set(userContextKey, user)
		return next(c)
	}
}

// lifetimeOver reports whether the user's session has lived its longest: renewals do not extend a session forever.
func (s *Server) lifetimeOver(user User) bool {
	return s.cfg.Now().Sub(user.SignedInAt) >= sessionMaxAge
}

// renew exchanges the user's refresh token for new tokens and keeps them in sess.
func (s *Server) renew(c echo.Context, sess *sessions.Session, user User) (User, error) {
	renewed, err := s.services.Auth.Refresh(user.Token.RefreshToken)
	if err != nil {
		return User{}, err
	}
	user = User{Identity: renewed.Identity, Token: renewed.Token, SignedInAt: user.SignedInAt}
	sess.Values[userContextKey] = user
	return user, s.sessions.save(c, sess)
}

// Why a session ended, as the "reason" of the sign-in page's address; each has a fixed message (signInNotice), so the
// address cannot be used to put words on the page.
const (
	endRenewalRefused     = "renewal-refused"
	endRenewalUnavailable = "renewal-unavailable"
	endRenewalTimeout     = "renewal-timeout"
	endTokenRefused       = "token-refused"
	endLifetimeReached    = "lifetime-reached"
)

// renewalFailure is the reason a session ends when renewing its token failed with err.
func renewalFailure(err error) string {
	switch {
	case errors.Is(err, auth.ErrRenewalRefused):
		return endRenewalRefused
	case ibmcloud.IsKind(err, ibmcloud.KindTimeout):
		return endRenewalTimeout
	}
	return endRenewalUnavailable
}

// signInNotice is the message the sign-in page shows for the reason a session ended ("" for none or an unknown one).
func signInNotice(reason string) string {
	const prefix = "Your session expired and could not be renewed: "
	switch reason {
	case endRenewalRefused:
		return prefix + "IBM Cloud no longer accepts its sign-in (it was revoked or has run out). Sign in again to continue where you were."
	case endRenewalUnavailable:
		return prefix + "IBM Cloud sign-in (IAM) is unavailable right now. Sign in again to continue where you were; if that fails too, wait a moment."
	case endRenewalTimeout:
		return prefix + "IBM Cloud sign-in (IAM) did not answer in time. Sign in again to continue where you were; if that fails too, wait a moment."
	case endLifetimeReached:
		return "Your session ended: a session lasts at most 12 hours from sign-in, however active. Sign in again to continue where you were."
	case endTokenRefused:
		return "Your session ended: IBM Cloud refused its sign-in again right after renewing it. Sign in again to continue where you were."
	}
	return ""
}

// endSession deletes the session and sends the browser to sign in, saying why and where it will return to.
func (s *Server) endSession(c echo.Context, reason string) error {
	if err := s.sessions.end(c); err != nil {
		return err
	}
	return s.redirectToSignIn(c, reason)
}

// redirectToSignIn sends the browser to the sign-in page, remembering where it was going (for a form, the page it was
// sent from, since a form is not sent again) and, when a session ended, why.
func (s *Server) redirectToSignIn(c echo.Context, reason string) error {
	ret := c.Request().URL.RequestURI()
	if c.Request().Method != http.MethodGet {
		ret = refererPath(c.Request())
	}
	q := url.Values{}
	if ret != "/" {
		q.Set("return", ret)
	}
	if reason != "" {
		q.Set("reason", reason)
	}
	target := signInURL()
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	return s.redirect(c, target)
}

// currentUser returns the signed-in user placed in the context by requireUser.
func currentUser(c echo.Context) User {
	u, _ := c.Get(userContextKey).(User)
	return u
}

// safeReturn accepts only a local path as a place to return to, so sign-in cannot redirect off-site.
func safeReturn(ret string) string {
	if ret == "" || len(ret) > 2048 || !strings.HasPrefix(ret, "/") || strings.HasPrefix(ret, "//") || strings.HasPrefix(ret, "/\\") {
		return "/"
	}
	u, err := url.Parse(ret)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(ret, "\r\n\t") {
		return "/"
	}
	return ret
}
