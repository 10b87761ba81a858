package views

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a-h/templ"

	"appconfig-console/static"
	"appconfig-console/views/components"
	"appconfig-console/views/internal/preview"
	"appconfig-console/views/layout"
)

// TestPreview writes sample pages with the real assets to $VIEWS_PREVIEW_DIR,
// for screenshots with headless Chromium (file:// URLs). Skipped without it.
func TestPreview(t *testing.T) {
	dir := os.Getenv("VIEWS_PREVIEW_DIR")
	if dir == "" {
		t.Skip("VIEWS_PREVIEW_DIR not set")
	}
	for _, name := range []string{"app.css", "app.js", "htmx.min.js",
		"fonts/IBMPlexSans-Light-Latin1.woff2", "fonts/IBMPlexSans-Regular-Latin1.woff2", "fonts/IBMPlexSans-SemiBold-Latin1.woff2"} {
		writeAsset(t, dir, name)
	}
	for name, c := range samplePages() {
		var buf bytes.Buffer
		if err := c.Render(context.Background(), &buf); err != nil {
			t.Fatal(err)
		}
		page := strings.ReplaceAll(buf.String(), `"/static/`, `"static/`)
		if err := os.WriteFile(filepath.Join(dir, name+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// writeAsset saves an asset as the handler serves it, with font URLs made relative.
func writeAsset(t *testing.T, dir, name string) {
	t.Helper()
	url := static.URL(name)
	rec := httptest.NewRecorder()
	static.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, url, nil))
	body, _ := io.ReadAll(rec.Body)
	body = bytes.ReplaceAll(body, []byte("url(/static/"), []byte("url(../"))
	path := filepath.Join(dir, strings.TrimPrefix(url, "/"))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
}

// sampleShell is a signed-in shell for previews.
var sampleShell = layout.ShellProps{Title: "Integrations", UserEmail: "demo@example.com", AccountName: "Demo Account", CSRFToken: "token"}

// samplePages returns the pages to preview by file name.
func samplePages() map[string]templ.Component {
	instance := layout.InstancePageProps{Shell: sampleShell, GUID: "0001", Name: "app-config-enterprise", State: "active",
		Plan: "enterprise", Region: "us-south", Current: "integrations", DeleteURL: "/instances/0001/delete"}
	withToast := sampleShell
	withToast.Flash = &layout.Flash{Kind: "success", Title: "Connected", Message: "Key Protect key-protect-us-south now encrypts this instance."}
	toastInstance := instance
	toastInstance.Shell = withToast
	return map[string]templ.Component{
		"integrations":       layout.InstancePage(instance),
		"integrations-kms":   withChildren(layout.InstancePage(instance), templ.Join(preview.SampleIntegrations(), preview.SampleKMSPanel())),
		"integrations-toast": withChildren(layout.InstancePage(toastInstance), preview.SampleIntegrations()),
		"signin": SignIn(SignInPage{Shell: layout.ShellProps{Title: "Sign in", CSRFToken: "t", SimMode: true}, Return: "/",
			DemoKeys: []DemoAPIKey{{Label: "Administrator", Email: "demo@example.com", APIKey: "demo-admin-api-key-0123456789"},
				{Label: "Read-only user", Email: "viewer@example.com", APIKey: "demo-viewer-api-key-0123456789"}}}),
		"signin-error":    SignIn(SignInPage{Shell: layout.ShellProps{Title: "Sign in", CSRFToken: "t"}, Error: "The API key is not valid."}),
		"error":           Error(ErrorPage{Shell: sampleShell, Status: 404, Title: "Page not found", Message: "The instance does not exist or you cannot see it.", RequestID: "b7c1e2"}),
		"resources":       ResourceList(sampleResources()),
		"resources-empty": ResourceList(ResourceListPage{Shell: sampleShell}),
		"iam": withChildren(layout.IAMPage(layout.IAMPageProps{Shell: sampleShell, Title: "Authorizations", Current: "authorizations",
			Description: "Grant a service access to another service."}), preview.SampleIAMTable()),
		"iam-wizard": withChildren(layout.IAMPage(layout.IAMPageProps{Shell: sampleShell, Title: "Grant a service authorization", Current: "authorizations",
			Breadcrumbs: []components.BreadcrumbItem{{Label: "Authorizations", Href: "/iam/authorizations"}}}), preview.SampleWizard()),
		"modal":      withChildren(layout.InstancePage(instance), templ.Join(preview.SampleIntegrations(), preview.SampleModal())),
		"components": withChildren(layout.Shell(sampleShell), preview.SampleGallery()),
	}
}

// withChildren passes children to a layout component.
func withChildren(c templ.Component, children templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return c.Render(templ.WithChildren(ctx, children), w)
	})
}

// sampleResources is a resource list like the cloudsim demo account's.
func sampleResources() ResourceListPage {
	return ResourceListPage{Shell: sampleShell, Sections: []ResourceGroupSection{
		{Service: "App Configuration", Rows: []ResourceRow{
			{Name: "app-config-enterprise", URL: "/instances/1", Plan: "Enterprise", Region: "us-south", Group: "Default", State: "active"},
			{Name: "app-config-lite", URL: "/instances/2", Plan: "Lite", Region: "us-south", Group: "Default", State: "active"},
			{Name: "app-config-eu", URL: "/instances/3", Plan: "Enterprise", Region: "eu-de", Group: "production", State: "active"},
		}},
		{Service: "Key Protect", Rows: []ResourceRow{
			{Name: "key-protect-us-south", URL: "/kms/1", Plan: "Tiered pricing", Region: "us-south", Group: "Default", State: "active"},
			{Name: "key-protect-eu-de", URL: "/kms/2", Plan: "Tiered pricing", Region: "eu-de", Group: "production", State: "provisioning"},
		}},
		{Service: "Hyper Protect Crypto Services", Rows: []ResourceRow{
			{Name: "hpcs-us-south", URL: "/kms/3", Plan: "Standard", Region: "us-south", Group: "Default", State: "failed"},
		}},
		{Service: "Event Notifications", Rows: []ResourceRow{
			{Name: "event-notifications-us-south", Plan: "Lite", Region: "us-south", Group: "Default", State: "inactive"},
		}},
	}}
}
