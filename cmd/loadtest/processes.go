package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
)

// apis are cloudsim's APIs, each of which gets the injected latency.
var apis = []string{"iam", "resource-controller", "resource-manager", "global-catalog", "iam-policy", "kms", "appconfig"}

// sim is the cloudsim of a run, with its request log.
type sim struct {
	url     string
	running *cloudsim.Running
	log     *inproc.RequestLog
}

// startSim starts a cloudsim with the demo data, keeping its request log.
func startSim() (*sim, error) {
	log := &inproc.RequestLog{}
	running, err := cloudsim.Start("127.0.0.1:0", cloudsim.Options{Logger: slog.New(log)})
	if err != nil {
		return nil, err
	}
	return &sim{url: running.URL, running: running, log: log}, nil
}

// setLatency makes every API answer after latency (none when zero).
func (s *sim) setLatency(latency time.Duration) error {
	faults := cloudsim.Faults{}
	if latency > 0 {
		for _, api := range apis {
			faults[api] = cloudsim.Fault{Latency: latency}
		}
	}
	return s.running.Server.SetFaults(faults)
}

func (s *sim) close() { _ = s.running.Close() }

// consoleProcess is a console in a child process of its own, serving the static copies of pages too.
type consoleProcess struct {
	url    string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	copies string
}

// startConsole starts a fresh console process on the cloudsim at simURL and waits until it listens.
func startConsole(simURL string) (*consoleProcess, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	copies, err := os.MkdirTemp("", "loadtest-copies-")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-serve-console", simURL, "-copies", copies)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &consoleProcess{cmd: cmd, stdin: stdin, copies: copies}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "http://") {
		p.stop()
		return nil, fmt.Errorf("console process did not start: %q %v", line, err)
	}
	p.url = strings.TrimSpace(line)
	if err := inproc.AwaitReady(p.url); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// stop ends the console process (closing its stdin ends it) and removes its copies.
func (p *consoleProcess) stop() {
	_ = p.stdin.Close()
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
	_ = os.RemoveAll(p.copies)
}

// addCopy makes the console process serve body at /loadtest/copy/name, as a static file.
func (p *consoleProcess) addCopy(name, body string) (string, error) {
	return "/loadtest/copy/" + name, os.WriteFile(filepath.Join(p.copies, name), []byte(body), 0o600)
}

// memory returns the console process's resident set size now and its peak so far, in bytes.
func (p *consoleProcess) memory() (rss, peak uint64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		field := func(name string) (uint64, bool) {
			v, ok := strings.CutPrefix(line, name+":")
			if !ok {
				return 0, false
			}
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, true
		}
		if v, ok := field("VmRSS"); ok {
			rss = v
		}
		if v, ok := field("VmHWM"); ok {
			peak = v
		}
	}
	return rss, peak
}

// cpu returns the CPU time (user and system) the console process has used, counted by the kernel in 10 ms ticks.
func (p *consoleProcess) cpu() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses: state is the first, utime the 12th, stime the 13th.
	_, after, _ := strings.Cut(string(data), ") ")
	f := strings.Fields(after)
	if len(f) < 13 {
		return 0
	}
	user, _ := strconv.ParseUint(f[11], 10, 64)
	system, _ := strconv.ParseUint(f[12], 10, 64)
	return time.Duration(user+system) * 10 * time.Millisecond
}

// serveConsole is the child process: it serves a console on the cloudsim at simURL and the static copies in copies,
// prints its URL, and ends when its standard input closes.
func serveConsole(simURL, copies string) error {
	if copies == "" {
		return errors.New("-copies is needed")
	}
	dir, err := os.MkdirTemp("", "loadtest-sessions-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	handler, err := inproc.NewConsole(simURL, dir, nil)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	var loaded sync.Map
	modTime := time.Now()
	mux.HandleFunc("GET /loadtest/copy/{name}", func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.PathValue("name"))
		body, ok := loaded.Load(name)
		if !ok {
			data, err := os.ReadFile(filepath.Join(copies, name))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			body, _ = loaded.LoadOrStore(name, string(data))
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		http.ServeContent(w, r, name, modTime, strings.NewReader(body.(string)))
	})
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	fmt.Printf("http://%s\n", listener.Addr())
	_, _ = io.Copy(io.Discard, os.Stdin)
	return server.Close()
}
