package routes_test

import (
	"strings"
	"testing"

	"appconfig-console/routes"
)

func TestNamesAreUniqueAndPatternsHaveOneRoutePerMethod(t *testing.T) {
	names, patterns := map[string]bool{}, map[string]bool{}
	for _, r := range routes.All {
		if names[r.Name] {
			t.Errorf("name %q used twice", r.Name)
		}
		if key := r.Method + " " + r.Pattern; patterns[key] {
			t.Errorf("%s registered twice", key)
		} else {
			patterns[key] = true
		}
		names[r.Name] = true
	}
}

func TestPath(t *testing.T) {
	const guid, key = "3f7a9c2e-1b4d-4e8f-a6c5-0d9e8f7a6b51", "e5a7c9d1-3f4b-4d6e-8a0c-2b4d6f8a0c27"
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{routes.ResourceList, nil, "/"},
		{routes.Integrations, []string{guid}, "/instances/" + guid + "/integrations"},
		{routes.KMSKeySync, []string{guid, key}, "/kms/" + guid + "/keys/" + key + "/sync"},
		{routes.AuthorizationRemove, []string{"ab/c d"}, "/iam/authorizations/ab%2Fc%20d/remove"},
		{routes.Integrations, []string{"crn:v1:bluemix:public:apprapp:us-south:a/0123456789abcdef0123456789abcdef:" + guid + "::"},
			"/instances/crn%3Av1%3Abluemix%3Apublic%3Aapprapp%3Aus-south%3Aa%2F0123456789abcdef0123456789abcdef%3A" + guid + "%3A%3A/integrations"},
	}
	for _, tt := range tests {
		if got := routes.Path(tt.name, tt.values...); got != tt.want {
			t.Errorf("Path(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
	// Every route with parameters is filled completely by as many values.
	for _, r := range routes.All {
		n := strings.Count(r.Pattern, ":")
		values := make([]string, n)
		for i := range values {
			values[i] = "v"
		}
		if got := routes.Path(r.Name, values...); strings.Contains(got, ":") {
			t.Errorf("Path(%s) = %q keeps a parameter", r.Name, got)
		}
	}
}

func TestUnder(t *testing.T) {
	tests := []struct {
		path, name string
		want       bool
	}{
		{"/instances/abc/integrations", routes.Instance, true},
		{"/instances/abc", routes.Instance, true},
		{"/instances/crn%3Av1%3Abluemix%3Apublic%3Aapprapp%3Aus-south%3Aa%2Facct%3Aguid%3A%3A/integrations", routes.Instance, true},
		{"/instances/", routes.Instance, false},
		{"/iam/authorizations", routes.Instance, false},
		{"/static/app.css", routes.Static, true},
		{"/staticx", routes.Static, false},
	}
	for _, tt := range tests {
		if got := routes.Under(tt.path, tt.name); got != tt.want {
			t.Errorf("Under(%q, %s) = %v, want %v", tt.path, tt.name, got, tt.want)
		}
	}
}

func TestGetPanicsOnUnknownName(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Get of an unknown name did not panic")
		}
	}()
	routes.Get("no-such-route")
}
