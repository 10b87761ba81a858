package usercache

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisTimeout bounds each Redis call of RedisVersions.
const redisTimeout = time.Second

// RedisVersions keeps Versions in Redis, under a namespace of their own. A version that moved on is kept longer than
// any answer is remembered, so an answer from before it cannot find its old version current again.
type RedisVersions struct {
	client redis.UniversalClient
	prefix string
	keep   time.Duration
}

// NewRedisVersions returns the Versions of the caches of namespace that remember answers for ttl.
func NewRedisVersions(client redis.UniversalClient, namespace string, ttl time.Duration) *RedisVersions {
	return &RedisVersions{client: client, prefix: "console:cache:" + namespace + ":", keep: max(2*ttl, time.Minute)}
}

func (v *RedisVersions) userKey(user string) string { return v.prefix + "u:" + user }

func (v *RedisVersions) keyKey(k Key) string {
	return v.prefix + "k:" + k.User + "\x00" + k.Kind + "\x00" + k.ID
}

// Current reads both versions in one round trip; a version never moved on is 0.
func (v *RedisVersions) Current(key Key) (Version, error) {
	ctx, cancel := context.WithTimeout(context.Background(), redisTimeout)
	defer cancel()
	vals, err := v.client.MGet(ctx, v.userKey(key.User), v.keyKey(key)).Result()
	if err != nil {
		return Version{}, err
	}
	var n [2]int64
	for i, val := range vals {
		s, ok := val.(string)
		if !ok {
			continue
		}
		if n[i], err = strconv.ParseInt(s, 10, 64); err != nil {
			return Version{}, errors.New("usercache: a version in Redis is not a number")
		}
	}
	return Version{User: n[0], Key: n[1]}, nil
}

// BumpUser moves on the user's version.
func (v *RedisVersions) BumpUser(user string) error { return v.bump(v.userKey(user)) }

// BumpKey moves on the key's version.
func (v *RedisVersions) BumpKey(key Key) error { return v.bump(v.keyKey(key)) }

func (v *RedisVersions) bump(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), redisTimeout)
	defer cancel()
	_, err := v.client.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, name)
		p.PExpire(ctx, name, v.keep)
		return nil
	})
	return err
}
