package usercache_test

import (
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"appconfig-console/internal/redistest"
	"appconfig-console/services/usercache"
)

// counter is an upstream that answers its current value and counts the calls.
type counter struct {
	value string
	calls int
}

func (c *counter) fetch() (string, error) {
	c.calls++
	return c.value, nil
}

// twoReplicas returns a Redis server and two replicas' stores sharing their versions through it.
func twoReplicas(t *testing.T) (*redistest.Server, *usercache.Store, *usercache.Store) {
	t.Helper()
	server := redistest.Start(t)
	replica := func() *usercache.Store {
		return usercache.New(time.Minute, nil, usercache.NewRedisVersions(server.Client(), "test", time.Minute))
	}
	return server, replica(), replica()
}

// TestSharedVersions: two replicas' stores over one Redis each remember answers; forgetting a key or a user on one
// makes the other fetch afresh, and leaves other users' answers remembered. While Redis is down, nothing remembered
// is used (every read fetches), and once it is back, answers are remembered again.
func TestSharedVersions(t *testing.T) {
	server, a, b := twoReplicas(t)
	up := &counter{value: "v1"}
	key := usercache.Key{User: "u1", Kind: "list", ID: "x"}
	other := usercache.Key{User: "u2", Kind: "list", ID: "x"}
	read := func(s *usercache.Store, k usercache.Key) string {
		t.Helper()
		v, err := usercache.One(s, k, up.fetch)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	read(a, key)
	read(b, key)
	read(a, other)
	read(a, key)
	read(b, key)
	if up.calls != 3 {
		t.Fatalf("%d upstream calls, want 3 (one per replica and user, then remembered)", up.calls)
	}
	tests := []struct {
		name   string
		forget func()
	}{
		{"a key forgotten on A", func() { a.ForgetKey(key) }},
		{"a user forgotten on A", func() { a.ForgetUser("u1") }},
		{"a user forgotten on B", func() { b.ForgetUser("u1") }},
	}
	for i, tt := range tests {
		up.value = tt.name
		tt.forget()
		if got := read(b, key); got != tt.name {
			t.Errorf("%s: replica B read %q", tt.name, got)
		}
		if got := read(a, key); got != tt.name {
			t.Errorf("%s: replica A read %q", tt.name, got)
		}
		if calls := up.calls; read(a, other) != "v1" || up.calls != calls {
			t.Errorf("%s (%d): another user's answer was not kept", tt.name, i)
		}
	}
	server.Stop()
	calls := up.calls
	read(a, key)
	read(a, key)
	if up.calls != calls+2 {
		t.Errorf("Redis down: %d upstream calls for 2 reads, want 2 (nothing remembered is used)", up.calls-calls)
	}
	server.Start()
	read(a, key)
	calls = up.calls
	read(a, key)
	if up.calls != calls {
		t.Error("Redis back: the answer is not remembered again")
	}
}

// TestFetchUnderWay: a caller asking for an answer whose fetch is under way waits for it instead of fetching again,
// unless that fetch fails, or the answer was forgotten after the fetch began (it then fetches afresh, and the older
// fetch remembers nothing).
func TestFetchUnderWay(t *testing.T) {
	key := usercache.Key{User: "u1", Kind: "list", ID: "x"}
	tests := []struct {
		name string
		// firstErr makes the fetch under way fail; forget forgets the answer once the fetch is under way.
		firstErr error
		forget   func(*usercache.Store)
		// wantCalls is the number of fetches of the two callers; wantSecond what the second caller gets; wantAfter
		// what a third read afterwards gets (without fetching).
		wantCalls             int
		wantSecond, wantAfter string
	}{
		{name: "the second caller waits for the first fetch", wantCalls: 1, wantSecond: "first", wantAfter: "first"},
		{name: "a failed fetch makes the second caller fetch", firstErr: errors.New("upstream down"), wantCalls: 2,
			wantSecond: "second", wantAfter: "second"},
		{name: "after a forget the second caller fetches afresh", forget: func(s *usercache.Store) { s.ForgetKey(key) },
			wantCalls: 2, wantSecond: "second", wantAfter: "second"},
		{name: "after a user's forget the second caller fetches afresh", forget: func(s *usercache.Store) { s.ForgetUser("u1") },
			wantCalls: 2, wantSecond: "second", wantAfter: "second"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				s := usercache.New(time.Minute, nil, nil)
				release := make(chan struct{})
				calls := 0
				go func() {
					_, _ = usercache.One(s, key, func() (string, error) {
						calls++
						<-release
						return "first", tt.firstErr
					})
				}()
				synctest.Wait()
				if tt.forget != nil {
					tt.forget(s)
				}
				var second string
				go func() {
					second, _ = usercache.One(s, key, func() (string, error) {
						calls++
						return "second", nil
					})
				}()
				synctest.Wait()
				close(release)
				synctest.Wait()
				after, err := usercache.One(s, key, func() (string, error) {
					calls++
					return "third", nil
				})
				if calls != tt.wantCalls || second != tt.wantSecond || after != tt.wantAfter || err != nil {
					t.Errorf("%d fetches, second caller got %q, then %q (%v); want %d, %q, %q",
						calls, second, after, err, tt.wantCalls, tt.wantSecond, tt.wantAfter)
				}
			})
		})
	}
}

// TestWriteThroughAcrossReplicas: after a change on replica A forgets a key and A writes its result through, A answers
// the written value without fetching, B (which remembered the value before the change) fetches afresh, and Peek sees
// only fresh, current values.
func TestWriteThroughAcrossReplicas(t *testing.T) {
	_, a, b := twoReplicas(t)
	up := &counter{value: "before"}
	key := usercache.Key{User: "instance", Kind: "list", ID: "token"}
	if _, ok := usercache.Peek[string](a, key); ok {
		t.Fatal("Peek found a value nothing remembered")
	}
	for _, s := range []*usercache.Store{a, b} {
		if _, err := usercache.One(s, key, up.fetch); err != nil {
			t.Fatal(err)
		}
	}
	if v, ok := usercache.Peek[string](b, key); !ok || v != "before" || up.calls != 2 {
		t.Fatalf("Peek on B = %q, %v after %d calls", v, ok, up.calls)
	}
	up.value = "after"
	a.ForgetUser("instance")
	usercache.Put(a, key, "after")
	if v, err := usercache.One(a, key, up.fetch); err != nil || v != "after" || up.calls != 2 {
		t.Errorf("A after its write-through: %q, %v, %d upstream calls (want 2)", v, err, up.calls)
	}
	if _, ok := usercache.Peek[string](b, key); ok {
		t.Error("B still peeks the value it remembered before A's change")
	}
	if v, err := usercache.One(b, key, up.fetch); err != nil || v != "after" || up.calls != 3 {
		t.Errorf("B after A's change: %q, %v, %d upstream calls (want 3)", v, err, up.calls)
	}
}
