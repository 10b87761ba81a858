package views

import (
	"strings"
	"testing"

	"appconfig-console/views/internal/htmltest"
	"appconfig-console/views/layout"
)

func TestSignInPage(t *testing.T) {
	keys := []DemoAPIKey{{Label: "Administrator", Email: "demo@example.com", APIKey: "key-admin"}, {Label: "Read-only user", Email: "viewer@example.com", APIKey: "key-viewer"}}
	tests := []struct {
		name     string
		page     SignInPage
		demoKeys bool
		failed   bool
	}{
		{"ibm", SignInPage{Shell: layout.ShellProps{CSRFToken: "tok"}, Return: "/iam/authorizations", DemoKeys: keys}, false, false},
		{"sim", SignInPage{Shell: layout.ShellProps{CSRFToken: "tok", SimMode: true}, Return: "/", DemoKeys: keys}, true, false},
		{"error", SignInPage{Shell: layout.ShellProps{CSRFToken: "tok"}, Error: "The API key is not valid."}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := htmltest.Render(t, SignIn(tt.page))
			d.One("form[method=post][action=/signin] input[type=hidden][name=csrf][value=tok]")
			d.One("input[type=hidden][name=return][value=" + tt.page.Return + "]")
			d.One("label[for=apikey]")
			d.One("input#apikey[type=password][name=apikey]")
			if htmltest.Text(d.One("button[type=submit]")) != "Sign in" {
				t.Error("no Sign in button")
			}
			if got := d.Has("[data-demo-keys]"); got != tt.demoKeys {
				t.Errorf("demo keys shown = %v", got)
			}
			if tt.demoKeys {
				if !strings.Contains(d.HTML, "key-admin") || !strings.Contains(d.HTML, "key-viewer") || !strings.Contains(d.HTML, "viewer@example.com") {
					t.Error("demo keys incomplete")
				}
				d.One("button[data-copy=demo-key-0-code]")
			} else if strings.Contains(d.HTML, "key-admin") {
				t.Error("demo key leaked outside sim mode")
			}
			if tt.failed {
				if !strings.Contains(htmltest.Text(d.One("[role=alert]")), tt.page.Error) {
					t.Error("error message missing")
				}
				d.One("input#apikey[aria-invalid=true]")
			} else if d.Has("[role=alert]") {
				t.Error("unexpected alert")
			}
		})
	}
}

func TestErrorPage(t *testing.T) {
	d := htmltest.Render(t, Error(ErrorPage{Status: 403, Title: "Not allowed", Message: "You cannot see this instance.", RequestID: "r-1"}))
	if htmltest.Text(d.One("[data-status]")) != "403" || htmltest.Text(d.One("h1")) != "Not allowed" {
		t.Error("status or title missing")
	}
	if !strings.Contains(d.HTML, "r-1") || !strings.Contains(d.HTML, "You cannot see this instance.") {
		t.Error("message or request id missing")
	}
	if htmltest.Text(d.One("[data-error-page] a[href=/]")) != "Go to the resource list" {
		t.Error("default back link wrong")
	}
	d = htmltest.Render(t, Error(ErrorPage{Status: 500, BackURL: "/iam/authorizations", BackLabel: "Back to authorizations"}))
	d.One("[data-error-page] a[href=/iam/authorizations]")
	if htmltest.Text(d.One("h1")) != "Something went wrong" {
		t.Error("default title wrong")
	}
}

