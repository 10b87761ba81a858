package sessionstore

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gorilla/sessions"

	"appconfig-console/internal/redistest"
)

// save saves a new session holding v in store and returns its cookie.
func save(t *testing.T, store *Redis, v string) *http.Cookie {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	sess, err := store.New(r, "console")
	if err != nil {
		t.Fatal(err)
	}
	sess.Values["v"] = v
	w := httptest.NewRecorder()
	if err := store.Save(r, w, sess); err != nil {
		t.Fatal(err)
	}
	return w.Result().Cookies()[0]
}

// load reads the session of cookie from store, each time as a new request.
func load(store *Redis, cookie *http.Cookie) (*sessions.Session, error) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(cookie)
	return store.Get(r, "console")
}

// TestRedisStoreKeysAndOutage: a session saved with one key is read by a store that has a new key first and the old
// one after (rotation), and re-signed with the new key; other keys, forged cookies and ended sessions give a fresh
// session without claiming the store is down; a stopped Redis is reported as ErrUnavailable, by Ready too.
func TestRedisStoreKeysAndOutage(t *testing.T) {
	server := redistest.Start(t)
	oldKey, newKey := []byte("an old session key, at least 32 bytes"), []byte("a new session key, at least 32 bytes")
	before := NewRedis(server.Client(), [][]byte{oldKey})
	rotated := NewRedis(server.Client(), [][]byte{newKey, oldKey})
	onlyNew := NewRedis(server.Client(), [][]byte{newKey})

	cookie := save(t, before, "signed with the old key")
	sess, err := load(rotated, cookie)
	if err != nil || sess.IsNew || sess.Values["v"] != "signed with the old key" {
		t.Fatalf("after rotation: %v, %v", sess.Values, err)
	}
	if _, err := load(onlyNew, cookie); err == nil || errors.Is(err, ErrUnavailable) {
		t.Errorf("a cookie of a retired key: err = %v, want refused", err)
	}
	w := httptest.NewRecorder()
	if err := rotated.Save(httptest.NewRequest(http.MethodGet, "/", nil), w, sess); err != nil {
		t.Fatal(err)
	}
	if sess, err := load(onlyNew, w.Result().Cookies()[0]); err != nil || sess.Values["v"] != "signed with the old key" {
		t.Errorf("re-signed with the new key: %v, %v", sess.Values, err)
	}

	forged := *cookie
	forged.Value = "x" + forged.Value[1:]
	if _, err := load(rotated, &forged); err == nil || errors.Is(err, ErrUnavailable) {
		t.Errorf("a forged cookie: err = %v", err)
	}
	sess.Options.MaxAge = -1
	if err := rotated.Save(httptest.NewRequest(http.MethodGet, "/", nil), httptest.NewRecorder(), sess); err != nil {
		t.Fatal(err)
	}
	if s, err := load(rotated, cookie); !errors.Is(err, errEnded) || !s.IsNew {
		t.Errorf("an ended session: err = %v", err)
	}

	if err := rotated.Ready(t.Context()); err != nil {
		t.Errorf("Ready: %v", err)
	}
	live := save(t, rotated, "x")
	server.Stop()
	if _, err := load(rotated, live); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Redis stopped: err = %v, want ErrUnavailable", err)
	}
	if err := rotated.Ready(t.Context()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Redis stopped: Ready = %v", err)
	}
}
