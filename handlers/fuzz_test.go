package handlers

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
	"appconfig-console/services/crn"
	"appconfig-console/services/iam"
)

// The fuzz targets below run their seed corpora with plain `go test`; `go test -fuzz=FuzzName ./handlers` explores further.

var (
	guidPattern    = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	accountPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

func FuzzWizardURL(f *testing.F) {
	for _, seed := range []string{
		"",
		"source_service=apprapp&target_service=kms&role=crn:v1:bluemix:public:iam::::serviceRole:Reader",
		"source_account=other&source_account_id=0123456789abcdef0123456789ABCDEF&source_scope=attributes&source_group=g&source_instance=i",
		"target_scope=instance&target_instance=x&target_group=y&role=&delegate=1&return=/instances/x/integrations",
		"return=//evil.example&role=a&role=a&role=%20b%20&source_scope=weird&target_scope=group",
		"source_account=other&source_account_id=" + strings.Repeat("f", 5000),
		"%zz=1&;;&&=",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		q, _ := url.ParseQuery(rawQuery)
		st := parseWizardState(q)
		if st.SourceAccount != "this" && st.SourceAccount != "other" {
			t.Fatalf("source account %q", st.SourceAccount)
		}
		if st.SourceScope != "all" && st.SourceScope != "attributes" {
			t.Fatalf("source scope %q", st.SourceScope)
		}
		if st.TargetScope != "all" && st.TargetScope != "instance" && st.TargetScope != "group" {
			t.Fatalf("target scope %q", st.TargetScope)
		}
		if st.SourceScope == "all" && (st.SourceGroup != "" || st.SourceInstance != "") {
			t.Fatal("source resources kept with scope all")
		}
		if st.TargetScope != "instance" && st.TargetInstance != "" || st.TargetScope != "group" && st.TargetGroup != "" {
			t.Fatal("target resources kept outside their scope")
		}
		if st.Return != "" && safeReturn(st.Return) != st.Return {
			t.Fatalf("unsafe return address %q kept", st.Return)
		}
		if st.SourceAccount == "this" && st.SourceAccountID != "" {
			t.Fatal("account ID kept for this account")
		}
		// The account ID validation accepts exactly 32 hexadecimal digits.
		errs := st.Validate("", iam.AuthorizationOffer{})
		if _, bad := errs["source_account_id"]; st.SourceAccount == "other" && !bad && !accountPattern.MatchString(st.SourceAccountID) {
			t.Fatalf("account ID %q accepted", st.SourceAccountID)
		}
		// The canonical URL of a state reads back as the same state.
		again := parseWizardState(st.query())
		if !reflect.DeepEqual(again, st) {
			t.Fatalf("round trip:\n%+v\n%+v", st, again)
		}
	})
}

func FuzzKMSPanelForm(f *testing.F) {
	for _, seed := range []string{
		"",
		"service=kms&mode=existing&instance=a1c3e5f7-9b2d-4f6a-8c0e-1d3f5b7a9c42&key=e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27&authorize=on&csrf=x",
		"service=hs-crypto&mode=new&instance=%3Cscript%3E&key=../../x",
		"service=kms&service=hs-crypto&mode=existing&key=e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27",
		"name=" + strings.Repeat("n", 3000) + "&key_name=%00%ff",
	} {
		f.Add(seed)
	}
	e := echo.New()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, routes.Path(routes.KMSConnect, "x"), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		c := e.NewContext(req, httptest.NewRecorder())
		form, err := c.FormParams()
		if err != nil {
			return
		}
		ch := kmsChoiceFrom(form)
		if ch.Service != "kms" && ch.Service != "hs-crypto" {
			t.Fatalf("service %q", ch.Service)
		}
		if ch.Mode != kmsModeExisting && ch.Mode != kmsModeNew {
			t.Fatalf("mode %q", ch.Mode)
		}
		if ch.Instance != "" && !guidPattern.MatchString(ch.Instance) || ch.Key != "" && !guidPattern.MatchString(ch.Key) {
			t.Fatalf("malformed IDs kept: %+v", ch)
		}
		if ch.Key != "" && ch.Instance == "" {
			t.Fatal("a key without an instance")
		}
		if again := kmsChoiceFrom(ch.query()); again != ch {
			t.Fatalf("round trip: %+v became %+v", ch, again)
		}
	})
}

func FuzzENForm(f *testing.F) {
	for _, seed := range []string{"", "group=g&instance=i&name=n&description=d", "name=", "name=%3Cb%3E&description=" + strings.Repeat("d", 2000)} {
		f.Add(seed, "app-config-enterprise")
	}
	f.Fuzz(func(t *testing.T, rawQuery, defaultName string) {
		values, _ := url.ParseQuery(rawQuery)
		form := enFormFrom(values, defaultName)
		if _, ok := values["name"]; !ok && form.Source.Name != defaultName {
			t.Fatalf("name %q without a name field, want the default %q", form.Source.Name, defaultName)
		}
		if form.Group != values.Get("group") || form.Instance != values.Get("instance") {
			t.Fatal("group or instance changed")
		}
	})
}

func FuzzReturnAddress(f *testing.F) {
	for _, seed := range []string{"/", "/instances/x?y=z", "//evil.example", "/\\evil", "https://evil.example", "/%2F%2Fevil", "/\t/evil", "javascript:alert(1)", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, ret string) {
		got := safeReturn(ret)
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") || strings.ContainsAny(got, "\r\n\t") {
			t.Fatalf("safeReturn(%q) = %q", ret, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
			t.Fatalf("safeReturn(%q) = %q leaves the site", ret, got)
		}
		if got != "/" && got != ret {
			t.Fatalf("safeReturn(%q) rewrote it to %q", ret, got)
		}
		// What a browser would follow: resolved against the console, the address stays on the console.
		base, _ := url.Parse("https://console.example/iam/authorizations")
		if dest := base.ResolveReference(u); dest.Host != "console.example" {
			t.Fatalf("safeReturn(%q) = %q resolves to %s", ret, got, dest)
		}
	})
}

func FuzzAccountIDAndGUID(f *testing.F) {
	for _, seed := range []string{"", "0123456789abcdef0123456789abcdef", "0123456789ABCDEF0123456789abcdef", "a1c3e5f7-9b2d-4f6a-8c0e-1d3f5b7a9c42",
		"a1c3e5f7-9b2d-4f6a-8c0e-1d3f5b7a9c4g", "a1c3e5f7x9b2d-4f6a-8c0e-1d3f5b7a9c42", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := crn.IsAccountID(s), accountPattern.MatchString(s); got != want {
			t.Fatalf("IsAccountID(%q) = %v, want %v", s, got, want)
		}
		if got, want := crn.IsGUID(s), guidPattern.MatchString(s); got != want {
			t.Fatalf("IsGUID(%q) = %v, want %v", s, got, want)
		}
	})
}
