package cloudsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Durability and concurrency: a published state is immutable. A write copies the state's maps (not the records),
// replaces the records it changes (see state.editKey), commits exactly the changed records in one bbolt transaction
// (bbolt fsyncs on commit), and only then publishes the new state and answers. A crash therefore loses no acknowledged
// write and never leaves a half-applied one; readers never lock. bbolt was chosen over a JSON snapshot written with
// fsync+rename because it gives atomic, fsynced multi-record commits that write only what changed, without
// hand-written rename and directory-fsync logic.

// Bucket names of the store.
const (
	bucketMeta          = "meta"
	bucketUsers         = "users"
	bucketGroups        = "resource_groups"
	bucketInstances     = "resource_instances"
	bucketKeys          = "keys"
	bucketRegistrations = "registrations"
	bucketPolicies      = "policies"
	bucketIntegrations  = "integrations"
	metaRecord          = "meta"
)

// store holds the current state in memory and, when it has a database, on disk.
type store struct {
	mu  sync.Mutex // serialises writers
	db  *bolt.DB
	cur atomic.Pointer[state]
}

// openStore opens the store in dataDir ("" means memory only). It seeds it when it is empty or when reset is set.
func openStore(dataDir string, reset bool, seed func() *state) (*store, error) {
	s := &store{}
	s.cur.Store(&state{Meta: &meta{}})
	if dataDir != "" {
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			return nil, fmt.Errorf("cloudsim: create data dir: %w", err)
		}
		db, err := bolt.Open(filepath.Join(dataDir, "cloudsim.db"), 0o600, &bolt.Options{Timeout: 2 * time.Second})
		if err != nil {
			return nil, fmt.Errorf("cloudsim: open database: %w", err)
		}
		s.db = db
		var st *state
		var found bool
		if err := db.View(func(tx *bolt.Tx) error {
			st, found, err = loadState(tx)
			return err
		}); err != nil {
			db.Close()
			return nil, fmt.Errorf("cloudsim: read database: %w", err)
		}
		s.cur.Store(st)
		if found && !reset {
			return s, nil
		}
	}
	if err := s.replace(seed()); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// read returns the current state; callers must not modify it.
func (s *store) read() *state { return s.cur.Load() }

// update applies fn to a copy of the state and, if fn succeeds, persists and publishes the copy. fn may add and
// delete records but must replace, never modify, a record it changes.
func (s *store) update(fn func(*state) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.cur.Load().clone()
	if err := fn(next); err != nil {
		return err
	}
	return s.commit(next)
}

// replace persists and publishes st as the whole state.
func (s *store) replace(st *state) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.commit(st)
}

// commit writes the records of next that differ from the published state, then publishes next. Callers hold s.mu.
func (s *store) commit(next *state) error {
	if s.db != nil {
		old := s.cur.Load()
		if err := s.db.Update(func(tx *bolt.Tx) error { return writeChanges(tx, old, next) }); err != nil {
			return fmt.Errorf("cloudsim: write database: %w", err)
		}
	}
	s.cur.Store(next)
	return nil
}

// close closes the database.
func (s *store) close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// clone returns a copy of st whose maps may be changed; the records are shared, so changed records must be replaced.
func (st *state) clone() *state {
	m := *st.Meta
	return &state{
		Meta:          &m,
		Users:         maps.Clone(st.Users),
		Groups:        maps.Clone(st.Groups),
		Instances:     maps.Clone(st.Instances),
		Keys:          maps.Clone(st.Keys),
		Registrations: maps.Clone(st.Registrations),
		Policies:      maps.Clone(st.Policies),
		Integrations:  maps.Clone(st.Integrations),
	}
}

// editKey replaces key k in st by a copy and returns the copy, which may be changed.
func (st *state) editKey(k *key) *key {
	c := *k
	st.Keys[c.ID] = &c
	return &c
}

// writeChanges puts the records of next that are not the same record in old, and deletes those next no longer has.
func writeChanges(tx *bolt.Tx, old, next *state) error {
	metaJSON, err := json.Marshal(next.Meta)
	if err != nil {
		return err
	}
	b, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
	if err != nil {
		return err
	}
	return errors.Join(
		b.Put([]byte(metaRecord), metaJSON),
		syncBucket(tx, bucketUsers, old.Users, next.Users),
		syncBucket(tx, bucketGroups, old.Groups, next.Groups),
		syncBucket(tx, bucketInstances, old.Instances, next.Instances),
		syncBucket(tx, bucketKeys, old.Keys, next.Keys),
		syncBucket(tx, bucketRegistrations, old.Registrations, next.Registrations),
		syncBucket(tx, bucketPolicies, old.Policies, next.Policies),
		syncBucket(tx, bucketIntegrations, old.Integrations, next.Integrations),
	)
}

// syncBucket makes bucket name hold next, given that it holds old.
func syncBucket[T any](tx *bolt.Tx, name string, old, next map[string]*T) error {
	b, err := tx.CreateBucketIfNotExists([]byte(name))
	if err != nil {
		return err
	}
	for id, v := range next {
		if old[id] == v {
			continue
		}
		raw, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%s %q: %w", name, id, err)
		}
		if err := b.Put([]byte(id), raw); err != nil {
			return err
		}
	}
	for id := range old {
		if _, ok := next[id]; !ok {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadState reads the whole state; found is false when the database has never been written.
func loadState(tx *bolt.Tx) (st *state, found bool, err error) {
	st = &state{Meta: &meta{}}
	if b := tx.Bucket([]byte(bucketMeta)); b != nil {
		if raw := b.Get([]byte(metaRecord)); raw != nil {
			found = true
			if err := json.Unmarshal(raw, st.Meta); err != nil {
				return nil, false, fmt.Errorf("meta: %w", err)
			}
		}
	}
	var errs [7]error
	st.Users, errs[0] = loadBucket[user](tx, bucketUsers)
	st.Groups, errs[1] = loadBucket[resourceGroup](tx, bucketGroups)
	st.Instances, errs[2] = loadBucket[instance](tx, bucketInstances)
	st.Keys, errs[3] = loadBucket[key](tx, bucketKeys)
	st.Registrations, errs[4] = loadBucket[registration](tx, bucketRegistrations)
	st.Policies, errs[5] = loadBucket[policy](tx, bucketPolicies)
	st.Integrations, errs[6] = loadBucket[integration](tx, bucketIntegrations)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, false, err
	}
	return st, found, nil
}

// loadBucket decodes every record of a bucket (an absent bucket is empty).
func loadBucket[T any](tx *bolt.Tx, name string) (map[string]*T, error) {
	out := map[string]*T{}
	b := tx.Bucket([]byte(name))
	if b == nil {
		return out, nil
	}
	err := b.ForEach(func(k, raw []byte) error {
		v := new(T)
		if err := json.Unmarshal(raw, v); err != nil {
			return fmt.Errorf("%s %q: %w", name, k, err)
		}
		out[string(k)] = v
		return nil
	})
	return out, err
}
