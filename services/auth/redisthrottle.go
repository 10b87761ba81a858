package auth

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisThrottleTimeout bounds each Redis call of RedisThrottle.
const redisThrottleTimeout = time.Second

// failedScript counts one failure of a subject (KEYS[1]) and returns the wait it now brings, in milliseconds:
// ARGV are the free failures, the base and the longest delay (ms), the time now (Unix ms) and the window (ms).
var failedScript = redis.NewScript(`
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local over = n - tonumber(ARGV[1])
local delay = 0
if over > 0 then
  delay = tonumber(ARGV[3])
  if over <= 30 then delay = math.min(tonumber(ARGV[2]) * 2 ^ (over - 1), delay) end
  redis.call('HSET', KEYS[1], 'until', string.format('%.0f', tonumber(ARGV[4]) + delay))
end
redis.call('PEXPIRE', KEYS[1], string.format('%.0f', math.max(tonumber(ARGV[5]), delay)))
return string.format('%.0f', delay)
`)

// RedisThrottle is Throttle with its counts in Redis, shared by every replica of the console: a subject's failures
// are a hash that expires a window after its last failure (or when its wait ends, if later). Should Redis not answer,
// it lets attempts through; the console then cannot start sessions anyway.
type RedisThrottle struct {
	policy ThrottlePolicy
	now    func() time.Time
	client redis.UniversalClient
	prefix string
}

// NewRedisThrottle returns a RedisThrottle with policy and clock now over client.
func NewRedisThrottle(policy ThrottlePolicy, now func() time.Time, client redis.UniversalClient) *RedisThrottle {
	return &RedisThrottle{policy: policy, now: now, client: client, prefix: "console:signin-throttle:"}
}

// Wait returns how long the longest-waiting of subjects must still wait; 0 lets the attempt through.
func (t *RedisThrottle) Wait(subjects ...string) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), redisThrottleTimeout)
	defer cancel()
	cmds, err := t.client.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, s := range subjects {
			p.HGet(ctx, t.prefix+s, "until")
		}
		return nil
	})
	if err != nil && err != redis.Nil {
		return 0
	}
	now := t.now()
	var wait time.Duration
	for _, cmd := range cmds {
		ms, err := cmd.(*redis.StringCmd).Int64()
		if err != nil {
			continue
		}
		if until := time.UnixMilli(ms); until.After(now) {
			wait = max(wait, until.Sub(now))
		}
	}
	return wait
}

// Failed records a failed sign-in of each subject and returns the wait that now applies to the next attempt.
func (t *RedisThrottle) Failed(subjects ...string) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), redisThrottleTimeout)
	defer cancel()
	now := t.now().UnixMilli()
	var wait time.Duration
	for _, s := range subjects {
		res, err := failedScript.Run(ctx, t.client, []string{t.prefix + s}, t.policy.FreeFailures, t.policy.BaseDelay.Milliseconds(),
			t.policy.MaxDelay.Milliseconds(), now, t.policy.Window.Milliseconds()).Text()
		if err != nil {
			continue
		}
		if ms, err := strconv.ParseInt(res, 10, 64); err == nil {
			wait = max(wait, time.Duration(ms)*time.Millisecond)
		}
	}
	return wait
}

// Succeeded forgets the failures of subjects.
func (t *RedisThrottle) Succeeded(subjects ...string) {
	ctx, cancel := context.WithTimeout(context.Background(), redisThrottleTimeout)
	defer cancel()
	keys := make([]string, len(subjects))
	for i, s := range subjects {
		keys[i] = t.prefix + s
	}
	_ = t.client.Del(ctx, keys...).Err()
}
