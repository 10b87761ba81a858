package main

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

// Session keys of the tests (32 bytes each, base64).
const (
	testKey  = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
	testKey2 = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA"
)

func TestParseServeConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr []string
		check   func(config) bool
	}{
		{"defaults", nil, nil, nil, func(c config) bool {
			return c.Addr == "127.0.0.1:8080" && c.Cloud == "sim" && c.SimAddr == "127.0.0.1:8081" && c.DataDir == ".data"
		}},
		{"environment", nil, map[string]string{"CONSOLE_ADDR": "127.0.0.1:9000", "CONSOLE_CLOUD": "ibm"}, nil,
			func(c config) bool { return c.Addr == "127.0.0.1:9000" && c.Cloud == "ibm" }},
		{"flags win over the environment", []string{"--addr", "127.0.0.1:9001"}, map[string]string{"CONSOLE_ADDR": "127.0.0.1:9000"}, nil,
			func(c config) bool { return c.Addr == "127.0.0.1:9001" }},
		{"bad backend", []string{"--cloud", "aws"}, nil, []string{`--cloud "aws" is not a backend: use sim or ibm`}, nil},
		{"bad address", []string{"--addr", "8080"}, nil, []string{`--addr "8080" is not host:port`}, nil},
		{"same address twice", []string{"--addr", "127.0.0.1:8081"}, nil, []string{"--sim-addr must differ from --addr"}, nil},
		{"bad log level", []string{"--log-level", "loud"}, nil, []string{`--log-level "loud" is not one of debug, info, warn, error`}, nil},
		{"emulator options with IBM Cloud", []string{"--cloud", "ibm", "--reset"}, nil, []string{"--sim-faults and --reset apply only with --cloud sim"}, nil},
		{"half of TLS", []string{"--tls-cert", "c.pem"}, nil, []string{"--tls-cert and --tls-key go together"}, nil},
		{"every problem at once", []string{"--cloud", "aws", "--log-level", "loud", "--data-dir", " "}, nil,
			[]string{"--cloud", "--log-level", "--data-dir must not be empty"}, nil},
		{"stray argument", []string{"serve"}, nil, []string{`unexpected argument "serve"`}, nil},
		{"origins of a loopback address", nil, nil, nil, func(c config) bool {
			o, _ := c.allowedOrigins()
			return slices.Equal(o, []string{"http://127.0.0.1:8080", "http://localhost:8080"})
		}},
		{"origin from the public address", []string{"--public-url", "https://Console.Example.com/"}, nil, nil, func(c config) bool {
			o, _ := c.allowedOrigins()
			return slices.Equal(o, []string{"https://console.example.com"})
		}},
		{"no origin for an unspecified address", []string{"--addr", "0.0.0.0:8080"}, nil, nil, func(c config) bool {
			o, _ := c.allowedOrigins()
			return len(o) == 0
		}},
		{"a public address with a path", []string{"--public-url", "https://console.example.com/app"}, nil, []string{`--public-url "https://console.example.com/app" is not an http(s) address without a path`}, nil},
		{"a public address without a scheme", []string{"--public-url", "console.example.com"}, nil, []string{`--public-url "console.example.com"`}, nil},
		{"trusted proxies", nil, map[string]string{"CONSOLE_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1,::1"}, nil, func(c config) bool {
			p, err := c.trustedProxies()
			return err == nil && len(p) == 3 && p[1].String() == "192.0.2.1/32" && p[2].String() == "::1/128"
		}},
		{"a shared emulator", []string{"--sim-url", "http://127.0.0.1:18141/"}, nil, nil,
			func(c config) bool { return c.SimURL == "http://127.0.0.1:18141/" }},
		{"a shared emulator from the environment", nil, map[string]string{"CONSOLE_SIM_URL": "http://sim.internal:8081", "CONSOLE_SIM_ADDR": "127.0.0.1:9"}, nil,
			func(c config) bool { return c.SimURL == "http://sim.internal:8081" }},
		{"a shared emulator without a scheme", []string{"--sim-url", "127.0.0.1:8081"}, nil, []string{`--sim-url "127.0.0.1:8081" is not an http(s) address without a path`}, nil},
		{"a shared emulator with a path", []string{"--sim-url", "http://127.0.0.1:8081/api/v1"}, nil, []string{`--sim-url "http://127.0.0.1:8081/api/v1" is not an http(s) address`}, nil},
		{"a shared emulator at the console's address", []string{"--sim-url", "http://127.0.0.1:8080"}, nil, []string{"--sim-url must not be the console's own --addr"}, nil},
		{"a shared emulator and an embedded one", []string{"--sim-url", "http://127.0.0.1:8081", "--sim-addr", "127.0.0.1:8082"}, nil,
			[]string{"--sim-addr and --sim-url exclude each other"}, nil},
		{"a shared emulator with embedded options", []string{"--sim-url", "http://127.0.0.1:8081", "--reset"}, nil,
			[]string{"--sim-faults and --reset apply to the embedded emulator, not to one at --sim-url"}, nil},
		{"a shared emulator with IBM Cloud", []string{"--cloud", "ibm", "--sim-url", "http://127.0.0.1:8081"}, nil, []string{"--sim-url applies only with --cloud sim"}, nil},
		{"a bad shared emulator among other problems", []string{"--sim-url", "ftp://x", "--log-level", "loud"}, nil, []string{"--sim-url", "--log-level"}, nil},
		{"shutdown timeout by default", nil, nil, nil, func(c config) bool { d, err := c.shutdownTimeout(); return err == nil && d == 20*time.Second }},
		{"shutdown timeout from the environment", nil, map[string]string{"CONSOLE_SHUTDOWN_TIMEOUT": "1m30s"}, nil,
			func(c config) bool { d, err := c.shutdownTimeout(); return err == nil && d == 90*time.Second }},
		{"a shutdown timeout without a unit", []string{"--shutdown-timeout", "20"}, nil, []string{`--shutdown-timeout "20" is not a positive duration`}, nil},
		{"a negative shutdown timeout", []string{"--shutdown-timeout", "-1s"}, nil, []string{`--shutdown-timeout "-1s" is not a positive duration`}, nil},
		{"a drain delay without a unit", []string{"--drain-delay", "5"}, nil, []string{`--drain-delay "5" is not a duration of zero or more`}, nil},
		{"no metrics by default", nil, nil, nil, func(c config) bool { return c.MetricsAddr == "" }},
		{"metrics address", []string{"--metrics-addr", "127.0.0.1:9090"}, nil, nil, func(c config) bool { return c.MetricsAddr == "127.0.0.1:9090" }},
		{"a bad metrics address", []string{"--metrics-addr", "9090"}, nil, []string{`--metrics-addr "9090" is not host:port`}, nil},
		{"metrics on the emulator's address", []string{"--metrics-addr", "127.0.0.1:8081"}, nil, []string{"--metrics-addr must differ from --addr and --sim-addr"}, nil},
		{"metrics on a shared emulator's default address", []string{"--metrics-addr", "127.0.0.1:8081", "--sim-url", "http://127.0.0.1:9999"}, nil, nil,
			func(c config) bool { return c.MetricsAddr == "127.0.0.1:8081" }},
		{"sessions in files by default", nil, nil, nil, func(c config) bool { return c.redisURL() == "" }},
		{"sessions in Redis with keys from the environment", []string{"--session-store", "rediss://u:p@redis.example.com:6380/2"},
			map[string]string{"CONSOLE_SESSION_KEYS": testKey + "," + testKey2}, nil, func(c config) bool {
				keys, err := c.sessionKeys()
				return err == nil && len(keys) == 2 && c.redisURL() == "rediss://u:p@redis.example.com:6380/2"
			}},
		{"Redis without keys", []string{"--session-store", "redis://127.0.0.1:6379/0"}, nil,
			[]string{"--session-store redis needs --session-keys"}, nil},
		{"not a Redis URL, password hidden", []string{"--session-store", "memcached://u:secret@host:11211"}, nil,
			[]string{`--session-store "memcached://u:xxxxx@host:11211": use files, or redis://`}, nil},
		{"a short key", []string{"--session-keys", "c2hvcnQ="}, nil, []string{"--session-keys: session key 1: 5 bytes is too short"}, nil},
		{"a key that is not base64", []string{"--session-keys", testKey + ",not*base64"}, nil, []string{"--session-keys: session key 2: not base64"}, nil},
		{"a bad trusted proxy", []string{"--trusted-proxies", "10.0.0.0/33"}, nil, []string{`--trusted-proxies: "10.0.0.0/33" is not an address or a network`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := parseServeConfig(tt.args, env(tt.env), io.Discard)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if !tt.check(cfg) {
					t.Errorf("config %+v", cfg)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}
