package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
)

func TestRequestsAreLabelledByRoutePattern(t *testing.T) {
	m := New()
	e := echo.New()
	e.Pre(m.Middleware())
	// A middleware that answers by itself, as a sign-in guard does.
	guard := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if c.QueryParam("signed-in") == "" {
				return c.Redirect(http.StatusSeeOther, "/signin")
			}
			return next(c)
		}
	}
	e.GET("/items/:id", func(c echo.Context) error { return c.String(http.StatusOK, c.Param("id")) }, guard)
	e.GET("/fail", func(echo.Context) error { return echo.NewHTTPError(http.StatusTeapot) })
	tests := []struct {
		method, target string
		want           string
	}{
		{"GET", "/items/42?signed-in=1", `{method="GET",route="/items/:id",status="200"} 1`},
		{"GET", "/items/43", `{method="GET",route="/items/:id",status="303"} 1`},
		{"GET", "/fail", `{method="GET",route="/fail",status="418"} 1`},
		{"GET", "/no/such/page", `{method="GET",route="unmatched",status="404"} 1`},
		{"POST", "/items/44", `{method="POST",route="/items/:id",status="405"} 1`},
		{"BREW", "/items/45", `{method="other",route="/items/:id",status="405"} 1`},
	}
	for _, tt := range tests {
		e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.target, nil))
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, tt := range tests {
		if !strings.Contains(string(body), "console_http_request_duration_seconds_count"+tt.want) {
			t.Errorf("%s %s: no sample %s", tt.method, tt.target, tt.want)
		}
	}
	for _, raw := range []string{"/items/4", "/no/such", "BREW"} {
		if strings.Contains(string(body), raw) {
			t.Errorf("a raw path %q is in the metrics", raw)
		}
	}
}

func TestTimeSpentSumsRequestsAndUpstreamAttempts(t *testing.T) {
	m := New()
	m.Attempt("iam", 200, 300*time.Millisecond)
	m.Attempt("key-protect", 0, 200*time.Millisecond)
	e := echo.New()
	e.Pre(m.Middleware())
	e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if _, _, redis := m.TimeSpent(); redis != 0 {
		t.Errorf("Redis time %v s before any command, want 0", redis)
	}
	record := m.RedisCommands()
	record("get", 100*time.Millisecond)
	m.RedisCommands()("pipeline", 50*time.Millisecond)
	requests, upstream, redis := m.TimeSpent()
	if upstream < 0.499 || upstream > 0.501 {
		t.Errorf("upstream time %v s, want 0.5", upstream)
	}
	if redis < 0.149 || redis > 0.151 {
		t.Errorf("Redis time %v s, want 0.15", redis)
	}
	if requests <= 0 {
		t.Errorf("request time %v s, want more than 0", requests)
	}
}
