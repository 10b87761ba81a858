package layout

import (
	"encoding/json"
	"strings"
	"testing"

	"appconfig-console/static"
	"appconfig-console/views/internal/htmltest"
)

var signedIn = ShellProps{Title: "Integrations", UserEmail: "demo@example.com", AccountName: "Demo Account", CSRFToken: "tok\"<"}

func TestShellHead(t *testing.T) {
	d := htmltest.Render(t, Shell(signedIn))
	if htmltest.Text(d.One("title")) != "Integrations | IBM Cloud" {
		t.Error("title wrong")
	}
	d.One(`link[rel=stylesheet][href=` + static.URL("app.css") + `]`)
	d.One(`script[src=` + static.URL("htmx.min.js") + `][defer]`)
	d.One(`script[src=` + static.URL("app.js") + `][defer]`)
	for _, s := range d.All("script") {
		if htmltest.AttrValue(s, "src") == "" || s.FirstChild != nil {
			t.Error("inline script found")
		}
	}
	var headers map[string]string
	if err := json.Unmarshal([]byte(htmltest.AttrValue(d.One("body"), "hx-headers")), &headers); err != nil || headers["X-CSRF-Token"] != signedIn.CSRFToken {
		t.Errorf("hx-headers = %q (%v)", htmltest.AttrValue(d.One("body"), "hx-headers"), err)
	}
	d.One("main#main-content")
	d.One("a[href=#main-content]")
}

func TestShellHeader(t *testing.T) {
	d := htmltest.Render(t, Shell(signedIn))
	hdr := d.One("header[data-theme=g100]")
	if !strings.Contains(htmltest.Text(hdr), "IBM Cloud") {
		t.Error("product name missing")
	}
	d.One("input#header-search[placeholder=Search resources and products...]")
	d.One("label[for=header-search]")
	manage := d.One("details[data-manage-menu]")
	iam := htmltest.All(manage, "a[href=/iam/authorizations]")
	if len(iam) != 1 || htmltest.Text(iam[0]) != "Access (IAM)" {
		t.Fatal("Manage menu lacks Access (IAM)")
	}
	for _, label := range []string{"Billing and usage", "Account"} {
		found := false
		for _, n := range htmltest.All(manage, "span[aria-disabled=true]") {
			found = found || htmltest.Text(n) == label
		}
		if !found {
			t.Errorf("Manage menu lacks disabled %q", label)
		}
	}
	if htmltest.Text(d.One("[data-account-name]")) != "Demo Account" {
		t.Error("account name missing")
	}
	user := d.One("details[data-user-menu]")
	if htmltest.Text(htmltest.All(user, "[data-user-email]")[0]) != "demo@example.com" {
		t.Error("email missing")
	}
	d.One("details[data-user-menu] form[method=post][action=/signout] input[name=csrf]")
	if len(d.All("details[data-user-menu] button[type=submit]")) != 1 {
		t.Error("no sign-out button")
	}
}

func TestShellSignedOutAndFlash(t *testing.T) {
	d := htmltest.Render(t, Shell(ShellProps{Title: "Sign in"}))
	if d.Has("[data-user-menu]") || d.Has("[data-manage-menu]") || d.Has("form[role=search]") {
		t.Error("signed-out header shows signed-in menus")
	}
	if d.Has("[data-toast]") {
		t.Error("toast without flash")
	}
	p := signedIn
	p.Flash = &Flash{Kind: "error", Title: "Failed", Message: "Key Protect is unavailable."}
	d = htmltest.Render(t, Shell(p))
	if got := htmltest.Text(d.One("#toasts [data-toast][role=alert]")); !strings.Contains(got, "Failed Key Protect is unavailable.") {
		t.Errorf("toast = %q", got)
	}
}

func TestInstancePage(t *testing.T) {
	p := InstancePageProps{Shell: signedIn, GUID: "g-1", IntegrationsURL: "/instances/g-1/integrations", Name: "app-config-enterprise", State: "active", Plan: "enterprise",
		Region: "us-south", Current: "integrations", DeleteURL: "/instances/g-1/delete"}
	d := htmltest.Render(t, withChildren(InstancePage(p), "<p id=content>hello</p>"))
	d.One("nav[aria-label=Breadcrumb] a[href=/]")
	if htmltest.Text(d.One("h1")) != "App Configuration app-config-enterprise" {
		t.Errorf("h1 = %q", htmltest.Text(d.One("h1")))
	}
	if htmltest.Text(d.One("[data-status=active]")) != "Active" {
		t.Error("status missing")
	}
	if !strings.Contains(htmltest.Text(d.One("[data-plan]")), "Enterprise") || !strings.Contains(htmltest.Text(d.One("[data-region]")), "us-south") {
		t.Error("plan or region missing")
	}
	d.One("details#instance-actions a[href=/instances/g-1/delete]")
	nav := d.One("nav[aria-label=App Configuration][data-left-nav]")
	links := htmltest.All(nav, "a")
	if len(links) != 1 || htmltest.AttrValue(links[0], "href") != "/instances/g-1/integrations" || htmltest.AttrValue(links[0], "aria-current") != "page" {
		t.Fatalf("nav links = %d, want only Integrations", len(links))
	}
	want := []string{"Getting started", "Environments", "Collections", "Feature flags", "Properties", "Segments", "Experimentation Beta",
		"Metrics", "Integrations", "Configuration aggregator", "Settings", "SDKs", "Service credentials"}
	items := htmltest.All(nav, "li")
	if len(items) != len(want) {
		t.Fatalf("nav has %d items", len(items))
	}
	for i, li := range items {
		if htmltest.Text(li) != want[i] {
			t.Errorf("nav item %d = %q, want %q", i, htmltest.Text(li), want[i])
		}
		if want[i] != "Integrations" && htmltest.AttrValue(htmltest.All(li, "span")[0], "title") != unavailable {
			t.Errorf("%q lacks the unavailable title", want[i])
		}
	}
	d.One("#instance-content p#content")
}

func TestIAMPage(t *testing.T) {
	d := htmltest.Render(t, withChildren(IAMPage(IAMPageProps{Shell: signedIn, Title: "Authorizations", Current: "authorizations"}), "<p id=content>x</p>"))
	nav := d.One("nav[aria-label=Access (IAM)]")
	links := htmltest.All(nav, "a")
	if len(links) != 1 || htmltest.AttrValue(links[0], "href") != "/iam/authorizations" || htmltest.AttrValue(links[0], "aria-current") != "page" {
		t.Fatal("IAM nav should link only Authorizations")
	}
	if len(htmltest.All(nav, "li")) != 9 {
		t.Error("IAM nav should list 9 items")
	}
	if htmltest.Text(d.One("h1")) != "Authorizations" {
		t.Error("title missing")
	}
	d.One("#iam-content p#content")
}
