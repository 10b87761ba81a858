package connect

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/redis/go-redis/v9"
)

// Scripts of RedisLock: each acts only while the lock still holds the holder's token.
var (
	releaseScript = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`)
	extendScript  = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`)
)

// RedisLock serialises changes per key across every replica of the console: a Redis key set only when absent, holding
// its holder's token, with an expiry that the holder keeps extending, so that a replica that dies frees the lock
// within the expiry.
type RedisLock struct {
	client redis.UniversalClient
	prefix string
	// ttl is the lock's expiry; the holder extends it every ttl/3.
	ttl time.Duration
	// poll is the first pause between tries while another holds the lock; each next pause doubles, up to maxPoll.
	poll, maxPoll time.Duration
}

// NewRedisLock returns a RedisLock over client, with locks that expire 30 s after their holder stops extending them.
func NewRedisLock(client redis.UniversalClient) *RedisLock {
	return &RedisLock{client: client, prefix: "console:lock:", ttl: 30 * time.Second, poll: 25 * time.Millisecond, maxPoll: 400 * time.Millisecond}
}

// Lock takes key's lock, or gives up when ctx ends or Redis fails; it returns the function that releases it.
func (l *RedisLock) Lock(ctx context.Context, key string) (func(), error) {
	name := l.prefix + key
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	pause := l.poll
	for {
		ok, err := l.client.SetNX(ctx, name, token, l.ttl).Result()
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		if ok {
			break
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, l.maxPoll)
	}
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(l.ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				ctx, cancel := context.WithTimeout(context.Background(), l.ttl/3)
				_ = extendScript.Run(ctx, l.client, []string{name}, token, l.ttl.Milliseconds()).Err()
				cancel()
			}
		}
	}()
	return func() {
		close(stop)
		<-stopped
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		// Should Redis not answer, the lock frees itself at its expiry.
		_ = releaseScript.Run(ctx, l.client, []string{name}, token).Err()
	}, nil
}
