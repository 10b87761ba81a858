// Package sessionstore keeps the console's sessions where every replica finds them: the keys that sign and encrypt
// them (from configuration, or made once and kept in the data directory), and a gorilla/sessions store over Redis.
package sessionstore

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MinKeyBytes is the shortest session key accepted, decoded.
const MinKeyBytes = 32

// keyFile is the name of the file in the data directory that keeps the embedded default's keys.
const keyFile = "session-keys"

// ParseKeys reads a comma-separated list of base64 keys (standard or URL alphabet, padded or not), each at least
// MinKeyBytes long once decoded; the first signs new sessions, all are accepted.
func ParseKeys(list string) ([][]byte, error) {
	var keys [][]byte
	for i, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		key, err := decodeKey(item)
		if err != nil {
			return nil, fmt.Errorf("session key %d: %w", i+1, err)
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, errors.New("no session key given")
	}
	return keys, nil
}

func decodeKey(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		if key, err := enc.DecodeString(s); err == nil {
			if len(key) < MinKeyBytes {
				return nil, fmt.Errorf("%d bytes is too short: a key has at least %d random bytes (make one with: openssl rand -base64 32)", len(key), MinKeyBytes)
			}
			return key, nil
		}
	}
	return nil, errors.New("not base64 (make one with: openssl rand -base64 32)")
}

// NewKey returns a fresh random key, base64-encoded as ParseKeys reads it.
func NewKey() string {
	b := make([]byte, MinKeyBytes)
	_, _ = rand.Read(b)
	return base64.StdEncoding.EncodeToString(b)
}

// LoadOrCreateKeys returns the keys kept in dir's key file, one per line, creating the file with a fresh key (mode
// 0600) the first time; a file that others than its owner can read is refused.
func LoadOrCreateKeys(dir string) ([][]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, keyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		_, werr := f.WriteString(NewKey() + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			_ = os.Remove(path)
			return nil, fmt.Errorf("writing %s: %w", path, werr)
		}
	case !errors.Is(err, fs.ErrExist):
		return nil, fmt.Errorf("creating %s: %w", path, err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s can be read by others (mode %o): run chmod 600 on it", path, info.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	keys, err := ParseKeys(string(bytes.ReplaceAll(bytes.TrimSpace(data), []byte("\n"), []byte(","))))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return keys, nil
}

// KeyPairs derives, for each key in order, the hash key (HMAC-SHA512) and the block key (AES-256) that
// gorilla/securecookie signs and encrypts with; its result goes to securecookie.CodecsFromPairs.
func KeyPairs(keys [][]byte) [][]byte {
	pairs := make([][]byte, 0, 2*len(keys))
	for _, k := range keys {
		hash := hmac.New(sha512.New, k)
		hash.Write([]byte("appconfig-console session signing"))
		block := hmac.New(sha256.New, k)
		block.Write([]byte("appconfig-console session encryption"))
		pairs = append(pairs, hash.Sum(nil), block.Sum(nil))
	}
	return pairs
}
