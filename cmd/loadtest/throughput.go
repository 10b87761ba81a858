package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/routes"
)

// result summarises one target at one level of connections.
type result struct {
	requests, errors int
	elapsed          time.Duration
	median, p99      time.Duration
	// cpu is the console process's CPU time (user and system) during the run.
	cpu time.Duration
}

func (r result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// staticAssetPattern finds the style sheet a page links to.
var staticAssetPattern = regexp.MustCompile(`/static/[^"?]+\.css[^"]*`)

// measureThroughput prints the requests per second of /healthz, a static asset, and each GET page and its HTML served
// as a static file, at each level, with each as a share of /healthz at that level.
func measureThroughput(s *sim, chosen []page, set settings) error {
	proc, err := startConsole(s.url)
	if err != nil {
		return err
	}
	defer proc.stop()
	most := slices.Max(set.levels)
	transport := newTransport(most)
	clients := make([]*http.Client, most)
	for i := range clients {
		if clients[i], err = inproc.SignIn(proc.url, cloudsim.DemoAdminAPIKey); err != nil {
			return err
		}
		clients[i].Transport = transport
	}
	targets := []page{{name: routes.Path(routes.Health), method: http.MethodGet, path: routes.Path(routes.Health), status: http.StatusOK}}
	var asset string
	for _, p := range chosen {
		if p.method != http.MethodGet || p.inContext() {
			continue
		}
		status, body, etag, err := fetchTagged(clients[0], proc.url, p, "")
		if err != nil || status != http.StatusOK {
			return fmt.Errorf("%s: status %d %v", p.name, status, err)
		}
		if asset == "" {
			asset = staticAssetPattern.FindString(body)
		}
		copyPath, err := proc.addCopy(p.key+".html", body)
		if err != nil {
			return err
		}
		targets = append(targets, p, page{name: "  its HTML as a static file", method: http.MethodGet, path: copyPath, status: http.StatusOK})
		if etag != "" {
			// Each client has a session of its own, and so pages (and ETags) of its own.
			revalidated := p
			revalidated.name, revalidated.status = "  revalidated (If-None-Match, 304)", http.StatusNotModified
			for _, client := range clients {
				_, _, tag, err := fetchTagged(client, proc.url, p, "")
				if err != nil {
					return err
				}
				revalidated.ifNoneMatch = append(revalidated.ifNoneMatch, tag)
			}
			targets = append(targets, revalidated)
		}
	}
	if asset != "" {
		targets = slices.Insert(targets, 1, page{name: "static asset " + strings.SplitN(asset, "?", 2)[0], method: http.MethodGet, path: asset, status: http.StatusOK})
	}
	fmt.Printf("\nthroughput: %s per target and level in %d slices taken in turns with the other targets (the median slice shown), "+
		"at most %d requests a slice; no injected latency; %% = share of /healthz's req/s at the level; cpu/req = the console "+
		"process's CPU time per request over all slices (the kernel counts it in 10 ms ticks); %s\n\n",
		set.duration, set.repeat, set.maxRequests, loadAverage())
	fmt.Printf("%-40s", "target")
	for _, n := range set.levels {
		fmt.Printf(" %11s %6s %8s", fmt.Sprintf("c=%d req/s", n), "%", "cpu/req")
	}
	fmt.Println()
	// Each target runs in slices, all targets one after the other, set.repeat times; the median slice counts, so that a
	// burst of load from elsewhere on the machine falls on every target alike rather than on one.
	results := make([][]summary, len(targets))
	for _, n := range set.levels {
		runs := make([][]result, len(targets))
		for range set.repeat {
			for ti, t := range targets {
				before := proc.cpu()
				r := drive(proc.url, clients[:n], t, set.duration/time.Duration(set.repeat), set.maxRequests)
				r.cpu = proc.cpu() - before
				if r.errors > 0 {
					return fmt.Errorf("%s at %d connections: %d errors", t.name, n, r.errors)
				}
				runs[ti] = append(runs[ti], r)
			}
		}
		for ti := range targets {
			sum := summary{rate: median(runs[ti]).rate()}
			for _, r := range runs[ti] {
				sum.cpu += r.cpu
				sum.requests += r.requests
			}
			results[ti] = append(results[ti], sum)
		}
	}
	for ti, t := range targets {
		fmt.Printf("%-40s", t.name)
		for li := range set.levels {
			r := results[ti][li]
			fmt.Printf(" %11.0f %5.1f%% %6.0fµs", r.rate, 100*r.rate/results[0][li].rate, float64(r.cpu.Microseconds())/float64(max(r.requests, 1)))
		}
		fmt.Println()
	}
	return nil
}

// summary is a target's figures at one level: the median slice's rate, and the console's CPU time over every slice.
type summary struct {
	rate     float64
	cpu      time.Duration
	requests int
}

// median returns the result of median rate.
func median(rs []result) result {
	slices.SortFunc(rs, func(a, b result) int { return cmp.Compare(a.rate(), b.rate()) })
	return rs[len(rs)/2]
}

// drive sends t's request from one goroutine per client until duration passes or maxRequests are sent; it reads the
// bodies as sent (gzip stays compressed, as wrk leaves it).
func drive(base string, clients []*http.Client, t page, duration time.Duration, maxRequests int) result {
	var (
		sent, failed atomic.Int64
		mu           sync.Mutex
		latencies    = make([]time.Duration, 0, min(maxRequests, 200000))
		wg           sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	start := time.Now()
	for w, client := range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				if sent.Add(1) > int64(maxRequests) {
					return
				}
				began := time.Now()
				err := once(client, base, t, w)
				took := time.Since(began)
				if err != nil {
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
	slices.Sort(latencies)
	r := result{requests: len(latencies), errors: int(failed.Load()), elapsed: elapsed}
	if len(latencies) > 0 {
		r.median = latencies[len(latencies)/2]
		r.p99 = latencies[min(len(latencies)-1, len(latencies)*99/100)]
	}
	return r
}

// once sends t's request as the client of worker w and reads its answer; anything but the expected status is an
// error. A request started before the end of a run is let finish.
func once(client *http.Client, base string, t page, w int) error {
	req, err := newRequest(base, t, "")
	if err != nil {
		return err
	}
	if len(t.ifNoneMatch) > w {
		req.Header.Set("If-None-Match", t.ifNoneMatch[w])
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != t.status {
		err = fmt.Errorf("%s: status %d", t.path, resp.StatusCode)
	}
	return err
}
