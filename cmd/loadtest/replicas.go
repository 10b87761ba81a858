package main

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"runtime"
	"time"

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
// all on one shared cloudsim, and reports throughput and p99 of each and their ratio.
func runReplicas(levels []int, n int, duration time.Duration, maxRequests int) error {
	sim, err := inproc.StartSim()
	if err != nil {
		return err
	}
	defer sim.Close()
	var urls []string
	var meters []*metrics.Metrics
	for range n {
		m := metrics.New()
		c, err := inproc.StartOn(sim.URL, m)
		if err != nil {
			return err
		}
		defer c.Close()
		urls = append(urls, c.URL)
		meters = append(meters, m)
	}
	target := pages[0]
	fmt.Printf("loadtest: %d replicas on cloudsim %s behind a round-robin proxy, GOMAXPROCS %d, %d CPUs, %s per level, at most %d requests per level\n",
		n, sim.URL, runtime.GOMAXPROCS(0), runtime.NumCPU(), duration, maxRequests)
	fmt.Printf("target: %s; replicas, proxy, cloudsim and load generator share this process and its CPUs\n\n", target.name)
	fmt.Printf("upstream: the replicas' time in upstream attempts over their time answering requests (their metrics)\n\n")
	fmt.Printf("%-10s %5s %9s %9s %10s %10s %7s %9s %9s %9s\n", "replicas", "conc", "requests", "req/s", "median", "p99", "errors", "upstream", "req/s x", "p99 x")
	var failures int
	for _, level := range levels {
		var one result
		for _, k := range []int{1, n} {
			rr, err := roundrobin.New(urls[:k], true)
			if err != nil {
				return err
			}
			proxy := httptest.NewServer(rr)
			clients := make([]*http.Client, level)
			for i := range clients {
				if clients[i], err = signIn(proxy.URL, urls[:k], cloudsim.DemoAdminAPIKey); err != nil {
					proxy.Close()
					return err
				}
			}
			requestsBefore, upstreamBefore := timeSpent(meters)
			r := drive(proxy.URL, clients, target, duration, maxRequests)
			proxy.Close()
			requestsAfter, upstreamAfter := timeSpent(meters)
			share := "n/a"
			if requestsAfter > requestsBefore {
				share = fmt.Sprintf("%.0f%%", 100*(upstreamAfter-upstreamBefore)/(requestsAfter-requestsBefore))
			}
			failures += r.errors
			ratios := fmt.Sprintf("%9s %9s", "", "")
			if k == 1 {
				one = r
			} else if one.p99 > 0 {
				ratios = fmt.Sprintf("%8.2fx %8.2fx", r.rate()/one.rate(), float64(r.p99)/float64(one.p99))
			}
			fmt.Printf("%-10d %5d %9d %9.0f %10s %10s %7d %9s %s\n", k, level, r.requests, r.rate(), r.median.Round(time.Microsecond),
				r.p99.Round(time.Microsecond), r.errors, share, ratios)
		}
	}
	if failures > 0 {
		return fmt.Errorf("%d failed requests", failures)
	}
	return nil
}

// timeSpent sums the replicas' time answering requests and in upstream attempts, in seconds.
func timeSpent(meters []*metrics.Metrics) (requests, upstream float64) {
	for _, m := range meters {
		r, u, _ := m.TimeSpent()
		requests += r
		upstream += u
	}
	return requests, upstream
}
