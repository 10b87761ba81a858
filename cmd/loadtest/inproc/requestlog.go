package inproc

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// Request is one request cloudsim served, as its request log records it.
type Request struct {
	Method, Path string
	Status       int
	// Start and End are when cloudsim began and finished serving it, injected latency included.
	Start, End time.Time
}

// RequestLog keeps cloudsim's request log: it is the slog.Handler to give cloudsim as its Options.Logger.
type RequestLog struct {
	mu       sync.Mutex
	requests []Request
}

// Enabled accepts every level: cloudsim logs each request at debug level.
func (l *RequestLog) Enabled(context.Context, slog.Level) bool { return true }

// Handle records one logged request; other log lines are ignored.
func (l *RequestLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "cloudsim" {
		return nil
	}
	var req Request
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "method":
			req.Method = a.Value.String()
		case "path":
			req.Path = a.Value.String()
		case "status":
			req.Status = int(a.Value.Int64())
		case "start":
			req.Start = a.Value.Time()
		case "end":
			req.End = a.Value.Time()
		}
		return true
	})
	l.mu.Lock()
	l.requests = append(l.requests, req)
	l.mu.Unlock()
	return nil
}

// WithAttrs returns the log itself.
func (l *RequestLog) WithAttrs([]slog.Attr) slog.Handler { return l }

// WithGroup returns the log itself.
func (l *RequestLog) WithGroup(string) slog.Handler { return l }

// Len returns how many requests have been logged, a mark for Since.
func (l *RequestLog) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.requests)
}

// Since returns the requests logged after the first mark ones.
func (l *RequestLog) Since(mark int) []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.requests[min(mark, len(l.requests)):])
}

// Rounds counts the sequential rounds of requests: requests whose times overlap, directly or through other requests,
// form one round, so a page that sends its requests in parallel takes one round and one that waits for an answer
// before its next request takes two.
func Rounds(requests []Request) int {
	sorted := slices.SortedFunc(slices.Values(requests), func(a, b Request) int { return a.Start.Compare(b.Start) })
	rounds := 0
	var end time.Time
	for _, r := range sorted {
		if rounds == 0 || r.Start.After(end) {
			rounds++
			end = r.End
		} else if r.End.After(end) {
			end = r.End
		}
	}
	return rounds
}
