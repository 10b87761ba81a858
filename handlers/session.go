package handlers

import (
	"crypto/rand"
	"encoding/gob"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"

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
}

func init() {
	gob.Register(User{})
	gob.Register(layout.Flash{})
}

// sessionStore keeps sessions server-side, encrypted, in a directory; the cookie carries only the signed session ID.
type sessionStore struct {
	store *sessions.FilesystemStore
}

func newSessionStore(dir string, secure bool) (*sessionStore, error) {
	if dir == "" {
		return nil, errors.New("handlers: a session directory is required")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	hashKey, blockKey := make([]byte, 64), make([]byte, 32)
	if _, err := rand.Read(hashKey); err != nil {
		return nil, err
	}
	if _, err := rand.Read(blockKey); err != nil {
		return nil, err
	}
	store := sessions.NewFilesystemStore(dir, hashKey, blockKey)
	store.MaxLength(64 << 10)
	store.Options = &sessions.Options{Path: "/", MaxAge: 12 * 3600, HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode}
	return &sessionStore{store: store}, nil
}

func (s *sessionStore) get(c echo.Context) *sessions.Session {
	sess, err := s.store.Get(c.Request(), sessionName)
	if err != nil {
		// An unreadable or forged cookie starts a fresh session.
		sess = sessions.NewSession(s.store, sessionName)
		sess.Options = s.options()
		sess.IsNew = true
	}
	return sess
}

func (s *sessionStore) options() *sessions.Options {
	o := *s.store.Options
	return &o
}

// start replaces any session of the request with a new one, under a new ID, holding user.
func (s *sessionStore) start(c echo.Context, user User) error {
	old := s.get(c)
	if old.ID != "" {
		old.Options = s.options()
		old.Options.MaxAge = -1
		if err := s.store.Save(c.Request(), c.Response(), old); err != nil {
			return err
		}
	}
	fresh := sessions.NewSession(s.store, sessionName)
	fresh.Options = s.options()
	fresh.IsNew = true
	fresh.Values[userContextKey] = user
	return s.store.Save(c.Request(), c.Response(), fresh)
}

// end deletes the request's session.
func (s *sessionStore) end(c echo.Context) error {
	sess := s.get(c)
	sess.Options = s.options()
	sess.Options.MaxAge = -1
	return s.store.Save(c.Request(), c.Response(), sess)
}

func (s *sessionStore) user(sess *sessions.Session) (User, bool) {
	u, ok := sess.Values[userContextKey].(User)
	return u, ok && u.Token.AccessToken != ""
}

// addFlash stores a notification to show on the next page.
func (s *Server) addFlash(c echo.Context, flash layout.Flash) {
	sess := s.sessions.get(c)
	sess.AddFlash(flash)
	_ = s.sessions.store.Save(c.Request(), c.Response(), sess)
}

// takeFlash returns and removes the pending notification, if any.
func (s *Server) takeFlash(c echo.Context) *layout.Flash {
	sess := s.sessions.get(c)
	flashes := sess.Flashes()
	if len(flashes) == 0 {
		return nil
	}
	_ = s.sessions.store.Save(c.Request(), c.Response(), sess)
	if f, ok := flashes[len(flashes)-1].(layout.Flash); ok {
		return &f
	}
	return nil
}

// requireUser lets signed-in users through, renewing their token when it is about to expire, and sends everyone else to sign in.
func (s *Server) requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		sess := s.sessions.get(c)
		user, ok := s.sessions.user(sess)
		if ok && user.Token.ExpiresWithin(s.cfg.Now(), refreshMargin) {
			renewed, err := s.services.Auth.Refresh(user.Token.RefreshToken)
			if err != nil {
				ok = false
			} else {
				user = User{Identity: renewed.Identity, Token: renewed.Token}
				sess.Values[userContextKey] = user
				if err := s.sessions.store.Save(c.Request(), c.Response(), sess); err != nil {
					return err
				}
			}
		}
		if !ok {
			return s.redirectToSignIn(c)
		}
		c.Set(userContextKey, user)
		return next(c)
	}
}

// redirectToSignIn sends the browser to the sign-in page, remembering where it was going.
func (s *Server) redirectToSignIn(c echo.Context) error {
	target := "/signin"
	if ret := c.Request().URL.RequestURI(); c.Request().Method == http.MethodGet && ret != "/" {
		target += "?return=" + url.QueryEscape(ret)
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
