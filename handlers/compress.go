package handlers

import (
	"compress/gzip"
	"net/http"

	"github.com/klauspost/compress/gzhttp"
	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
)

// pageCompressor gzips the console's answers of 1 KB or more, built once: klauspost/compress's gzip (about a third
// less CPU than compress/gzip at the same level on these pages, docs/performance.md) at level 1, the fastest, which
// costs far less CPU than the default 6 for a few per cent more bytes. It keeps its compressors for later answers,
// flushes the compressed stream when the page is flushed (streamShell), and answers gzip only (not zstd), as before.
var pageCompressor = mustCompressor(gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.CompressionLevel(gzip.BestSpeed),
	gzhttp.EnableZstd(false)))

// mustCompressor returns wrap, failing at start-up on a configuration gzhttp refuses.
func mustCompressor(wrap func(http.Handler) http.HandlerFunc, err error) func(http.Handler) http.HandlerFunc {
	if err != nil {
		panic("handlers: gzip configuration: " + err.Error())
	}
	return wrap
}

// compressPages gzips the console's pages and fragments; static assets are served already compressed.
func (s *Server) compressPages(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if matchedRoute(c, routes.Static) {
			return next(c)
		}
		res := c.Response()
		plain := res.Writer
		defer func() { res.Writer = plain }()
		var err error
		pageCompressor(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			res.Writer = w
			err = next(c)
		})).ServeHTTP(plain, c.Request())
		return err
	}
}
