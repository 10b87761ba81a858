// Package usercache remembers answers per user for a short time, so that pages read again cost no upstream call.
package usercache

import (
	"errors"
	"slices"
	"sync"
	"time"
)

// DefaultTTL is how long a user's answers are remembered: long enough to make a panel's changes cheap, short enough
// that changes made elsewhere show soon.
const DefaultTTL = 30 * time.Second

// pruneAbove is the number of entries above which expired ones are swept on every write.
const pruneAbove = 512

// Key names one remembered answer: whose it is ("" for every user alike), what kind of answer, and about what.
type Key struct {
	User, Kind, ID string
}

// Versions keeps the versions of remembered answers where every replica of the console reads them: a Forget on one
// replica moves them on, so that no replica serves an answer remembered before it.
type Versions interface {
	// Current returns the current versions of key's user and of key.
	Current(key Key) (Version, error)
	// BumpUser moves on the version of every answer of user.
	BumpUser(user string) error
	// BumpKey moves on the version of key.
	BumpKey(key Key) error
}

// Version is what a remembered answer was read under: the versions of its user and of its key.
type Version struct {
	User, Key int64
}

type entry struct {
	value   any
	expires time.Time
	version Version
}

// errNotFetched is the outcome of a fetch that panicked.
var errNotFetched = errors.New("usercache: the fetch did not return")

// flight is a fetch under way, which callers asking for the same answer under the same version wait for.
type flight struct {
	done    chan struct{}
	version Version
	value   any
	err     error
}

// Store holds remembered answers until they expire or are forgotten.
type Store struct {
	ttl      time.Duration
	now      func() time.Time
	versions Versions

	mu      sync.Mutex
	entries map[Key]entry
	flights map[Key]*flight
}

// New returns a Store that remembers answers for ttl (0 remembers nothing), reading the time from now (time.Now when
// nil). With versions, an answer is used only while its versions are current, and forgetting moves them on for every
// replica; when the versions cannot be read, nothing remembered is used or kept. Without, forgetting is this process's.
func New(ttl time.Duration, now func() time.Time, versions Versions) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{ttl: ttl, now: now, versions: versions, entries: map[Key]entry{}, flights: map[Key]*flight{}}
}

// One returns the fresh remembered value of key, or calls fetch and remembers a successful answer. A caller that finds
// a fetch of the same answer under way waits for it rather than fetching again (the fetch's own limits bound the
// wait); should that fetch fail, the caller fetches itself.
func One[T any](s *Store, key Key, fetch func() (T, error)) (T, error) {
	return remember(s, key, func(v T) T { return v }, fetch)
}

// List is One for lists; it hands out copies, so callers cannot change what is remembered.
func List[E any](s *Store, key Key, fetch func() ([]E, error)) ([]E, error) {
	return remember(s, key, slices.Clone[[]E], fetch)
}

func remember[T any](s *Store, key Key, clone func(T) T, fetch func() (T, error)) (T, error) {
	if s.ttl <= 0 {
		return fetch()
	}
	var version Version
	if s.versions != nil {
		// Read before fetching, so that a Forget during the fetch leaves the answer outdated.
		v, err := s.versions.Current(key)
		if err != nil {
			return fetch()
		}
		version = v
	}
	now := s.now()
	s.mu.Lock()
	if e, ok := s.entries[key]; ok && now.Before(e.expires) && e.version == version {
		s.mu.Unlock()
		return clone(e.value.(T)), nil
	}
	if f, ok := s.flights[key]; ok && f.version == version {
		s.mu.Unlock()
		<-f.done
		if f.err == nil {
			return clone(f.value.(T)), nil
		}
		return remember(s, key, clone, fetch)
	}
	f := &flight{done: make(chan struct{}), version: version}
	s.flights[key] = f
	s.mu.Unlock()
	landed := false
	defer func() {
		if !landed {
			// fetch panicked: release those waiting, who then fetch themselves.
			s.mu.Lock()
			if s.flights[key] == f {
				delete(s.flights, key)
			}
			s.mu.Unlock()
			f.err = errNotFetched
			close(f.done)
		}
	}()
	v, err := fetch()
	landed = true
	f.value, f.err = clone(v), err
	s.mu.Lock()
	defer s.mu.Unlock()
	defer close(f.done)
	if s.flights[key] != f {
		// Forgotten while it was fetched: what it read is handed to those who asked before, and not remembered.
		return v, err
	}
	delete(s.flights, key)
	if err != nil {
		return v, err
	}
	if len(s.entries) >= pruneAbove {
		for k, e := range s.entries {
			if !now.Before(e.expires) {
				delete(s.entries, k)
			}
		}
	}
	s.entries[key] = entry{value: f.value, expires: now.Add(s.ttl), version: version}
	return v, nil
}

// Peek returns the fresh remembered value of key, and whether there is one; it reads nothing upstream.
func Peek[T any](s *Store, key Key) (T, bool) {
	var zero T
	if s.ttl <= 0 {
		return zero, false
	}
	var version Version
	if s.versions != nil {
		v, err := s.versions.Current(key)
		if err != nil {
			return zero, false
		}
		version = v
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[key]; ok && now.Before(e.expires) && e.version == version {
		return e.value.(T), true
	}
	return zero, false
}

// Put remembers value under key as an answer read now (write-through after a change the console made and whose result
// it knows); call it after the change's Forget, so that other replicas have dropped what they remembered.
func Put[T any](s *Store, key Key, value T) {
	if s.ttl <= 0 {
		return
	}
	var version Version
	if s.versions != nil {
		v, err := s.versions.Current(key)
		if err != nil {
			return
		}
		version = v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.entries[key] = entry{value: value, expires: s.now().Add(s.ttl), version: version}
}

// ForgetUser drops every answer remembered for user, on every replica.
func (s *Store) ForgetUser(user string) {
	s.forget(func(k Key) bool { return k.User == user })
	if s.versions != nil {
		// Should the versions not move on, the other replicas cannot read them either, and use nothing remembered.
		_ = s.versions.BumpUser(user)
	}
}

// ForgetKey drops the answer remembered under key, on every replica.
func (s *Store) ForgetKey(key Key) {
	s.forget(func(k Key) bool { return k == key })
	if s.versions != nil {
		_ = s.versions.BumpKey(key)
	}
}

func (s *Store) forget(match func(Key) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.entries {
		if match(k) {
			delete(s.entries, k)
		}
	}
	// A fetch under way began before the change: later callers do not wait for it, and it remembers nothing.
	for k := range s.flights {
		if match(k) {
			delete(s.flights, k)
		}
	}
}
