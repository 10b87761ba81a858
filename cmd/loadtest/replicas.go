package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/redis/go-redis/v9"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/internal/roundrobin"
	"appconfig-console/metrics"
)

// signIn returns a client of the proxy at base signed in at every replica: it signs in at each directly and keeps
// replica I's cookies as the proxy names them.
func signIn(base string, replicas []string, apiKey string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	proxyURL, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	for i, replica := range replicas {
		client, err := inproc.SignIn(replica, apiKey)
		if err != nil {
			return nil, err
		}
		u, _ := url.Parse(replica)
		var cookies []*http.Cookie
		for _, c := range client.Jar.Cookies(u) {
			cookies = append(cookies, &http.Cookie{Name: roundrobin.CookieName(c.Name, i), Value: c.Value, Path: "/"})
		}
		jar.SetCookies(proxyURL, cookies)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, nil
}

// runReplicas drives the Integrations page through a round-robin proxy in front of one replica and then in front of n,
// all on one shared cloudsim, and reports throughput and p99 of each, their ratio, and the replicas' share of time
// upstream and in Redis. The replicas share their sessions through a redis-server started here; without redis-server,
// each keeps its own, and every client signs in at each replica.
func runReplicas(levels []int, n int, duration time.Duration, maxRequests int) error {
	sim, err := inproc.StartSim()
	if err != nil {
		return err
	}
	defer sim.Close()
	redisURL, stopRedis, err := startRedis()
	if err != nil {
		fmt.Printf("loadtest: %v; the replicas keep sessions of their own, and each client signs in at every replica\n", err)
	} else {
		defer stopRedis()
	}
	var urls []string
	var meters []*metrics.Metrics
	for range n {
		m := metrics.New()
		var c *inproc.Console
		if redisURL != "" {
			c, err = inproc.StartShared(sim.URL, redisURL, m)
		} else {
			c, err = inproc.StartOn(sim.URL, m)
		}
		if err != nil {
			return err
		}
		defer c.Close()
		urls = append(urls, c.URL)
		meters = append(meters, m)
	}
	target := pages[0]
	sessions := "sessions in each replica's own store"
	if redisURL != "" {
		sessions = "sessions, caches' versions, locks and throttle in one redis-server (" + redisURL + "), one sign-in per client"
	}
	fmt.Printf("loadtest: %d replicas on cloudsim %s behind a round-robin proxy, GOMAXPROCS %d, %d CPUs, %s per level, at most %d requests per level\n",
		n, sim.URL, runtime.GOMAXPROCS(0), runtime.NumCPU(), duration, maxRequests)
	fmt.Printf("%s\n", sessions)
	fmt.Printf("target: %s; replicas, proxy, cloudsim and load generator share this process and its CPUs\n\n", target.name)
	fmt.Printf("upstream, redis: the replicas' time in upstream attempts and in Redis commands over their time answering requests (their metrics)\n\n")
	fmt.Printf("%-10s %5s %9s %9s %10s %10s %7s %9s %9s %9s %9s\n", "replicas", "conc", "requests", "req/s", "median", "p99", "errors", "upstream", "redis", "req/s x", "p99 x")
	var failures int
	for _, level := range levels {
		var one result
		for _, k := range []int{1, n} {
			rr, err := roundrobin.New(urls[:k], redisURL == "")
			if err != nil {
				return err
			}
			proxy := httptest.NewServer(rr)
			clients := make([]*http.Client, level)
			for i := range clients {
				if redisURL != "" {
					clients[i], err = inproc.SignIn(proxy.URL, cloudsim.DemoAdminAPIKey)
				} else {
					clients[i], err = signIn(proxy.URL, urls[:k], cloudsim.DemoAdminAPIKey)
				}
				if err != nil {
					proxy.Close()
					return err
				}
			}
			before := timeSpent(meters)
			r := drive(proxy.URL, clients, target, duration, maxRequests)
			proxy.Close()
			after := timeSpent(meters)
			upstream, inRedis := "n/a", "n/a"
			if spent := after.requests - before.requests; spent > 0 {
				upstream = fmt.Sprintf("%.0f%%", 100*(after.upstream-before.upstream)/spent)
				if redisURL != "" {
					inRedis = fmt.Sprintf("%.1f%%", 100*(after.redis-before.redis)/spent)
				}
			}
			failures += r.errors
			ratios := fmt.Sprintf("%9s %9s", "", "")
			if k == 1 {
				one = r
			} else if one.p99 > 0 {
				ratios = fmt.Sprintf("%8.2fx %8.2fx", r.rate()/one.rate(), float64(r.p99)/float64(one.p99))
			}
			fmt.Printf("%-10d %5d %9d %9.0f %10s %10s %7d %9s %9s %s\n", k, level, r.requests, r.rate(), r.median.Round(time.Microsecond),
				r.p99.Round(time.Microsecond), r.errors, upstream, inRedis, ratios)
		}
	}
	if failures > 0 {
		return fmt.Errorf("%d failed requests", failures)
	}
	return nil
}

// spent is the replicas' time answering requests, in upstream attempts and in Redis commands, in seconds.
type spent struct {
	requests, upstream, redis float64
}

// timeSpent sums the replicas' time so far.
func timeSpent(meters []*metrics.Metrics) spent {
	var total spent
	for _, m := range meters {
		r, u, rd := m.TimeSpent()
		total.requests += r
		total.upstream += u
		total.redis += rd
	}
	return total
}

// startRedis starts a redis-server on a free port of 127.0.0.1, its append-only file in a temporary directory as in
// production, and returns its URL and how to stop it; it says so when redis-server is not installed.
func startRedis() (string, func(), error) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		return "", nil, errors.New("redis-server is not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	_, port, _ := net.SplitHostPort(addr)
	dir, err := os.MkdirTemp("", "loadtest-redis-")
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command("redis-server", "--port", port, "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
		"--save", "", "--protected-mode", "no", "--logfile", filepath.Join(dir, "redis.log"))
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	stop := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		os.RemoveAll(dir)
	}
	client := redis.NewClient(&redis.Options{Addr: addr})
	defer client.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := client.Ping(ctx).Err()
		cancel()
		if err == nil {
			return "redis://" + addr + "/0", stop, nil
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("redis-server on %s did not answer within 10 s: %w", addr, err)
		}
	}
}
