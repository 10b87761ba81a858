// Package metrics keeps the console's Prometheus metrics, on a registry of its own, and serves them: requests by route
// and status, upstream calls, retries and errors by service and status, sign-in outcomes and session-store errors.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// UnmatchedRoute is the route label of a request no route matched, so that no raw path becomes a label.
const UnmatchedRoute = "unmatched"

// noAnswer is the status label of an upstream attempt that got no HTTP answer (refused, reset, timed out).
const noAnswer = "none"

// clientGone is the status label of a request whose client went away before an answer was written (nginx's 499).
const clientGone = "499"

// Metrics records the console's metrics; its methods are safe for concurrent use.
type Metrics struct {
	registry           *prometheus.Registry
	requests           *prometheus.HistogramVec
	upstream           *prometheus.HistogramVec
	upstreamErrors     *prometheus.CounterVec
	retries            *prometheus.CounterVec
	signIns            *prometheus.CounterVec
	sessionStoreErrors *prometheus.CounterVec
	// redis is registered by RedisCommands, only when the console uses Redis.
	redis     *prometheus.HistogramVec
	redisOnce sync.Once
}

// New returns metrics registered, with the Go runtime's and the process's, on a new registry.
func New() *Metrics {
	// Upstream calls are bounded at about 10 s (ibmcloud.DefaultLimits), pages a little above.
	buckets := []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20}
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "console_http_request_duration_seconds",
			Help: "Time to answer a request, by route pattern, method and status.", Buckets: buckets}, []string{"route", "method", "status"}),
		upstream: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "console_upstream_request_duration_seconds",
			Help:    "Time from sending one attempt of an IBM Cloud API call to its answer's headers, by service and status (none: no answer).",
			Buckets: buckets},
			[]string{"service", "status"}),
		upstreamErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "console_upstream_errors_total",
			Help: "IBM Cloud API attempts that failed (status 400 or above, or none: no answer), by service and status."},
			[]string{"service", "status"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "console_upstream_retries_total",
			Help: "IBM Cloud API attempts the SDKs repeated, by service and the status that caused the retry (none: no answer)."},
			[]string{"service", "status"}),
		signIns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "console_signins_total",
			Help: "Sign-in attempts by outcome: success, bad_key, throttled, upstream_error."}, []string{"outcome"}),
		sessionStoreErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "console_session_store_errors_total",
			Help: "Errors of the session store, by operation (load, save)."}, []string{"operation"}),
		redis: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "console_redis_command_duration_seconds",
			Help:    "Time from sending one Redis command (or pipeline, command pipeline) to its answer, connection included, by command.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"command"}),
	}
	m.registry.MustRegister(m.requests, m.upstream, m.upstreamErrors, m.retries, m.signIns, m.sessionStoreErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Middleware times each request and records it under its route pattern (Echo's c.Path()), never its raw path. It must
// run before the console's own middleware (Echo's Pre), so that requests they answer themselves are counted too; an
// error from further in is handed to the error handler here, to record the status the user gets.
func (m *Metrics) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = UnmatchedRoute
			}
			status := strconv.Itoa(c.Response().Status)
			if !c.Response().Committed && c.Request().Context().Err() != nil {
				status = clientGone
			}
			m.requests.WithLabelValues(route, methodLabel(c.Request().Method), status).Observe(time.Since(start).Seconds())
			return nil
		}
	}
}

// RedisCommands registers the Redis commands' histogram (console_redis_command_duration_seconds), once, and returns
// the function that records one command's time; the console calls it only when it keeps its shared state in Redis.
func (m *Metrics) RedisCommands() func(command string, took time.Duration) {
	m.redisOnce.Do(func() { m.registry.MustRegister(m.redis) })
	return func(command string, took time.Duration) { m.redis.WithLabelValues(command).Observe(took.Seconds()) }
}

// TimeSpent returns the seconds spent so far answering requests, in upstream attempts and in Redis commands, each
// summed over all labels; upstream calls made in parallel for one request each count in full.
func (m *Metrics) TimeSpent() (requests, upstream, redis float64) {
	families, _ := m.registry.Gather()
	for _, family := range families {
		var total float64
		for _, metric := range family.GetMetric() {
			total += metric.GetHistogram().GetSampleSum()
		}
		switch family.GetName() {
		case "console_http_request_duration_seconds":
			requests = total
		case "console_upstream_request_duration_seconds":
			upstream = total
		case "console_redis_command_duration_seconds":
			redis = total
		}
	}
	return requests, upstream, redis
}

// Attempt records one attempt of an upstream call (status 0: no answer came).
func (m *Metrics) Attempt(service string, status int, took time.Duration) {
	label := statusLabel(status)
	m.upstream.WithLabelValues(service, label).Observe(took.Seconds())
	if status == 0 || status >= 400 {
		m.upstreamErrors.WithLabelValues(service, label).Inc()
	}
}

// Retry records a retry of an upstream call, with the status that caused it (0: no answer came).
func (m *Metrics) Retry(service string, status int) {
	m.retries.WithLabelValues(service, statusLabel(status)).Inc()
}

// SignIn records the outcome of a sign-in attempt.
func (m *Metrics) SignIn(outcome string) { m.signIns.WithLabelValues(outcome).Inc() }

// SessionStoreError records an error of the session store in operation ("load" or "save").
func (m *Metrics) SessionStoreError(operation string) {
	m.sessionStoreErrors.WithLabelValues(operation).Inc()
}

// methodLabel returns the label of a request method: a standard method's name, else "other", so that a client
// cannot add series by inventing methods.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return "other"
}

// statusLabel returns the label of an upstream status: the number, or "none" for no answer.
func statusLabel(status int) string {
	if status == 0 {
		return noAnswer
	}
	return strconv.Itoa(status)
}
