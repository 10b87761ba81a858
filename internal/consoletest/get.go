package consoletest

import (
	"io"
	"net/http"
	"testing"
)

// Get GETs url as a browser does (Accept: text/html), or as htmx does when htmx is set, and returns the status and
// the body.
func Get(t testing.TB, client *http.Client, url string, htmx bool) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}
