package console

import (
	"context"
	"fmt"
	"log/slog"
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

// RedisLog passes go-redis's own messages (such as each failed dial while Redis is down) to Logger at debug level, for
// redis.SetLogger: the failed requests and /readyz already say at their own level that Redis is down.
type RedisLog struct {
	Logger *slog.Logger
}

// Printf logs one go-redis message.
func (l RedisLog) Printf(ctx context.Context, format string, v ...any) {
	l.Logger.DebugContext(ctx, "redis: "+fmt.Sprintf(format, v...))
}

// redisTimer is a go-redis hook that tells observe how long each command, or each pipeline as a whole, took.
type redisTimer struct {
	observe func(command string, took time.Duration)
}

// DialHook leaves dialing as it is: a command's time includes the dial it waited for.
func (h redisTimer) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook times one command.
func (h redisTimer) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmd)
		h.observe(cmd.Name(), time.Since(start))
		return err
	}
}

// ProcessPipelineHook times a pipeline as one round trip, under "pipeline".
func (h redisTimer) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		start := time.Now()
		err := next(ctx, cmds)
		h.observe("pipeline", time.Since(start))
		return err
	}
}
