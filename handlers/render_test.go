package handlers

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/views/layout"
)

func TestRenderWritesNothingUnlessThePageIsWhole(t *testing.T) {
	t.Parallel()
	broken := errors.New("template failed")
	half := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, _ = io.WriteString(w, "<p>half a page")
		return broken
	})
	whole := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<p>a page</p>")
		return err
	})
	refused := &ibmcloud.Error{Kind: ibmcloud.KindUnauthorized, Service: "IAM", Status: http.StatusUnauthorized}
	tests := []struct {
		name      string
		component templ.Component
		refused   error
		wantErr   error
		wantBody  string
	}{
		{"a failed render reaches the error handler", half, nil, broken, ""},
		{"a refused token reaches the error handler", whole, refused, refused, ""},
		{"a whole page is written", whole, nil, nil, "<p>a page</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			c := echo.New().NewContext(httptest.NewRequest(http.MethodGet, "/", nil), rec)
			if tt.refused != nil {
				noteFailure(c, tt.refused)
			}
			err := render(c, http.StatusOK, tt.component)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("render returned %v, want %v", err, tt.wantErr)
			}
			if c.Response().Committed != (tt.wantBody != "") || rec.Body.String() != tt.wantBody {
				t.Errorf("committed %v, body %q; want body %q", c.Response().Committed, rec.Body.String(), tt.wantBody)
			}
		})
	}
}

// discardWriter is a response writer that keeps nothing of the body.
type discardWriter struct{ header http.Header }

func (w *discardWriter) Header() http.Header         { return w.header }
func (w *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *discardWriter) WriteHeader(int)             {}

// TestRenderReusesItsBuffer checks that rendering a 64 KB page, written in 1 KB pieces, allocates no buffer of its
// own once pages have been rendered before: growing a fresh one takes about ten allocations, copying the page each time.
func TestRenderReusesItsBuffer(t *testing.T) {
	piece := make([]byte, 1<<10)
	page := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		for range 64 {
			if _, err := w.Write(piece); err != nil {
				return err
			}
		}
		return nil
	})
	e := echo.New()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	c := e.NewContext(req, echo.NewResponse(&discardWriter{header: http.Header{}}, e))
	allocs := testing.AllocsPerRun(50, func() {
		c.Response().Committed = false
		if err := render(c, http.StatusOK, page); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 5 {
		t.Errorf("%v allocations per render of a 64 KB page, want at most 5", allocs)
	}
}

// TestPanicAfterDocumentStartEndsTheCompressedPage checks that a handler failing by a panic after its page's document
// start was sent ends the page with the error page inside the same gzip stream, so that the browser can read it.
func TestPanicAfterDocumentStartEndsTheCompressedPage(t *testing.T) {
	e, err := New(Config{SessionDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, Services{})
	if err != nil {
		t.Fatal(err)
	}
	e.GET("/boom", func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
		c.Response().WriteHeader(http.StatusOK)
		_, _ = c.Response().Write(layout.DocumentStart())
		c.Response().Flush()
		c.Set(streamedKey, &streamedPage{})
		panic("boom")
	})
	req := httptest.NewRequest(http.MethodGet, "/boom", nil)
	req.Header.Set("Accept", "text/html")
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	zr.Multistream(false)
	page, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the page is not one gzip stream: %v", err)
	}
	if rest, _ := io.ReadAll(rec.Body); len(rest) != 0 {
		t.Errorf("%d bytes after the gzip stream", len(rest))
	}
	if !strings.HasPrefix(string(page), string(layout.DocumentStart())) || !strings.Contains(string(page), "data-error-page") ||
		!strings.HasSuffix(string(page), "</html>") {
		t.Errorf("the page does not end as the error page:\n%s", page)
	}
}
