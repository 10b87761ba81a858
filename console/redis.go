package console

import (
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// OpenRedis returns a client of the Redis at url (redis://[user:pass@]host:port/db or rediss://), with short timeouts
// so that a page answers promptly while Redis is down; it reconnects by itself when Redis comes back.
func OpenRedis(url string) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("session store %q: %w", url, err)
	}
	opts.DialTimeout = time.Second
	opts.ReadTimeout = time.Second
	opts.WriteTimeout = time.Second
	opts.PoolTimeout = 2 * time.Second
	opts.MaxRetries = 1
	opts.DialerRetries = 1
	return redis.NewClient(opts), nil
}
