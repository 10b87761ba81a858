package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
)

// contentSecurityPolicy allows only the console's own scripts, styles, fonts and images, and no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the security headers on every response.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

// logRequests logs each request's method, path, status and duration; it never logs query strings, bodies or headers.
func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		if c.Request().Context().Err() != nil {
			s.cfg.Logger.LogAttrs(c.Request().Context(), slog.LevelInfo, "client went away",
				slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
				slog.Duration("after", time.Since(start)))
			return nil
		}
		s.cfg.Logger.LogAttrs(c.Request().Context(), slog.LevelDebug, "request",
			slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
			slog.Int("status", c.Response().Status), slog.Duration("duration", time.Since(start)))
		return nil
	}
}

// recoverPanics turns a panic into a 500 page and logs it.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// deadline gives each request of a route one deadline, bound after it starts, for everything it reads upstream and
// renders, whatever it re-renders after a failure. The error handler and the request log see the client's own context
// again, so a request that ran out of time is answered, and only a client that went away is logged as gone.
func deadline(bound time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			client := c.Request()
			ctx, cancel := context.WithTimeout(client.Context(), bound)
			defer cancel()
			c.SetRequest(client.WithContext(ctx))
			err := next(c)
			c.SetRequest(client)
			return err
		}
	}
}
