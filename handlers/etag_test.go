package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/routes"
)

func TestUnchangedPagesAnswerNotModified(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	send := func(path string, fragment bool, ifNoneMatch string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, tc.URL+path, nil)
		if fragment {
			req.Header.Set("HX-Request", "true")
		}
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		return tc.do(req)
	}
	tests := []struct {
		path     string
		fragment bool
	}{
		{integrationsPage, false},
		{kmsPanelPage, false},
		{kmsPanelPage, true},
		{authzListPage, false},
		{wizardPage, true},
		{kmsKeyPage, false},
	}
	tags := map[string]string{}
	for _, tt := range tests {
		name := tt.path
		if tt.fragment {
			name += " (htmx)"
		}
		resp, body := send(tt.path, tt.fragment, "")
		tag := resp.Header.Get("ETag")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(tag, `W/"`) || body == "" {
			t.Fatalf("%s: status %d, ETag %q, %d bytes", name, resp.StatusCode, tag, len(body))
		}
		// Pages are never stored (the back button after sign-out); fragments may be kept to be revalidated.
		wantCache := "no-store"
		if tt.fragment {
			wantCache = "private, no-cache"
		}
		if cc, vary := resp.Header.Get("Cache-Control"), strings.Join(resp.Header.Values("Vary"), ","); cc != wantCache || !strings.Contains(vary, "HX-Request") {
			t.Errorf("%s: Cache-Control %q, Vary %q; want %s and HX-Request", name, cc, vary, wantCache)
		}
		if other, ok := tags[tag]; ok {
			t.Errorf("%s has the ETag of %s", name, other)
		}
		tags[tag] = name

		resp, body = send(tt.path, tt.fragment, `"something else", `+tag)
		if resp.StatusCode != http.StatusNotModified || body != "" || resp.Header.Get("ETag") != tag {
			t.Errorf("%s revalidated: status %d, ETag %q, %d bytes; want 304 with the same ETag and no body", name, resp.StatusCode, resp.Header.Get("ETag"), len(body))
		}
		if resp, _ = send(tt.path, tt.fragment, `W/"something else"`); resp.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: status %d, want 200", name, resp.StatusCode)
		}
	}
}

func TestChangedPageGetsANewETag(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, _ := tc.get(integrationsPage)
	before := resp.Header.Get("ETag")
	if resp, _ := tc.post(kmsPanelPath(cloudsim.AppConfigEnterpriseGUID, nil), kmsForm("kms", cloudsim.KeyProtectUSSouthGUID, cloudsim.AppConfigRootKeyID, true)); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("connect: status %d", resp.StatusCode)
	}
	tc.get(integrationsPage) // shows the flash once
	req, _ := http.NewRequest(http.MethodGet, tc.URL+integrationsPage, nil)
	req.Header.Set("If-None-Match", before)
	resp, body := tc.do(req)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == before || !strings.Contains(body, "Connected") {
		t.Errorf("after connecting: status %d, ETag %q (before %q); want 200 with the connected tile and a new ETag", resp.StatusCode, resp.Header.Get("ETag"), before)
	}
}

func TestSignOutClearsTheKeptPages(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	resp, _ := tc.post(routes.Path(routes.SignOut), nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Clear-Site-Data") != `"cache"` {
		t.Errorf("sign-out: status %d, Clear-Site-Data %q; want 303 and \"cache\"", resp.StatusCode, resp.Header.Get("Clear-Site-Data"))
	}
}
