package views

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/a-h/templ"

	"appconfig-console/views/components"
	"appconfig-console/views/layout"
)

// BenchmarkRender renders each page and fragment the console serves, with models shaped like the demo account's, to
// io.Discard; it reports bytes per page. Run: go test -run '^$' -bench Render -benchmem ./views
func BenchmarkRender(b *testing.B) {
	for _, p := range demoPages() {
		b.Run(p.name, func(b *testing.B) {
			var n countingWriter
			if err := p.c.Render(context.Background(), &n); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := p.c.Render(context.Background(), io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "bytes/page")
		})
	}
}

// demoPage is one page or fragment the console serves, rendered from a model shaped like the demo account's.
type demoPage struct {
	name string
	c    templ.Component
}

// demoPages returns every page and fragment the console serves, with models shaped like the demo account's.
func demoPages() []demoPage {
	shell := layout.ShellProps{Title: "Integrations", UserEmail: "demo@example.com", AccountName: "Demo Account", CSRFToken: "tok"}
	instance := layout.InstancePageProps{Shell: shell, GUID: "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51", Name: "app-config-enterprise",
		State: "active", Plan: "Enterprise", Region: "us-south", Current: "integrations", DeleteURL: "/instances/x/delete"}
	flashed := instance
	flashed.Shell.Flash = &layout.Flash{Kind: "success", Title: "Connected", Message: "Key Protect key-protect-us-south now encrypts this instance."}
	kmsTile := KMSTile{ConnectURL: "/instances/x/integrations/kms", PlanAllowed: true}
	enTile := ENTile{ConnectURL: "/instances/x/integrations/en", PlanAllowed: true}
	connected := KMSTile{ConnectURL: kmsTile.ConnectURL, PlanAllowed: true, Connected: true, Service: "Key Protect", Scheme: "BYOK",
		InstanceName: "key-protect-eu-de", Region: "eu-de", InstanceURL: "/kms/x", RootKeyName: "eu-root-key", RootKeyID: "k",
		KeyStatus: components.StatusIndicatorProps{Status: components.StatusActive, Label: "Usable"}, ConnectedAt: "2026-01-01 10:00 UTC",
		RefreshURL: "/r", CSRFToken: "tok", DeleteInstanceURL: "/d"}
	panel := KMSPanel{URL: "/instances/x/integrations/kms", CloseURL: "/instances/x/integrations", CSRFToken: "tok", Service: "kms",
		Services: []components.SelectOption{{Value: "kms", Label: "Key Protect", Selected: true}, {Value: "hs-crypto", Label: "Hyper Protect Crypto Services"}},
		Mode:     "existing", Instance: "i1", Instances: options("key-protect-", 2), Key: "k1", Keys: options("root-key-", 4), Authorize: true,
		Authorization: &KMSAuthorization{SourceInstance: "app-config-enterprise", Target: "key-protect-us-south", TargetService: "Key Protect",
			Role: "Reader", WizardURL: "/iam/authorizations/create"}}
	enPanel := ENPanel{URL: "/instances/x/integrations/en", CloseURL: "/instances/x/integrations", CSRFToken: "tok", PlanAllowed: true,
		Name: "app-config-enterprise", Groups: options("group-", 2), Instances: options("event-notifications-", 1),
		Authorization: ENAuthorizationBox{Source: "IBM App Configuration", SourceInstance: "app-config-enterprise", Target: "event-notifications-us-south",
			Role: "Event Source Manager", LearnMoreURL: "https://cloud.ibm.com/docs"}}
	iamProps := layout.IAMPageProps{Shell: shell, Title: "Authorizations", Current: "authorizations"}
	authz := AuthorizationsPage{IAM: iamProps, CreateURL: "/iam/authorizations/create", Services: options("service-", 4), Total: 20,
		Pagination: &components.Pagination{Start: 1, End: 20, Total: 20}}
	for i := range 20 {
		authz.Rows = append(authz.Rows, AuthorizationRow{ID: fmt.Sprint(i), SourceAccount: "This account", SourceService: "App Configuration",
			SourceScope: "Instance app-config-eu", TargetService: "Key Protect", TargetScope: "Instance key-protect-eu-de", Roles: []string{"Reader"},
			CreatedBy: "demo@example.com", CreatedAt: "1 Jan 2026", RemoveURL: "/iam/authorizations/x/remove"})
	}
	wizard := AuthorizationWizard{IAM: iamProps, FormAction: "/iam/authorizations/create", AuthorizeAction: "/iam/authorizations/create?x=y",
		CancelURL: "/iam/authorizations", CSRFToken: "tok", SourceAccount: "this", SourceServices: options("service-", 40),
		SourceService: WizardField{Value: "apprapp"}, SourceScope: "attributes", SourceGroups: options("group-", 2), SourceInstances: options("app-config-", 3),
		TargetServices: options("service-", 40), TargetService: WizardField{Value: "kms"}, TargetScope: "instance", TargetInstances: options("key-protect-", 2),
		Roles:  []WizardRole{{Name: "Reader", CRN: "r"}, {Name: "ReaderPlus", CRN: "rp"}, {Name: "Writer", CRN: "w"}, {Name: "Manager", CRN: "m"}},
		Review: &AuthorizationReview{Sentences: []string{"App Configuration can read keys."}, CLI: "ibmcloud iam authorization-policy-create", Terraform: "resource {}"}}
	keys := KMSInstancePage{Shell: shell, ServiceName: "Key Protect", Name: "key-protect-us-south", State: "active", Plan: "Tiered pricing",
		Region: "us-south", FilterAction: "/kms/x", TypeOptions: options("type-", 3), StateOptions: options("state-", 5)}
	for i := range 10 {
		keys.Keys = append(keys.Keys, KMSKeyRow{Name: fmt.Sprint("root-key-", i), URL: "/kms/x/keys/y", ID: fmt.Sprint("y", i), Type: "Root key",
			State: "Active", KeyRing: "default", Created: "1 Jan 2026"})
	}
	resources := ResourceListPage{Shell: shell}
	for _, service := range []string{"App Configuration", "Key Protect", "Hyper Protect Crypto Services", "Event Notifications"} {
		section := ResourceGroupSection{Service: service}
		for i := range 3 {
			section.Rows = append(section.Rows, ResourceRow{Name: fmt.Sprint(service, i), URL: "/instances/x", Plan: "Enterprise", Region: "us-south", Group: "Default", State: "active"})
		}
		resources.Sections = append(resources.Sections, section)
	}

	return []demoPage{
		{"integrations", IntegrationsView(IntegrationsPage{Instance: instance, KMS: kmsTile, EN: enTile})},
		{"integrations-connected", IntegrationsView(IntegrationsPage{Instance: instance, KMS: connected, EN: enTile})},
		{"integrations-flash", IntegrationsView(IntegrationsPage{Instance: flashed, KMS: connected, EN: enTile})},
		{"integrations+kms-panel", IntegrationsView(IntegrationsPage{Instance: instance, KMS: kmsTile, EN: enTile, Panel: KMSPanelView(panel)})},
		{"fragment/kms-panel", KMSPanelView(panel)},
		{"fragment/kms-tile", KMSTileView(connected)},
		{"fragment/en-panel", ENPanelView(enPanel)},
		{"fragment/en-tile", ENTileView(enTile)},
		{"authorizations", AuthorizationsView(authz)},
		{"fragment/authorizations", AuthorizationsContent(authz)},
		{"authorization-wizard", AuthorizationWizardView(wizard)},
		{"fragment/authorization-wizard", AuthorizationWizardContent(wizard)},
		{"kms-instance", KMSInstance(keys)},
		{"resource-list", ResourceList(resources)},
		{"signin", SignIn(SignInPage{Shell: layout.ShellProps{Title: "Sign in", CSRFToken: "t", SimMode: true}, Return: "/",
			DemoKeys: []DemoAPIKey{{Label: "Administrator", Email: "demo@example.com", APIKey: "demo-admin-api-key"},
				{Label: "Read-only user", Email: "viewer@example.com", APIKey: "demo-viewer-api-key"}}})},
		{"signin-error", SignIn(SignInPage{Shell: layout.ShellProps{Title: "Sign in", CSRFToken: "t"}, Error: "The API key is not valid."})},
		{"error", Error(ErrorPage{Shell: shell, Status: 503, Title: "Service unavailable", Message: "Try again.", RetryURL: "/x"})},
	}
}

// options returns n select options labelled prefix0, prefix1, ...
func options(prefix string, n int) []components.SelectOption {
	out := make([]components.SelectOption, n)
	for i := range out {
		out[i] = components.SelectOption{Value: fmt.Sprint(prefix, i), Label: fmt.Sprint(prefix, i)}
	}
	return out
}

// countingWriter counts the bytes written to it.
type countingWriter int

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
