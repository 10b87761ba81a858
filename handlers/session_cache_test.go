package handlers

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// newTestFileStore returns a cached filesystem store of at most limit sessions in a temporary directory, on clock.
func newTestFileStore(t *testing.T, limit int, clock *time.Time) *cachedFilesystemStore {
	dir := t.TempDir()
	files := sessions.NewFilesystemStore(dir, securecookie.GenerateRandomKey(32), securecookie.GenerateRandomKey(32))
	files.Options = &sessions.Options{Path: "/", MaxAge: int(sessionMaxAge / time.Second)}
	return newCachedFilesystemStore(files, dir, sessionMaxAge, func() time.Time { return *clock }, limit)
}

// saveSession saves a new session holding value under "v" and returns the cookie naming it.
func saveSession(t *testing.T, store *cachedFilesystemStore, value string) (*http.Cookie, string) {
	t.Helper()
	sess := sessions.NewSession(store, sessionName)
	opts := *store.files.Options
	sess.Options, sess.IsNew = &opts, true
	sess.Values["v"] = value
	rec := httptest.NewRecorder()
	if err := store.Save(httptest.NewRequest(http.MethodGet, "/", nil), rec, sess); err != nil {
		t.Fatal(err)
	}
	return rec.Result().Cookies()[0], sess.ID
}

// loadSession reads the session cookie names.
func loadSession(store *cachedFilesystemStore, cookie *http.Cookie) (*sessions.Session, error) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(cookie)
	return store.New(req, sessionName)
}

func TestSessionCacheIsBounded(t *testing.T) {
	clock := time.Now()
	store := newTestFileStore(t, 3, &clock)
	var cookies []*http.Cookie
	var ids []string
	for _, v := range []string{"a", "b", "c", "d", "e"} {
		cookie, id := saveSession(t, store, v)
		cookies, ids = append(cookies, cookie), append(ids, id)
	}
	if n := store.order.Len(); n != 3 || len(store.entries) != 3 {
		t.Fatalf("the cache holds %d sessions (%d IDs), want its limit of 3", n, len(store.entries))
	}
	// The least recently used sessions left the cache; their files still serve them.
	for i, v := range []string{"a", "b"} {
		if _, cached := store.entries[ids[i]]; cached {
			t.Errorf("session %s is still cached after 3 newer ones", v)
		}
		sess, err := loadSession(store, cookies[i])
		if err != nil || sess.IsNew || sess.Values["v"] != v {
			t.Errorf("session %s read from its file: %v, new %v, values %v", v, err, sess.IsNew, sess.Values)
		}
	}
	if n := store.order.Len(); n != 3 {
		t.Errorf("after reading two sessions from their files the cache holds %d, want 3", n)
	}
}

func TestSessionCacheForgetsDeletedSessions(t *testing.T) {
	clock := time.Now()
	store := newTestFileStore(t, 10, &clock)
	cookie, id := saveSession(t, store, "x")
	sess, err := loadSession(store, cookie)
	if err != nil || sess.IsNew || sess.Values["v"] != "x" {
		t.Fatalf("cached session: %v, new %v, values %v", err, sess.IsNew, sess.Values)
	}
	// Requests get copies: one request's change is not another's until it is saved.
	sess.Values["v"] = "changed"
	if again, _ := loadSession(store, cookie); again.Values["v"] != "x" {
		t.Errorf("an unsaved change reached the cache: %v", again.Values)
	}

	// A cached session whose file was removed (sessions revoked by hand) is not served.
	if err := os.Remove(filepath.Join(store.dir, "session_"+id)); err != nil {
		t.Fatal(err)
	}
	if after, _ := loadSession(store, cookie); !after.IsNew || after.Values["v"] != nil {
		t.Errorf("a session whose file was removed is still served: new %v, values %v", after.IsNew, after.Values)
	}

	// Deleting a cached session (sign-out) ends it.
	cookie, _ = saveSession(t, store, "y")
	sess, _ = loadSession(store, cookie)
	sess.Options.MaxAge = -1
	if err := store.Save(httptest.NewRequest(http.MethodPost, "/signout", nil), httptest.NewRecorder(), sess); err != nil {
		t.Fatal(err)
	}
	if after, _ := loadSession(store, cookie); !after.IsNew || after.Values["v"] != nil {
		t.Errorf("a deleted session is still served: new %v, values %v", after.IsNew, after.Values)
	}

	// An entry ends when its file may be swept.
	cookie, id = saveSession(t, store, "z")
	clock = clock.Add(sessionMaxAge)
	if _, cached := store.lookup(id); cached {
		t.Error("a session is still cached after the time its file may be removed")
	}
	if after, _ := loadSession(store, cookie); after.Values["v"] != "z" {
		t.Errorf("an expired entry is read again from its file: %v", after.Values)
	}
}
