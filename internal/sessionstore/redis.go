package sessionstore

import (
	"context"
	"encoding/base32"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
	"github.com/redis/go-redis/v9"
)

// ErrUnavailable is wrapped by every error of a store that could not be reached or did not answer in time, as opposed
// to a cookie that is forged, unreadable or names a session that has ended.
var ErrUnavailable = errors.New("the session store is unavailable")

// errEnded says a cookie names a session the store no longer holds (signed out, or past its expiry).
var errEnded = errors.New("the session has ended")

// maxSessionBytes bounds a session's encoded size.
const maxSessionBytes = 64 << 10

// Redis is a gorilla/sessions store that keeps each session in Redis under its ID, signed and encrypted with the
// keys, with the session's MaxAge as the key's TTL; the cookie carries only the signed ID.
type Redis struct {
	client redis.UniversalClient
	codecs []securecookie.Codec
	prefix string
	// Options are the cookie options of new sessions.
	Options *sessions.Options
}

// NewRedis returns a store over client that signs with the first of keys and accepts all of them.
func NewRedis(client redis.UniversalClient, keys [][]byte) *Redis {
	codecs := securecookie.CodecsFromPairs(KeyPairs(keys)...)
	for _, c := range codecs {
		c.(*securecookie.SecureCookie).MaxLength(maxSessionBytes)
	}
	return &Redis{client: client, codecs: codecs, prefix: "console:session:", Options: &sessions.Options{Path: "/", MaxAge: 86400}}
}

// Get returns the request's named session, read once per request.
func (s *Redis) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New returns the session named by the request's cookie, or a new one; the error says why the cookie's session could
// not be used (wrapping ErrUnavailable when Redis did not answer).
func (s *Redis) New(r *http.Request, name string) (*sessions.Session, error) {
	sess := sessions.NewSession(s, name)
	opts := *s.Options
	sess.Options, sess.IsNew = &opts, true
	cookie, err := r.Cookie(name)
	if err != nil {
		return sess, nil
	}
	var id string
	if err := securecookie.DecodeMulti(name, cookie.Value, &id, s.codecs...); err != nil {
		return sess, err
	}
	data, err := s.client.Get(r.Context(), s.prefix+id).Result()
	if errors.Is(err, redis.Nil) {
		return sess, errEnded
	}
	if err != nil {
		return sess, s.fail("reading a session", err)
	}
	if err := securecookie.DecodeMulti(name, data, &sess.Values, s.codecs...); err != nil {
		return sess, err
	}
	sess.ID, sess.IsNew = id, false
	return sess, nil
}

// Save writes the session with its MaxAge as TTL and sets its cookie; a MaxAge of zero or less deletes it.
func (s *Redis) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options.MaxAge <= 0 {
		if sess.ID != "" {
			if err := s.client.Del(r.Context(), s.prefix+sess.ID).Err(); err != nil {
				return s.fail("deleting a session", err)
			}
		}
		http.SetCookie(w, sessions.NewCookie(sess.Name(), "", sess.Options))
		return nil
	}
	if sess.ID == "" {
		sess.ID = base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(securecookie.GenerateRandomKey(32))
	}
	data, err := securecookie.EncodeMulti(sess.Name(), sess.Values, s.codecs...)
	if err != nil {
		return err
	}
	ttl := time.Duration(sess.Options.MaxAge) * time.Second
	if err := s.client.Set(r.Context(), s.prefix+sess.ID, data, ttl).Err(); err != nil {
		return s.fail("writing a session", err)
	}
	cookie, err := securecookie.EncodeMulti(sess.Name(), sess.ID, s.codecs...)
	if err != nil {
		return err
	}
	http.SetCookie(w, sessions.NewCookie(sess.Name(), cookie, sess.Options))
	return nil
}

// Ready returns nil when Redis answers a ping.
func (s *Redis) Ready(ctx context.Context) error {
	if err := s.client.Ping(ctx).Err(); err != nil {
		return s.fail("answering a ping", err)
	}
	return nil
}

// fail is the one place every Redis failure of the store passes: it says what was being done and wraps ErrUnavailable.
func (s *Redis) fail(doing string, err error) error {
	return fmt.Errorf("%w (%s): %w", ErrUnavailable, doing, err)
}
