package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/routes"
)

// measureFlood prints the console process's RSS at rest, at its peak while clients without a session flood /healthz,
// /signin and a static asset, and after the flood.
func measureFlood(s *sim, set settings) error {
	proc, err := startConsole(s.url)
	if err != nil {
		return err
	}
	defer proc.stop()
	// At rest: a user signed in and the Integrations page served once.
	client, err := inproc.SignIn(proc.url, cloudsim.DemoAdminAPIKey)
	if err != nil {
		return err
	}
	status, body, err := fetch(client, proc.url, pages[0], "")
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("integrations page: status %d %v", status, err)
	}
	asset := staticAssetPattern.FindString(body)
	if asset == "" {
		return fmt.Errorf("no style sheet on the Integrations page")
	}
	time.Sleep(2 * time.Second)
	resting, _ := proc.memory()
	targets := []page{
		{method: http.MethodGet, path: routes.Path(routes.Health), status: http.StatusOK},
		{method: http.MethodGet, path: routes.Path(routes.SignInPage), status: http.StatusOK},
		{method: http.MethodGet, path: asset, status: http.StatusOK},
	}
	transport := newTransport(set.floodConns)
	var (
		sent, failed atomic.Int64
		peak         atomic.Uint64
		wg           sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), set.flood)
	defer cancel()
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, _ := proc.memory(); rss > peak.Load() {
				peak.Store(rss)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	for w := range set.floodConns {
		client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
		wg.Go(func() {
			for i := w; ctx.Err() == nil; i++ {
				if err := once(client, proc.url, targets[i%len(targets)], w); err != nil {
					failed.Add(1)
					continue
				}
				sent.Add(1)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	<-sampled
	transport.CloseIdleConnections()
	after1, _ := proc.memory()
	time.Sleep(10 * time.Second)
	after10, highWater := proc.memory()
	fmt.Printf("\nflood: %d connections without a session, round robin /healthz, /signin, %s, for %s; %s\n\n",
		set.floodConns, asset, set.flood, loadAverage())
	fmt.Printf("%d requests (%.0f/s), %d errors\n", sent.Load(), float64(sent.Load())/elapsed.Seconds(), failed.Load())
	fmt.Printf("console process RSS: resting %s, peak %s (sampled every 100 ms; kernel high-water mark %s), "+
		"1 s after %s, 10 s after %s\n", mb(resting), mb(peak.Load()), mb(highWater), mb(after1), mb(after10))
	return nil
}

func mb(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
