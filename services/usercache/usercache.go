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

type entry struct {
	value   any
	expires time.Time
}

// Store holds remembered answers until they expire or are forgotten.
type Store struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[Key]entry
}

// New returns a Store that remembers answers for ttl (0 remembers nothing), reading the time from now (time.Now when nil).
func New(ttl time.Duration, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{ttl: ttl, now: now, entries: map[Key]entry{}}
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
	now := s.now()
	s.mu.Lock()
	if e, ok := s.entries[key]; ok && now.Before(e.expires) {
		s.mu.Unlock()
		return clone(e.value.(T)), nil
	}
	s.mu.Unlock()
	v, err := fetch()
	if err != nil || s.ttl <= 0 {
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
	s.entries[key] = entry{value: clone(v), expires: now.Add(s.ttl)}
	return v, nil
}

// Forget drops every remembered answer whose key matches.
func (s *Store) Forget(match func(Key) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.entries {
		if match(k) {
			delete(s.entries, k)
		}
	}
}
