package handlers_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"appconfig-console/cloudsim"
)

func TestResourceListSaysWhenResourceGroupsCannotBeRead(t *testing.T) {
	t.Parallel()
	tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
	tc.setFaults("resource-manager=error:1:503")
	resp, body := tc.get("/?q=app-config")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	for _, want := range []string{"app-config-enterprise", `data-part-unavailable="resource-groups"`, "Resource groups could not be read",
		"Resource Manager", "Unavailable", `href="` + html.EscapeString("/?q=app-config") + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	assertNoInternals(t, body)

	tc.setFaults("")
	_, body = tc.get("/?q=app-config")
	if strings.Contains(body, "data-part-unavailable") || !strings.Contains(body, "Default") {
		t.Error("the notice stays after the resource groups can be read again")
	}
}

// visibleText is a page's text without its markup, scripts and attribute values.
func visibleText(page string) string {
	page = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>`).ReplaceAllString(page, " ")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " "))
}

// doubledPunctuation finds ".." that is not an ellipsis, and a stop after other punctuation.
var doubledPunctuation = regexp.MustCompile(`(^|[^.])\.\.([^.]|$)|[,;:!?]\.`)

func TestPagesHaveNoDoubledPunctuation(t *testing.T) {
	t.Parallel()
	pages := []string{"/", integrationsPage, connectedPage, kmsPanelPage, enPanelPage, authzListPage, wizardPage, kmsInstancePage, kmsKeyPage}
	for _, faults := range []string{"", "appconfig=error:1:503", "kms=error:1:503", "iam-policy=error:1:503", "resource-manager=error:1:503",
		"global-catalog=error:1:503", "resource-controller=error:1:503"} {
		t.Run(cmpOr(faults, "no faults"), func(t *testing.T) {
			t.Parallel()
			tc := signedInConsole(t, cloudsim.DemoAdminAPIKey)
			tc.setFaults(faults)
			for _, path := range pages {
				_, body := tc.get(path)
				text := visibleText(body)
				if loc := doubledPunctuation.FindStringIndex(text); loc != nil {
					t.Errorf("%s: %q", path, strings.Join(strings.Fields(text[max(0, loc[0]-80):min(len(text), loc[1]+40)]), " "))
				}
			}
		})
	}
}
