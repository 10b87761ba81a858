package connect

import (
	"context"
	"errors"
	"testing"
	"time"

	"appconfig-console/internal/redistest"
)

// TestRedisLockAcrossReplicas: a lock held on one replica keeps another waiting (beyond its expiry, which the holder
// extends) until released; a holder that died frees it at its expiry; without Redis, taking a lock fails at once.
func TestRedisLockAcrossReplicas(t *testing.T) {
	server := redistest.Start(t)
	replica := func() *RedisLock {
		l := NewRedisLock(server.Client())
		l.ttl = 300 * time.Millisecond
		return l
	}
	a, b := replica(), replica()
	unlock, err := a.Lock(context.Background(), "ac-1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*a.ttl)
	_, err = b.Lock(ctx, "ac-1")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("replica B took a lock replica A holds (past its expiry): err = %v", err)
	}
	if _, err := b.Lock(context.Background(), "ac-2"); err != nil {
		t.Fatalf("another instance's lock: %v", err)
	}
	taken := make(chan error, 1)
	go func() {
		unlockB, err := b.Lock(context.Background(), "ac-1")
		if err == nil {
			unlockB()
		}
		taken <- err
	}()
	unlock()
	if err := <-taken; err != nil {
		t.Fatalf("replica B after A released: %v", err)
	}

	// A holder that died: its lock is a key with an expiry that nobody extends.
	if err := server.Client().Set(context.Background(), a.prefix+"ac-3", "dead holder", 200*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := b.Lock(ctx, "ac-3"); err != nil {
		t.Fatalf("the lock of a dead holder was not freed by its expiry: %v", err)
	}

	server.Stop()
	ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := a.Lock(ctx, "ac-4"); err == nil || ctx.Err() != nil {
		t.Fatalf("without Redis: err = %v, want a failure before the request's end", err)
	}
}
