package handlers

import (
	"net/url"
	"slices"
	"strings"
)

// originAllowed reports whether a request's Origin is one the console is served at: one of the configured origins, or
// without configuration the request's own host.
func (s *Server) originAllowed(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if len(s.cfg.AllowedOrigins) == 0 {
		return u.Host == host
	}
	normalized := strings.ToLower(u.Scheme + "://" + u.Host)
	return slices.Contains(s.cfg.AllowedOrigins, normalized)
}
