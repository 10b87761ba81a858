package inproc

import (
	"log/slog"
	"testing"
	"time"
)

func TestRounds(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(from, to int) Request {
		return Request{Start: t0.Add(time.Duration(from) * time.Millisecond), End: t0.Add(time.Duration(to) * time.Millisecond)}
	}
	tests := []struct {
		name     string
		requests []Request
		want     int
	}{
		{"none", nil, 0},
		{"one", []Request{at(0, 100)}, 1},
		{"parallel", []Request{at(0, 100), at(5, 103), at(2, 101)}, 1},
		{"one after the other", []Request{at(0, 100), at(101, 200), at(201, 300)}, 3},
		{"logged out of order", []Request{at(101, 200), at(0, 100)}, 2},
		{"chained by a long request", []Request{at(0, 300), at(10, 110), at(150, 250)}, 1},
		{"parallel then one", []Request{at(0, 100), at(1, 102), at(103, 200)}, 2},
	}
	for _, tt := range tests {
		if got := Rounds(tt.requests); got != tt.want {
			t.Errorf("%s: %d rounds, want %d", tt.name, got, tt.want)
		}
	}
}

func TestRequestLogReadsCloudsimLines(t *testing.T) {
	log := &RequestLog{}
	start := time.Now()
	logger := slog.New(log)
	logger.Info("something else")
	logger.Debug("cloudsim", "method", "GET", "path", "/v2/keys", "status", 200, "duration", time.Millisecond,
		"start", start, "end", start.Add(time.Millisecond))
	mark := log.Len()
	logger.Debug("cloudsim", "method", "POST", "path", "/x", "status", 201, "start", start, "end", start)
	if got := log.Since(0); len(got) != 2 || got[0].Method != "GET" || got[0].Path != "/v2/keys" || got[0].Status != 200 ||
		!got[0].Start.Equal(start) || got[0].End.Sub(got[0].Start) != time.Millisecond {
		t.Errorf("log %+v", got)
	}
	if got := log.Since(mark); len(got) != 1 || got[0].Method != "POST" {
		t.Errorf("since the mark: %+v", got)
	}
}
