package handlers

import (
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// sessionCacheSize is how many decoded sessions a cachedFilesystemStore keeps at most.
const sessionCacheSize = 10000

// cachedFilesystemStore is a gorilla FilesystemStore that keeps the decoded values of the sessions it read or wrote
// last in memory, so that a request checks its session file's modification time instead of reading and decoding it.
// Every save refreshes a session's entry, a deletion (sign-out, a new sign-in, a session that ended) drops it, an entry
// whose file was removed or written by anyone else is not used, and an entry lives no longer than its file may: until
// maxAge after the file was last written, when the sweeper may remove it. A store shared between replicas (Redis) is
// not cached.
type cachedFilesystemStore struct {
	files  *sessions.FilesystemStore
	dir    string
	maxAge time.Duration
	now    func() time.Time
	// saving makes a file's write, its modification time and its entry one step, so that an entry never pairs one
	// save's values with another's file.
	saving sync.Mutex
	sessionLRU
}

// newCachedFilesystemStore returns files, kept in dir, with a cache of at most limit sessions whose files the sweeper
// removes maxAge after they were last written.
func newCachedFilesystemStore(files *sessions.FilesystemStore, dir string, maxAge time.Duration, now func() time.Time, limit int) *cachedFilesystemStore {
	return &cachedFilesystemStore{files: files, dir: dir, maxAge: maxAge, now: now, sessionLRU: newSessionLRU(limit)}
}

// Get returns the request's named session, read once per request.
func (s *cachedFilesystemStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New returns the session named by the request's cookie from the cache, or else from its file, or a new one; the
// error says why the cookie's session could not be used.
func (s *cachedFilesystemStore) New(r *http.Request, name string) (*sessions.Session, error) {
	var id string
	var before os.FileInfo
	statErr := os.ErrNotExist
	if cookie, err := r.Cookie(name); err == nil && securecookie.DecodeMulti(name, cookie.Value, &id, s.files.Codecs...) == nil {
		if values, ok := s.lookup(id); ok {
			sess := sessions.NewSession(s, name)
			opts := *s.files.Options
			sess.Options, sess.ID, sess.Values = &opts, id, values
			return sess, nil
		}
		before, statErr = os.Stat(s.file(id))
	}
	read, err := s.files.New(r, name)
	sess := sessions.NewSession(s, name)
	sess.Options, sess.ID, sess.Values, sess.IsNew = read.Options, read.ID, read.Values, read.IsNew
	if err == nil && !sess.IsNew && id == sess.ID && statErr == nil {
		// The modification time from before the read: should a save come between, the entry does not match its file.
		s.remember(sess.ID, sess.Values, before.ModTime().Add(s.maxAge), before.ModTime())
	}
	return sess, err
}

// Save writes the session to its file and its cookie and refreshes its cache entry; a MaxAge of zero or less deletes
// the file and the entry.
func (s *cachedFilesystemStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options.MaxAge <= 0 {
		s.drop(sess.ID)
		return s.files.Save(r, w, sess)
	}
	s.saving.Lock()
	defer s.saving.Unlock()
	if err := s.files.Save(r, w, sess); err != nil {
		s.drop(sess.ID)
		return err
	}
	info, err := os.Stat(s.file(sess.ID))
	if err != nil {
		s.drop(sess.ID)
		return nil
	}
	s.remember(sess.ID, sess.Values, s.now().Add(min(time.Duration(sess.Options.MaxAge)*time.Second, s.maxAge)), info.ModTime())
	return nil
}

// file is the path of session id's file, as FilesystemStore names it.
func (s *cachedFilesystemStore) file(id string) string {
	return filepath.Join(s.dir, "session_"+id)
}

// lookup returns a copy of the cached values of session id, when cached, not expired, and its file is the one they
// were read from or written to.
func (s *cachedFilesystemStore) lookup(id string) (map[any]any, bool) {
	info, statErr := os.Stat(s.file(id))
	return s.take(id, func(entry *cachedSession) bool {
		return statErr == nil && info.ModTime().Equal(entry.modified) && s.now().Before(entry.expires)
	})
}

// remember caches a copy of the values of session id, as in its file of modification time modified, until expires.
func (s *cachedFilesystemStore) remember(id string, values map[any]any, expires, modified time.Time) {
	s.put(cachedSession{id: id, values: values, expires: expires, modified: modified})
}
