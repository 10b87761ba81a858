package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"appconfig-console/routes"
)

func TestRouterRegistersEveryNamedRoute(t *testing.T) {
	e := echo.New()
	(&Server{}).routes(e)
	registered := map[string][]string{}
	for _, r := range e.Routes() {
		registered[r.Name] = append(registered[r.Name], r.Method+" "+r.Path)
	}
	for _, r := range routes.All {
		want := []string{r.Method + " " + r.Pattern}
		if r.Method == http.MethodGet {
			want = append(want, http.MethodHead+" "+r.Pattern)
		}
		got := registered[r.Name]
		if len(got) != len(want) {
			t.Errorf("%s: registered %q, want %q", r.Name, got, want)
			continue
		}
		for _, w := range want {
			if !strings.Contains(strings.Join(got, "\n"), w) {
				t.Errorf("%s: registered %q, want %q", r.Name, got, want)
			}
		}
		delete(registered, r.Name)
	}
	if len(registered) > 0 {
		t.Errorf("routes without a name in package routes: %v", registered)
	}
}

func TestPathBuildersFillTheirRoutes(t *testing.T) {
	t.Parallel()
	const guid, key = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51", "e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27"
	tests := []struct {
		route, path string
	}{
		{routes.ResourceList, resourceListURL()},
		{routes.SignInPage, signInURL()},
		{routes.Authorizations, authorizationsURL()},
		{routes.AuthorizationCreate, authorizationCreateURL()},
		{routes.AuthorizationRemove, authorizationRemoveURL("ab/c d")},
		{routes.Instance, appInstanceURL(guid)},
		{routes.InstanceDelete, instanceDeleteURL(guid)},
		{routes.InstanceDeleted, instanceDeletedURL(guid)},
		{routes.KMSInstance, kmsInstanceURL(guid)},
		{routes.KMSKey, kmsKeyURL(guid, key)},
		{routes.KMSKeySync, kmsKeySyncURL(guid, key)},
		{routes.Integrations, integrationsURL(guid)},
		{routes.ENPanel, enPanelURL(guid)},
		{routes.ENRefresh, enRefreshURL(guid)},
		{routes.ENDisconnect, enDisconnectURL(guid)},
		{routes.KMSPanel, kmsPanelURL(guid)},
		{routes.KMSRefresh, kmsRefreshURL(guid)},
		{routes.KMSInstanceCreate, kmsInstanceCreateURL(guid)},
		{routes.KMSRootKeyCreate, kmsRootKeyCreateURL(guid)},
	}
	for _, tt := range tests {
		pattern := routes.Get(tt.route).Pattern
		route, path := strings.Split(pattern, "/"), strings.Split(tt.path, "/")
		if len(route) != len(path) {
			t.Errorf("%s built %s", pattern, tt.path)
			continue
		}
		for i := range route {
			param := strings.HasPrefix(route[i], ":")
			if param && (path[i] == "" || strings.ContainsAny(path[i], " /:")) || !param && route[i] != path[i] {
				t.Errorf("%s built %s", pattern, tt.path)
			}
		}
	}
	if got := authorizationRemoveURL("ab/c d"); got != "/iam/authorizations/ab%2Fc%20d/remove" {
		t.Errorf("an ID is not escaped: %s", got)
	}
}

// An instance's CRN in the address keeps its escaped slash inside its segment: Echo routes on the raw path, and the
// handler reads the CRN unescaped, whether the address escapes the colons (as the console and IBM Cloud's console
// write it) or not.
func TestInstanceAddressesByCRNReachTheirRoutes(t *testing.T) {
	t.Parallel()
	const guid, key = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51", "e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27"
	const instanceCRN = "crn:v1:bluemix:public:apprapp:us-south:a/0123456789abcdef0123456789abcdef:" + guid + "::"
	e := echo.New()
	var got []string
	for _, name := range []string{routes.Integrations, routes.KMSPanel, routes.KMSKey} {
		e.GET(routes.Get(name).Pattern, func(c echo.Context) error {
			got = append(got, name+" "+instanceID(c)+" "+c.Param("keyID"))
			return c.NoContent(http.StatusNoContent)
		})
	}
	tests := []struct {
		path, want string
	}{
		{integrationsURL(instanceCRN), routes.Integrations + " " + instanceCRN + " "},
		{kmsPanelURL(instanceCRN), routes.KMSPanel + " " + instanceCRN + " "},
		{kmsKeyURL(instanceCRN, key), routes.KMSKey + " " + instanceCRN + " " + key},
		{strings.ReplaceAll(integrationsURL(instanceCRN), "%3A", ":"), routes.Integrations + " " + instanceCRN + " "},
		{integrationsURL(guid), routes.Integrations + " " + guid + " "},
	}
	for _, tt := range tests {
		got = nil
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
		if rec.Code != http.StatusNoContent || len(got) != 1 || got[0] != tt.want {
			t.Errorf("GET %s: status %d, handled %q; want %q", tt.path, rec.Code, got, tt.want)
			continue
		}
		if !isInstanceID(strings.Fields(got[0])[1]) {
			t.Errorf("GET %s: %q is not taken for an instance", tt.path, got[0])
		}
	}
}
