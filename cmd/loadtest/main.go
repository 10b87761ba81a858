// Command loadtest measures the console, in one run, on a cloudsim in this process and the console in a child process
// of its own (so that its memory is the console's alone):
//
//   - rounds: for each page and panel, cold (the first request of a fresh console process once its /readyz answers
//     ready, right after sign-in, at the address the console links to) and
//     warm (the same request again), its time in multiples of a latency cloudsim adds to every API, and its number of
//     sequential upstream rounds, counted from cloudsim's request log (requests whose times overlap are one round);
//   - throughput: requests per second of each page, of the page's HTML served as a static file, of a static asset and
//     of /healthz, at each level of connections, and each as a share of /healthz in the same run;
//   - flood: the console's resting and peak RSS while unauthenticated clients flood /healthz, /signin and a static
//     asset, and its RSS after the flood.
//
// Each part is bounded in time and in request count.
//
//	go run ./cmd/loadtest [-parts rounds,throughput,flood] [-latency 100ms] [-levels 1,8,32] [-duration 3s] [-repeat 3]
//	                      [-flood 30s] [-flood-conns 64] [-pages integrations,wizard]
//
// With -replicas N it instead compares one console replica with N, on one shared cloudsim behind a round-robin reverse
// proxy: the Integrations page's throughput and p99 with each, their ratios, and the replicas' share of time upstream
// and in Redis. The replicas share a redis-server it starts (without one installed, it says so and each replica keeps
// its own sessions).
//
//	go run ./cmd/loadtest -replicas 2 [-levels 1,8,32] [-duration 3s]
package main

import (
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// settings are the command's flags, checked.
type settings struct {
	parts       []string
	latency     time.Duration
	levels      []int
	duration    time.Duration
	repeat      int
	maxRequests int
	flood       time.Duration
	floodConns  int
	pages       []string
}

func main() {
	serve := flag.String("serve-console", "", "internal: serve a console on the cloudsim at this URL and print its URL")
	copies := flag.String("copies", "", "internal: the directory of the static copies the console serves")
	parts := flag.String("parts", "rounds,throughput,flood", "what to measure: rounds, throughput, flood")
	latency := flag.Duration("latency", 100*time.Millisecond, "latency cloudsim adds to every API while rounds are counted")
	levels := flag.String("levels", "1,8,32", "connection levels of the throughput table")
	duration := flag.Duration("duration", 3*time.Second, "time per target and level of the throughput table")
	repeat := flag.Int("repeat", 3, "slices the time of each target and level is cut into, taken in turns with the other targets")
	maxRequests := flag.Int("max", 100000, "most requests per target and level")
	flood := flag.Duration("flood", 30*time.Second, "length of the flood")
	floodConns := flag.Int("flood-conns", 64, "connections of the flood")
	replicas := flag.Int("replicas", 0, "instead, compare 1 and this many console replicas behind a round-robin proxy on one cloudsim (2 to 8)")
	pages := flag.String("pages", "", "comma-separated page keys to measure (all when empty): "+strings.Join(pageKeys(), ", "))
	flag.Parse()
	if *serve != "" {
		if err := serveConsole(*serve, *copies); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest console:", err)
			os.Exit(1)
		}
		return
	}
	s, err := check(*parts, *latency, *levels, *duration, *repeat, *maxRequests, *flood, *floodConns, *pages)
	switch {
	case err == nil && *replicas != 0:
		if *replicas < 2 || *replicas > 8 {
			err = errors.New("replicas must be within [2, 8]")
		} else {
			err = runReplicas(s.levels, *replicas, s.duration, s.maxRequests)
		}
	case err == nil:
		err = run(s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// check validates the flags.
func check(parts string, latency time.Duration, levels string, duration time.Duration, repeat, maxRequests int, flood time.Duration,
	floodConns int, pages string) (settings, error) {
	s := settings{latency: latency, duration: duration, repeat: repeat, maxRequests: maxRequests, flood: flood, floodConns: floodConns}
	for _, p := range strings.Split(parts, ",") {
		if p = strings.TrimSpace(p); !slices.Contains([]string{"rounds", "throughput", "flood"}, p) {
			return s, fmt.Errorf("unknown part %q", p)
		}
		s.parts = append(s.parts, p)
	}
	for _, l := range strings.Split(levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil || n < 1 || n > 256 {
			return s, fmt.Errorf("bad level %q", l)
		}
		s.levels = append(s.levels, n)
	}
	for _, p := range strings.Split(pages, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !slices.Contains(pageKeys(), p) {
			return s, fmt.Errorf("unknown page %q (known: %s)", p, strings.Join(pageKeys(), ", "))
		}
		s.pages = append(s.pages, p)
	}
	switch {
	case latency < 10*time.Millisecond || latency > 2*time.Second:
		return s, errors.New("latency must be within [10ms, 2s]")
	case duration <= 0 || duration > time.Minute || maxRequests < 1 || maxRequests > 1000000:
		return s, errors.New("duration must be within (0, 1m] and max within [1, 1000000]")
	case repeat < 1 || repeat > 20 || duration/time.Duration(repeat) < 100*time.Millisecond:
		return s, errors.New("repeat must be within [1, 20], each slice at least 100ms")
	case flood <= 0 || flood > 5*time.Minute || floodConns < 1 || floodConns > 256:
		return s, errors.New("flood must be within (0, 5m] and flood-conns within [1, 256]")
	}
	return s, nil
}

func run(s settings) error {
	sim, err := startSim()
	if err != nil {
		return err
	}
	defer sim.close()
	fmt.Printf("loadtest: cloudsim %s in this process, the console in a child process; GOMAXPROCS %d, %d CPUs; %s\n",
		sim.url, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadAverage())
	chosen := pages
	if len(s.pages) > 0 {
		chosen = slices.DeleteFunc(slices.Clone(pages), func(p page) bool { return !slices.Contains(s.pages, p.key) })
	}
	if slices.Contains(s.parts, "rounds") {
		if err := measureRounds(sim, chosen, s.latency); err != nil {
			return err
		}
	}
	if slices.Contains(s.parts, "throughput") {
		if err := measureThroughput(sim, chosen, s); err != nil {
			return err
		}
	}
	if slices.Contains(s.parts, "flood") {
		if err := measureFlood(sim, s); err != nil {
			return err
		}
	}
	fmt.Printf("\nat the end: %s\n", loadAverage())
	return nil
}

// loadAverage returns the machine's load average, as uptime prints it.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "load average n/a"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "load average n/a"
	}
	return "load average " + strings.Join(f[:3], " ")
}

// newTransport returns a transport that keeps up to conns connections to the console open, one per client as wrk does.
func newTransport(conns int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns + 8
	t.MaxIdleConnsPerHost = conns + 8
	return t
}
