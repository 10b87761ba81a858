package handlers

import (
	"container/list"
	"maps"
	"slices"
	"sync"
	"time"
)

// sessionLRU holds the decoded values of at most limit sessions, dropping the least recently used when full.
type sessionLRU struct {
	limit int
	mu    sync.Mutex
	// entries holds the list element of each cached session ID; order has the most recently used first.
	entries map[string]*list.Element
	order   *list.List
}

// cachedSession is a session's decoded values and until when they may be used.
type cachedSession struct {
	id      string
	values  map[any]any
	expires time.Time
	// modified is the modification time of the session's file when the values were read or written.
	modified time.Time
}

// newSessionLRU returns an empty cache of at most limit sessions.
func newSessionLRU(limit int) sessionLRU {
	return sessionLRU{limit: limit, entries: map[string]*list.Element{}, order: list.New()}
}

// take returns a copy of the cached values of session id when cached and usable says they may be used; an entry they
// may not is dropped.
func (l *sessionLRU) take(id string, usable func(*cachedSession) bool) (map[any]any, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.entries[id]
	if !ok {
		return nil, false
	}
	entry := e.Value.(*cachedSession)
	if !usable(entry) {
		l.order.Remove(e)
		delete(l.entries, id)
		return nil, false
	}
	l.order.MoveToFront(e)
	return copyValues(entry.values), true
}

// put caches a copy of entry's values, dropping the least recently used session when the cache is full.
func (l *sessionLRU) put(entry cachedSession) {
	entry.values = copyValues(entry.values)
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.entries[entry.id]; ok {
		e.Value = &entry
		l.order.MoveToFront(e)
		return
	}
	l.entries[entry.id] = l.order.PushFront(&entry)
	for l.order.Len() > l.limit {
		oldest := l.order.Back()
		l.order.Remove(oldest)
		delete(l.entries, oldest.Value.(*cachedSession).id)
	}
}

// drop removes session id from the cache.
func (l *sessionLRU) drop(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.entries[id]; ok {
		l.order.Remove(e)
		delete(l.entries, id)
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
