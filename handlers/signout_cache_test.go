package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
)

// TestSignOutEndsACachedSession checks that signing out ends the session at once although the console keeps it
// decoded in memory: its cookie, sent again, leads to the sign-in page.
func TestSignOutEndsACachedSession(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	for range 3 {
		if resp, body := tc.get("/"); resp.StatusCode != http.StatusOK {
			t.Fatalf("signed-in page: status %d\n%s", resp.StatusCode, excerpt(body))
		}
	}
	base, _ := url.Parse(tc.URL)
	stolen := tc.client.Jar.Cookies(base)
	if resp, _ := tc.post("/signout", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-out: status %d", resp.StatusCode)
	}
	replay := tc.anotherClient()
	replay.client.Jar.SetCookies(base, stolen)
	resp, _ := replay.get("/")
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/signin") {
		t.Errorf("the signed-out session's cookie got status %d, Location %q; want a redirect to sign in", resp.StatusCode, loc)
	}
}
