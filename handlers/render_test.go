package handlers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/services/ibmcloud"
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
