package handlers

import (
	"compress/gzip"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"appconfig-console/routes"
)

// pageCompressor is the gzip middleware of pages and fragments, built once: Echo builds its middleware chain on every
// request, and each build of the gzip middleware makes a new pool, so a gzip.Writer (about 800 KB) would be allocated
// for every request. Level 1 (the fastest) costs far less CPU than the default 6 for a few per cent more bytes on
// these pages (docs/performance.md); answers under 1 KB are sent as they are.
var pageCompressor = middleware.GzipWithConfig(middleware.GzipConfig{
	Skipper:   func(c echo.Context) bool { return matchedRoute(c, routes.Static) },
	Level:     gzip.BestSpeed,
	MinLength: 1024,
})

// compressPages gzips the console's pages and fragments; static assets are served already compressed.
func (s *Server) compressPages(next echo.HandlerFunc) echo.HandlerFunc {
	return pageCompressor(next)
}
