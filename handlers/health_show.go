package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// readyTimeout bounds how long the readiness check waits for the session store.
const readyTimeout = 2 * time.Second

// warmUpBound bounds how long /readyz waits for Config.WarmingUp: after it, the console serves without what the start's
// reads would have given it (the pages read it themselves).
const warmUpBound = 10 * time.Second

// showHealth answers that the console is up.
func (s *Server) showHealth(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

// showReadiness answers whether this replica can serve: whether it is not shutting down, has warmed up (or waited
// warmUpBound for it) and its session store answers. IBM Cloud is not asked, so that its outages do not take every
// replica out of the load balancer.
func (s *Server) showReadiness(c echo.Context) error {
	if s.cfg.Draining != nil && s.cfg.Draining() {
		return c.String(http.StatusServiceUnavailable, "shutting down\n")
	}
	if !s.warmedUp() {
		return c.String(http.StatusServiceUnavailable, "warming up\n")
	}
	ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
	defer cancel()
	if err := s.sessions.ready(ctx); err != nil {
		s.cfg.Logger.Warn("not ready", "error", err.Error())
		return c.String(http.StatusServiceUnavailable, "session store unavailable\n")
	}
	return c.String(http.StatusOK, "ready\n")
}

// warmedUp reports whether the reads the process started with have ended, or warmUpBound has passed since it started.
func (s *Server) warmedUp() bool {
	if s.cfg.WarmingUp == nil {
		return true
	}
	select {
	case <-s.cfg.WarmingUp:
		return true
	default:
		return s.cfg.Now().Sub(s.started) >= warmUpBound
	}
}

// requireSessionStore answers the sign-in pages with the sign-in service's unavailability while the session store does
// not answer, before IBM Cloud is asked to check an API key that could not be signed in with anyway.
func (s *Server) requireSessionStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
		defer cancel()
		if err := s.sessions.ready(ctx); err != nil {
			return err
		}
		return next(c)
	}
}
