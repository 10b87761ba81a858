// Command loadtest drives an in-process console (with its own cloudsim, both on 127.0.0.1 random ports) at rising
// concurrency and reports throughput, median and p99 latency, errors and the console process's memory; in the same run
// it serves the Integrations page's HTML as a static file from the same server, as the ceiling, and reports the ratio.
// Every level is bounded in time and in request count. With -replicas N it instead compares one console replica with N,
// on one shared cloudsim behind a round-robin reverse proxy: throughput and p99 of each, and their ratios.
//
//	go run ./cmd/loadtest [-levels 1,4,16,64] [-duration 5s] [-max 20000] [-replicas 2]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
)

// target is one address the load script requests; fragment sends HX-Request as htmx does.
type target struct {
	name     string
	path     string
	fragment bool
}

// result summarises one run at one concurrency.
type result struct {
	requests, errors int
	elapsed          time.Duration
	median, p99      time.Duration
	heapPeak         uint64
}

func main() {
	levels := flag.String("levels", "1,4,16,64", "concurrency levels")
	duration := flag.Duration("duration", 5*time.Second, "time per level and mode")
	maxRequests := flag.Int("max", 20000, "most requests per level and mode")
	replicas := flag.Int("replicas", 0, "compare 1 and this many console replicas behind a round-robin proxy on one cloudsim (2 to 8)")
	flag.Parse()
	if err := run(*levels, *duration, *maxRequests, *replicas); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

func run(levelList string, duration time.Duration, maxRequests, replicas int) error {
	var levels []int
	for _, s := range strings.Split(levelList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 256 {
			return fmt.Errorf("bad level %q", s)
		}
		levels = append(levels, n)
	}
	if duration <= 0 || duration > time.Minute || maxRequests < 1 || maxRequests > 200000 {
		return errors.New("duration must be within (0, 1m] and max within [1, 200000]")
	}
	if replicas > 0 {
		if replicas < 2 || replicas > 8 {
			return errors.New("replicas must be within [2, 8]")
		}
		return runReplicas(levels, replicas, duration, maxRequests)
	}
	console, err := inproc.Start()
	if err != nil {
		return err
	}
	defer console.Close()
	dynamic := dynamicTargets()
	// The ceiling: the Integrations page's HTML, captured once, served as a static file by the same server.
	first, err := inproc.SignIn(console.URL, cloudsim.DemoAdminAPIKey)
	if err != nil {
		return err
	}
	page, err := get(first, console.URL+dynamic[0].path, false)
	if err != nil {
		return err
	}
	modTime := time.Now()
	console.Mux.HandleFunc("/loadtest/integrations.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, "integrations.html", modTime, strings.NewReader(page))
	})
	static := []target{{"static copy", "/loadtest/integrations.html", false}}

	fmt.Printf("loadtest: console %s, cloudsim %s, GOMAXPROCS %d, %d CPUs, %s per level, at most %d requests per level\n",
		console.URL, console.SimURL, runtime.GOMAXPROCS(0), runtime.NumCPU(), duration, maxRequests)
	fmt.Printf("targets: %s (round robin); page %d bytes\n\n", names(dynamic), len(page))
	fmt.Printf("%-8s %5s %9s %9s %10s %10s %7s %10s %9s\n", "mode", "conc", "requests", "req/s", "median", "p99", "errors", "heap peak", "static/x")
	var failures int
	for _, n := range levels {
		clients := make([]*http.Client, n)
		for i := range clients {
			if clients[i], err = inproc.SignIn(console.URL, cloudsim.DemoAdminAPIKey); err != nil {
				return err
			}
		}
		d := drive(console.URL, clients, dynamic, duration, maxRequests)
		s := drive(console.URL, clients, static, duration, maxRequests)
		failures += d.errors + s.errors
		fmt.Printf("%-8s %5d %9d %9.0f %10s %10s %7d %10s %9s\n", "console", n, d.requests, rate(d), d.median.Round(time.Microsecond),
			d.p99.Round(time.Microsecond), d.errors, mib(d.heapPeak), "")
		fmt.Printf("%-8s %5d %9d %9.0f %10s %10s %7d %10s %8.1fx\n", "static", n, s.requests, rate(s), s.median.Round(time.Microsecond),
			s.p99.Round(time.Microsecond), s.errors, mib(s.heapPeak), rate(s)/rate(d))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("\nmemory at the end: heap in use %s, heap objects %d, Go runtime total %s, RSS %s (this process: console, cloudsim and the load generator)\n",
		mib(ms.HeapInuse), ms.HeapObjects, mib(ms.Sys), rss())
	if failures > 0 {
		return fmt.Errorf("%d failed requests", failures)
	}
	return nil
}

// dynamicTargets are the console's pages and fragments the load script requests in turn.
func dynamicTargets() []target {
	guid := cloudsim.AppConfigEnterpriseGUID
	return []target{
		{"integrations page", "/instances/" + guid + "/integrations", false},
		{"KMS panel fragment", "/instances/" + guid + "/integrations/kms?service=kms&mode=existing&instance=" + cloudsim.KeyProtectUSSouthGUID, true},
		{"EN panel fragment", "/instances/" + guid + "/integrations/en", true},
		{"authorizations list", "/iam/authorizations", false},
	}
}

// drive sends requests from one goroutine per client, round robin over targets, until duration passes or maxRequests are sent.
func drive(base string, clients []*http.Client, targets []target, duration time.Duration, maxRequests int) result {
	var (
		sent, failed atomic.Int64
		mu           sync.Mutex
		latencies    = make([]time.Duration, 0, maxRequests)
		wg           sync.WaitGroup
		heapPeak     atomic.Uint64
	)
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	sampler := make(chan struct{})
	go func() {
		defer close(sampler)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > heapPeak.Load() {
				heapPeak.Store(ms.HeapInuse)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	for w, client := range clients {
		wg.Go(func() {
			for i := w; ctx.Err() == nil; i++ {
				if sent.Add(1) > int64(maxRequests) {
					return
				}
				t := targets[i%len(targets)]
				began := time.Now()
				_, err := get(client, base+t.path, t.fragment)
				took := time.Since(began)
				if err != nil {
					if ctx.Err() != nil {
						return
					}
					failed.Add(1)
					continue
				}
				mu.Lock()
				latencies = append(latencies, took)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cancel()
	<-sampler
	slices.Sort(latencies)
	r := result{requests: len(latencies), errors: int(failed.Load()), elapsed: elapsed, heapPeak: heapPeak.Load()}
	if len(latencies) > 0 {
		r.median = latencies[len(latencies)/2]
		r.p99 = latencies[min(len(latencies)-1, len(latencies)*99/100)]
	}
	return r
}

// get requests url as a browser (or htmx, for fragments) would and returns the body; anything but 200 is an error.
func get(client *http.Client, url string, fragment bool) (string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "text/html")
	if fragment {
		req.Header.Set("HX-Request", "true")
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return string(body), nil
}

func rate(r result) float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

func mib(b uint64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }

// rss returns the process's resident set size from /proc, or "n/a".
func rss() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:"))
		}
	}
	return "n/a"
}

func names(ts []target) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.name)
	}
	return strings.Join(out, ", ")
}
