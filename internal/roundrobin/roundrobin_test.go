package roundrobin

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// stopped returns the URL of an address that refuses connections, as a stopped replica's does.
func stopped(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// echoing is a replica that answers its name and the body it received.
func echoing(t *testing.T, name string) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		io.WriteString(w, name+" "+string(body))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// breaking is a replica that drops the connection after reading the request, as one killed mid-answer does.
func breaking(t *testing.T) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func TestProxy(t *testing.T) {
	tests := []struct {
		name     string
		replicas func(t *testing.T) []string
		method   string
		// wantStatus and wantBody are the answers of three requests in a row.
		wantStatus []int
		wantBody   []string
	}{
		{"requests alternate", func(t *testing.T) []string { return []string{echoing(t, "a"), echoing(t, "b")} }, http.MethodGet,
			[]int{200, 200, 200}, []string{"a ", "b ", "a "}},
		{"a stopped replica is skipped for a GET", func(t *testing.T) []string { return []string{echoing(t, "a"), stopped(t)} }, http.MethodGet,
			[]int{200, 200, 200}, []string{"a ", "a ", "a "}},
		{"a stopped replica is skipped for a form, body intact", func(t *testing.T) []string { return []string{stopped(t), echoing(t, "b")} }, http.MethodPost,
			[]int{200, 200, 200}, []string{"b x=1", "b x=1", "b x=1"}},
		{"a GET cut mid-answer goes to the next replica", func(t *testing.T) []string { return []string{breaking(t), echoing(t, "b")} }, http.MethodGet,
			[]int{200, 200, 200}, []string{"b ", "b ", "b "}},
		{"a form cut mid-answer is not sent again", func(t *testing.T) []string { return []string{breaking(t), echoing(t, "b")} }, http.MethodPost,
			[]int{502, 200, 502}, []string{"", "b x=1", ""}},
		{"every replica stopped", func(t *testing.T) []string { return []string{stopped(t), stopped(t)} }, http.MethodGet,
			[]int{502, 502, 502}, []string{"", "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := New(tt.replicas(t), false)
			if err != nil {
				t.Fatal(err)
			}
			front := httptest.NewServer(p)
			defer front.Close()
			for i := range tt.wantStatus {
				req, _ := http.NewRequest(tt.method, front.URL, nil)
				if tt.method == http.MethodPost {
					req, _ = http.NewRequest(tt.method, front.URL, strings.NewReader("x=1"))
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tt.wantStatus[i] || string(body) != tt.wantBody[i] {
					t.Errorf("request %d: %d %q, want %d %q", i, resp.StatusCode, body, tt.wantStatus[i], tt.wantBody[i])
				}
			}
		})
	}
}
