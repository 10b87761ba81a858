// Package roundrobin is a reverse proxy that spreads requests over the console's replicas in turn, without stickiness,
// as a plain load balancer does; the load command and the replica tests put it in front of replicas.
package roundrobin

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

// maxBody bounds the request body kept to send it again to another replica (the console's forms are small).
const maxBody = 1 << 20

// Proxy sends each request to the next replica. When a replica refuses the connection (it is stopped), the request goes
// to the next one: nothing reached the stopped replica, so that is safe for every method, forms included. When a
// replica fails after it received the request (its connection breaks mid-answer), only GET and HEAD go to the next
// replica; any other method is answered 502 Bad Gateway, since the replica may have acted on it.
type Proxy struct {
	replicas []*url.URL
	// separateCookies renames replica I's cookie NAME to NAME.rI at the client, for replicas that share no sessions.
	separateCookies bool
	next            atomic.Uint64
	served          []atomic.Int64
	proxy           *httputil.ReverseProxy
}

// attempt is the request context's record of which replica serves it and how many replicas it has tried.
type attempt struct {
	replica, tries int
	body           []byte
}

// attemptKey is the request context's key for its attempt.
type attemptKey struct{}

// New returns a round robin over the replicas at urls. With separateCookies, each replica's cookies are kept apart at
// the client (replica I's cookie NAME is NAME.rI), for replicas that keep sessions of their own.
func New(urls []string, separateCookies bool) (*Proxy, error) {
	p := &Proxy{separateCookies: separateCookies, served: make([]atomic.Int64, len(urls))}
	for _, raw := range urls {
		u, err := url.Parse(raw)
		if err != nil {
			return nil, err
		}
		p.replicas = append(p.replicas, u)
	}
	if len(p.replicas) == 0 {
		return nil, errors.New("roundrobin: no replicas")
	}
	p.proxy = &httputil.ReverseProxy{Rewrite: p.rewrite, ModifyResponse: p.modifyResponse, ErrorHandler: p.retry,
		ErrorLog: log.New(io.Discard, "", 0)}
	return p, nil
}

// ServeHTTP sends the request to the next replica.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := &attempt{replica: int((p.next.Add(1) - 1) % uint64(len(p.replicas)))}
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil || len(body) > maxBody {
			http.Error(w, "request body unreadable or too large", http.StatusRequestEntityTooLarge)
			return
		}
		a.body = body
	}
	p.send(w, r.WithContext(context.WithValue(r.Context(), attemptKey{}, a)), a)
}

// send hands the request, with its body afresh, to the attempt's replica.
func (p *Proxy) send(w http.ResponseWriter, r *http.Request, a *attempt) {
	a.tries++
	if a.body != nil {
		r.Body = io.NopCloser(bytes.NewReader(a.body))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(a.body)), nil }
	}
	p.proxy.ServeHTTP(w, r)
}

// Served returns how many answers replica i has given through the proxy.
func (p *Proxy) Served(i int) int64 { return p.served[i].Load() }

// rewrite addresses the request to its replica, keeping the Host the client used (the consoles accept forms from it).
func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	a := pr.In.Context().Value(attemptKey{}).(*attempt)
	pr.SetURL(p.replicas[a.replica])
	pr.Out.Host = pr.In.Host
	if !p.separateCookies {
		return
	}
	pr.Out.Header.Del("Cookie")
	suffix := ".r" + strconv.Itoa(a.replica)
	for _, c := range pr.In.Cookies() {
		if name, ok := strings.CutSuffix(c.Name, suffix); ok {
			pr.Out.AddCookie(&http.Cookie{Name: name, Value: c.Value})
		}
	}
}

// modifyResponse counts the replica's answer and, with separate cookies, renames the cookies it sets.
func (p *Proxy) modifyResponse(resp *http.Response) error {
	a := resp.Request.Context().Value(attemptKey{}).(*attempt)
	p.served[a.replica].Add(1)
	if !p.separateCookies {
		return nil
	}
	suffix := ".r" + strconv.Itoa(a.replica)
	cookies := resp.Cookies()
	resp.Header.Del("Set-Cookie")
	for _, c := range cookies {
		c.Name += suffix
		resp.Header.Add("Set-Cookie", c.String())
	}
	return nil
}

// retry sends a request its replica did not answer to the next replica, when that is safe (see Proxy), until every
// replica has been tried; otherwise it answers 502.
func (p *Proxy) retry(w http.ResponseWriter, r *http.Request, err error) {
	a := r.Context().Value(attemptKey{}).(*attempt)
	refused := errors.Is(err, syscall.ECONNREFUSED)
	idempotent := r.Method == http.MethodGet || r.Method == http.MethodHead
	if a.tries < len(p.replicas) && r.Context().Err() == nil && (refused || idempotent) {
		a.replica = (a.replica + 1) % len(p.replicas)
		p.send(w, r, a)
		return
	}
	w.WriteHeader(http.StatusBadGateway)
}

// CookieName is the name the client keeps replica i's cookie name under, with separate cookies.
func CookieName(name string, i int) string { return name + ".r" + strconv.Itoa(i) }
