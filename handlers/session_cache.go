package handlers

import (
	"container/list"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/gorilla/securecookie"
	"github.com/gorilla/sessions"
)

// sessionCacheSize is how many decoded sessions a cachedFilesystemStore keeps at most.
const sessionCacheSize = 10000

// cachedFilesystemStore is a gorilla FilesystemStore that keeps the decoded values of the sessions it read or wrote
// last in memory, so that a request reads and decodes its session file only when it is not there. Every save refreshes
// a session's entry, a deletion (sign-out, a new sign-in, a session that ended) drops it, and an entry lives no longer
// than its file may: until maxAge after the file was last written, when the sweeper may remove it. The directory is the
// process's own; a store shared between replicas (Redis) is not cached.
type cachedFilesystemStore struct {
	files  *sessions.FilesystemStore
	dir    string
	maxAge time.Duration
	now    func() time.Time
	limit  int

	mu sync.Mutex
	// entries holds the list element of each cached session ID; order has the most recently used first.
	entries map[string]*list.Element
	order   *list.List
}

// cachedSession is a session's decoded values and until when they may be used.
type cachedSession struct {
	id      string
	values  map[any]any
	expires time.Time
}

// newCachedFilesystemStore returns files, kept in dir, with a cache of at most limit sessions whose files the sweeper
// removes maxAge after they were last written.
func newCachedFilesystemStore(files *sessions.FilesystemStore, dir string, maxAge time.Duration, now func() time.Time, limit int) *cachedFilesystemStore {
	return &cachedFilesystemStore{files: files, dir: dir, maxAge: maxAge, now: now, limit: limit,
		entries: map[string]*list.Element{}, order: list.New()}
}

// Get returns the request's named session, read once per request.
func (s *cachedFilesystemStore) Get(r *http.Request, name string) (*sessions.Session, error) {
	return sessions.GetRegistry(r).Get(s, name)
}

// New returns the session named by the request's cookie from the cache, or else from its file, or a new one; the
// error says why the cookie's session could not be used.
func (s *cachedFilesystemStore) New(r *http.Request, name string) (*sessions.Session, error) {
	if cookie, err := r.Cookie(name); err == nil {
		var id string
		if securecookie.DecodeMulti(name, cookie.Value, &id, s.files.Codecs...) == nil {
			if values, ok := s.lookup(id); ok {
				sess := sessions.NewSession(s, name)
				opts := *s.files.Options
				sess.Options, sess.ID, sess.Values = &opts, id, values
				return sess, nil
			}
		}
	}
	read, err := s.files.New(r, name)
	sess := sessions.NewSession(s, name)
	sess.Options, sess.ID, sess.Values, sess.IsNew = read.Options, read.ID, read.Values, read.IsNew
	if err == nil && !sess.IsNew {
		if info, statErr := os.Stat(filepath.Join(s.dir, "session_"+sess.ID)); statErr == nil {
			s.remember(sess.ID, sess.Values, info.ModTime().Add(s.maxAge))
		}
	}
	return sess, err
}

// Save writes the session to its file and its cookie and refreshes its cache entry; a MaxAge of zero or less deletes
// the file and the entry.
func (s *cachedFilesystemStore) Save(r *http.Request, w http.ResponseWriter, sess *sessions.Session) error {
	if sess.Options.MaxAge <= 0 {
		s.forget(sess.ID)
		return s.files.Save(r, w, sess)
	}
	if err := s.files.Save(r, w, sess); err != nil {
		s.forget(sess.ID)
		return err
	}
	s.remember(sess.ID, sess.Values, s.now().Add(min(time.Duration(sess.Options.MaxAge)*time.Second, s.maxAge)))
	return nil
}

// lookup returns a copy of the cached values of session id, when cached and not expired.
func (s *cachedFilesystemStore) lookup(id string) (map[any]any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[id]
	if !ok {
		return nil, false
	}
	entry := e.Value.(*cachedSession)
	if !s.now().Before(entry.expires) {
		s.order.Remove(e)
		delete(s.entries, id)
		return nil, false
	}
	s.order.MoveToFront(e)
	return copyValues(entry.values), true
}

// remember caches a copy of the values of session id until expires, dropping the least recently used session when
// the cache is full.
func (s *cachedFilesystemStore) remember(id string, values map[any]any, expires time.Time) {
	entry := &cachedSession{id: id, values: copyValues(values), expires: expires}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		e.Value = entry
		s.order.MoveToFront(e)
		return
	}
	s.entries[id] = s.order.PushFront(entry)
	for s.order.Len() > s.limit {
		oldest := s.order.Back()
		s.order.Remove(oldest)
		delete(s.entries, oldest.Value.(*cachedSession).id)
	}
}

// forget drops session id from the cache.
func (s *cachedFilesystemStore) forget(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[id]; ok {
		s.order.Remove(e)
		delete(s.entries, id)
	}
}

// copyValues copies a session's values so that requests of the same session do not share them: the map, and the
// slices (flashes) a request appends to.
func copyValues(values map[any]any) map[any]any {
	c := maps.Clone(values)
	if c == nil {
		c = map[any]any{}
	}
	for k, v := range c {
		if list, ok := v.([]any); ok {
			c[k] = slices.Clone(list)
		}
	}
	return c
}