func TestResourceListPage(t *testing.T) {
	d := htmltest.Render(t, ResourceList(sampleResources()))
	bodies := d.All("table#resource-table tbody[data-service]")
	want := []string{"App Configuration", "Key Protect", "Hyper Protect Crypto Services", "Event Notifications"}
	if len(bodies) != len(want) {
		t.Fatalf("%d service groups", len(bodies))
	}
	for i, b := range bodies {
		if htmltest.AttrValue(b, "data-service") != want[i] {
			t.Errorf("group %d = %q", i, htmltest.AttrValue(b, "data-service"))
		}
	}
	if len(d.All("th[scope=col]")) != 6 {
		t.Error("want 6 columns: name, plan, location, resource group, status and actions")
	}
	row := d.One("tr[data-resource=app-config-enterprise]")
	if htmltest.Text(row) != "app-config-enterprise Enterprise us-south Default Active" {
		t.Errorf("row = %q", htmltest.Text(row))
	}
	d.One("tr[data-resource=app-config-enterprise] a[href=/instances/1]")
	if len(d.All("tr[data-resource=event-notifications-us-south] a")) != 0 {
		t.Error("row without URL should not be a link")
	}
	d.One("tr[data-resource=hpcs-us-south] [data-status=error]")

	d = htmltest.Render(t, ResourceList(ResourceListPage{Sections: []ResourceGroupSection{{Service: "Key Protect"}}}))
	if d.Has("table") || !d.Has("[data-empty-state]") {
		t.Error("empty list should show the empty state")
	}
}

// TestPagesHaveNoInlineCode checks the CSP rules on every page and fragment
// the console serves (demoPages): no inline scripts, event handler attributes
// or style attributes, and every form control has a label.
func TestPagesHaveNoInlineCode(t *testing.T) {
	for _, page := range demoPages() {
		t.Run(page.name, func(t *testing.T) {
			d := htmltest.Render(t, page.c)
			for _, s := range d.All("script") {
				if htmltest.AttrValue(s, "src") == "" || s.FirstChild != nil {
					t.Error("inline script")
				}
			}
			if d.Has("style") || d.Has("[style]") {
				t.Error("inline style")
			}
			for _, n := range d.All("*") {
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(a.Val, "javascript:") {
						t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
					}
				}
				if (n.Data == "link" && strings.HasPrefix(htmltest.AttrValue(n, "href"), "http")) || strings.HasPrefix(htmltest.AttrValue(n, "src"), "http") {
					t.Errorf("<%s> loads from another host", n.Data)
				}
			}
			for _, sel := range []string{"input", "select", "textarea"} {
				for _, in := range d.All(sel) {
					typ := htmltest.AttrValue(in, "type")
					if typ == "hidden" || typ == "submit" {
						continue
					}
					id := htmltest.AttrValue(in, "id")
					if id == "" || !d.Has("label[for="+id+"]") {
						t.Errorf("<%s name=%q> has no label", sel, htmltest.AttrValue(in, "name"))
					}
				}
			}
			seen := map[string]bool{}
			for _, n := range d.All("[id]") {
				id := htmltest.AttrValue(n, "id")
				if seen[id] {
					t.Errorf("duplicate id %q", id)
				}
				seen[id] = true
			}
		})
	}
}

func TestSignInPageNotice(t *testing.T) {
	notice := "Your session expired and could not be renewed: IAM is unavailable."
	d := htmltest.Render(t, SignIn(SignInPage{Shell: layout.ShellProps{CSRFToken: "tok"}, Return: "/iam/authorizations", Notice: notice}))
	if !strings.Contains(htmltest.Text(d.One("#signin-notice")), notice) {
		t.Error("notice missing")
	}
	d.One("input[type=hidden][name=return][value=/iam/authorizations]")
	if d.Has("input#apikey[aria-invalid=true]") {
		t.Error("the API key field is marked invalid before any attempt")
	}
	// A failed attempt replaces the notice with its error.
	d = htmltest.Render(t, SignIn(SignInPage{Shell: layout.ShellProps{CSRFToken: "tok"}, Notice: notice, Error: "The API key is not valid."}))
	if d.Has("#signin-notice") || !d.Has("#signin-error") {
		t.Error("with an error, the notice is still shown or the error is not")
	}
}

// sampleShell is a signed-in shell for the page tests.
var sampleShell = layout.ShellProps{Title: "Integrations", UserEmail: "demo@example.com", AccountName: "Demo Account", CSRFToken: "token"}

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
