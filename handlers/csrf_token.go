package handlers

import (
	"crypto/rand"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"
)

// csrfTokenOf returns the request's CSRF token: the signed-in session's own, made at its first use, so that a token of
// one session fails in any other; before sign-in, the browser's CSRF cookie, set when it has none. It fails when the
// session store does not answer.
func (s *Server) csrfTokenOf(c echo.Context) (string, error) {
	sess, err := s.sessions.load(c)
	if err != nil {
		return "", err
	}
	if _, ok := s.sessions.user(sess); ok {
		if token, _ := sess.Values[csrfSessionKey].(string); token != "" {
			return token, nil
		}
		token := newCSRFToken()
		sess.Values[csrfSessionKey] = token
		return token, s.sessions.save(c, sess)
	}
	if cookie, err := c.Request().Cookie(csrfCookie); err == nil && len(cookie.Value) == 43 {
		return cookie.Value, nil
	}
	token := newCSRFToken()
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteStrictMode})
	return token, nil
}

// newCSRFToken returns 32 random bytes, base64url-encoded (43 characters).
func newCSRFToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// csrfToken returns the request's CSRF token, set by the csrf middleware.
func csrfToken(c echo.Context) string {
	token, _ := c.Get(csrfContextKey).(string)
	return token
}
