package cloudsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Durability: every write builds a new state from a deep copy, encodes each record, and commits the records that
// changed in one bbolt transaction (bbolt fsyncs on commit) before the new state is published and the request is
// answered. A crash therefore loses no acknowledged write and never leaves a half-applied one. bbolt was chosen over a
// JSON snapshot with fsync+rename because it gives atomic, fsynced multi-record commits and writes only the records
// that changed, without hand-written rename and directory-fsync logic.

// encodedState is a state as bucket -> record ID -> JSON.
type encodedState map[string]map[string][]byte

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
	enc encodedState
}

// openStore opens the store in dataDir ("" means memory only). It seeds it when it is empty or when reset is set.
func openStore(dataDir string, reset bool, seed func() *state) (*store, error) {
	s := &store{}
	if dataDir != "" {
		if err := os.MkdirAll(dataDir, 0o755); err != nil {
			return nil, fmt.Errorf("cloudsim: create data dir: %w", err)
		}
		db, err := bolt.Open(filepath.Join(dataDir, "cloudsim.db"), 0o600, &bolt.Options{Timeout: 2 * time.Second})
		if err != nil {
			return nil, fmt.Errorf("cloudsim: open database: %w", err)
		}
		s.db = db
		enc, err := s.load()
		if err != nil {
			db.Close()
			return nil, err
		}
		if len(enc[bucketMeta]) > 0 && !reset {
			st, err := decodeState(enc)
			if err != nil {
				db.Close()
				return nil, fmt.Errorf("cloudsim: decode database: %w", err)
			}
			s.enc = enc
			s.cur.Store(st)
			return s, nil
		}
		s.enc = enc
	}
	if err := s.replace(seed()); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// load reads every record of the database.
func (s *store) load() (encodedState, error) {
	enc := encodedState{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			m := map[string][]byte{}
			enc[string(name)] = m
			return b.ForEach(func(k, v []byte) error {
				m[string(k)] = bytes.Clone(v)
				return nil
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("cloudsim: read database: %w", err)
	}
	return enc, nil
}

// read returns the current state; callers must not modify it.
func (s *store) read() *state { return s.cur.Load() }

// update applies fn to a copy of the state and, if fn succeeds, persists and publishes the copy.
func (s *store) update(fn func(*state) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	next, err := decodeState(s.enc)
	if err != nil {
		return err
	}
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
	enc, err := encodeState(next)
	if err != nil {
		return err
	}
	if s.db != nil {
		if err := s.db.Update(func(tx *bolt.Tx) error { return writeDiff(tx, s.enc, enc) }); err != nil {
			return fmt.Errorf("cloudsim: write database: %w", err)
		}
	}
	s.enc = enc
	s.cur.Store(next)
	return nil
}

// writeDiff puts the changed records of next and deletes the records that are gone.
func writeDiff(tx *bolt.Tx, old, next encodedState) error {
	for name, recs := range next {
		b, err := tx.CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return err
		}
		for id, v := range recs {
			if prev, ok := old[name][id]; ok && bytes.Equal(prev, v) {
				continue
			}
			if err := b.Put([]byte(id), v); err != nil {
				return err
			}
		}
		for id := range old[name] {
			if _, ok := recs[id]; !ok {
				if err := b.Delete([]byte(id)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// close closes the database.
func (s *store) close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// encodeState encodes every record of st.
func encodeState(st *state) (encodedState, error) {
	enc := encodedState{}
	var errs []error
	add := func(name string, m map[string][]byte, err error) {
		enc[name] = m
		errs = append(errs, err)
	}
	metaJSON, err := json.Marshal(st.Meta)
	add(bucketMeta, map[string][]byte{metaRecord: metaJSON}, err)
	m, err := encodeMap(st.Users)
	add(bucketUsers, m, err)
	m, err = encodeMap(st.Groups)
	add(bucketGroups, m, err)
	m, err = encodeMap(st.Instances)
	add(bucketInstances, m, err)
	m, err = encodeMap(st.Keys)
	add(bucketKeys, m, err)
	m, err = encodeMap(st.Registrations)
	add(bucketRegistrations, m, err)
	m, err = encodeMap(st.Policies)
	add(bucketPolicies, m, err)
	m, err = encodeMap(st.Integrations)
	add(bucketIntegrations, m, err)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("cloudsim: encode state: %w", err)
	}
	return enc, nil
}

// decodeState decodes an encoded state into a new, independent state.
func decodeState(enc encodedState) (*state, error) {
	st := &state{Meta: &meta{}}
	var errs []error
	if raw, ok := enc[bucketMeta][metaRecord]; ok {
		errs = append(errs, json.Unmarshal(raw, st.Meta))
	}
	var err error
	st.Users, err = decodeMap[user](enc[bucketUsers])
	errs = append(errs, err)
	st.Groups, err = decodeMap[resourceGroup](enc[bucketGroups])
	errs = append(errs, err)
	st.Instances, err = decodeMap[instance](enc[bucketInstances])
	errs = append(errs, err)
	st.Keys, err = decodeMap[key](enc[bucketKeys])
	errs = append(errs, err)
	st.Registrations, err = decodeMap[registration](enc[bucketRegistrations])
	errs = append(errs, err)
	st.Policies, err = decodeMap[policy](enc[bucketPolicies])
	errs = append(errs, err)
	st.Integrations, err = decodeMap[integration](enc[bucketIntegrations])
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("cloudsim: decode state: %w", err)
	}
	return st, nil
}

// encodeMap encodes each record of m as JSON.
func encodeMap[T any](m map[string]*T) (map[string][]byte, error) {
	out := make(map[string][]byte, len(m))
	for id, v := range m {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("record %q: %w", id, err)
		}
		out[id] = b
	}
	return out, nil
}

// decodeMap decodes JSON records into a new map.
func decodeMap[T any](raw map[string][]byte) (map[string]*T, error) {
	out := make(map[string]*T, len(raw))
	for id, b := range raw {
		v := new(T)
		if err := json.Unmarshal(b, v); err != nil {
			return nil, fmt.Errorf("record %q: %w", id, err)
		}
		out[id] = v
	}
	return out, nil
}
