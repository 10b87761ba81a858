package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// showResourceList renders the signed-in user's instances grouped by service, those whose names contain ?q.
func (s *Server) showResourceList(c echo.Context) error {
	user := currentUser(c)
	query := strings.TrimSpace(c.QueryParam("q"))
	if len(query) > resources.MaxSearch {
		return echo.NewHTTPError(http.StatusBadRequest, fmt.Sprintf("The search text is too long: use at most %d characters.", resources.MaxSearch))
	}
	list, err := s.services.Resources.ResourceList(c.Request().Context(), user.Token, user.Identity.AccountID, query)
	if err != nil {
		return err
	}
	page := views.ResourceListPage{Shell: s.shell(c, "Resource list"), Query: query}
	if list.GroupsErr != nil {
		page.GroupsProblem, page.RetryURL = failureOf(c, list.GroupsErr).Message, c.Request().URL.RequestURI()
	}
	for _, listed := range list.Sections {
		section := views.ResourceGroupSection{Service: resources.ServiceDisplayName(listed.Service)}
		for _, inst := range listed.Instances {
			section.Rows = append(section.Rows, views.ResourceRow{
				Name: inst.Name, URL: instanceURL(inst), Plan: planLabel(inst), PlanNote: planNote(inst), Region: inst.Region,
				Group: list.GroupNames[inst.ResourceGroupID], State: strings.ToLower(inst.State), DeleteURL: deleteURL(inst),
			})
		}
		page.Sections = append(page.Sections, section)
	}
	return render(c, http.StatusOK, views.ResourceList(page))
}

// planLabel is an instance's plan as pages show it: its display name, or "Unknown plan" when the Global Catalog did
// not let the user read it.
func planLabel(inst resources.Instance) string {
	if inst.PlanUnknown() {
		return "Unknown plan"
	}
	return inst.PlanDisplayName
}

// planNote explains an unknown plan, or is empty.
func planNote(inst resources.Instance) string {
	if inst.PlanUnknown() {
		return "The plan could not be read from the Global Catalog: your access does not include its catalog entry (" + inst.PlanID + ")."
	}
	return ""
}

// instanceURL is the console page of an instance, or "" for services the console has no page for.
func instanceURL(inst resources.Instance) string {
	switch inst.Service {
	case resources.ServiceAppConfig:
		return appInstanceURL(instanceAddress(inst))
	case resources.ServiceKeyProtect, resources.ServiceHPCS:
		return kmsInstanceURL(instanceAddress(inst))
	}
	return ""
}

// deleteURL is the console's delete confirmation of an instance, or "" for services the console does not delete.
func deleteURL(inst resources.Instance) string {
	if inst.Service == resources.ServiceAppConfig {
		return instanceDeleteURL(instanceAddress(inst))
	}
	return ""
}
