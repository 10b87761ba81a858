// Package usercache remembers answers per user for a short time, so that pages read again cost no upstream call.
package usercache

import (
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

// Store holds remembered answers until they expire or are forgotten.
type Store struct {
	ttl      time.Duration
	now      func() time.Time
	versions Versions

	mu      sync.Mutex
	entries map[Key]entry
}

// New returns a Store that remembers answers for ttl (0 remembers nothing), reading the time from now (time.Now when
// nil). With versions, an answer is used only while its versions are current, and forgetting moves them on for every
// replica; when the versions cannot be read, nothing remembered is used or kept. Without, forgetting is this process's.
func New(ttl time.Duration, now func() time.Time, versions Versions) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{ttl: ttl, now: now, versions: versions, entries: map[Key]entry{}}
}

// One returns the fresh remembered value of key, or calls fetch and remembers a successful answer.
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
	s.mu.Unlock()
	v, err := fetch()
	if err != nil {
		return v, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.entries) >= pruneAbove {
		for k, e := range s.entries {
			if !now.Before(e.expires) {
				delete(s.entries, k)
			}
		}
	}
	s.entries[key] = entry{value: clone(v), expires: now.Add(s.ttl), version: version}
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
}
