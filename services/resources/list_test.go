package resources_test

import (
	"slices"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/services/resources"
	"appconfig-console/services/servicetest"
)

// TestResourceList groups the seeded instances by service in the console's order and keeps those whose names contain
// the search text, whatever its case.
func TestResourceList(t *testing.T) {
	t.Parallel()
	f := servicetest.Start(t)
	tests := []struct {
		query        string
		wantSections []string
		wantNames    []string
	}{
		{query: "", wantSections: []string{resources.ServiceAppConfig, resources.ServiceKeyProtect, resources.ServiceHPCS, resources.ServiceEventNotifications}},
		{query: "KEY-protect", wantSections: []string{resources.ServiceKeyProtect}, wantNames: []string{"key-protect-eu-de", "key-protect-us-south"}},
		{query: "no such instance"},
	}
	for _, tt := range tests {
		list, err := f.Resources.ResourceList(t.Context(), f.Admin, cloudsim.DemoAccountID, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		var sections, all []string
		for _, s := range list.Sections {
			sections = append(sections, s.Service)
			all = append(all, names(s.Instances)...)
		}
		if !slices.Equal(sections, tt.wantSections) {
			t.Errorf("%q: sections %q, want %q", tt.query, sections, tt.wantSections)
		}
		if tt.wantNames != nil && !slices.Equal(all, tt.wantNames) {
			t.Errorf("%q: instances %q, want %q", tt.query, all, tt.wantNames)
		}
		if list.GroupsErr != nil || len(list.GroupNames) == 0 {
			t.Errorf("%q: no resource group names (%v)", tt.query, list.GroupsErr)
		}
	}
}
