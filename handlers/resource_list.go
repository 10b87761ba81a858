package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// showResourceList renders the signed-in user's instances grouped by service.
func (s *Server) showResourceList(c echo.Context) error {
	user := currentUser(c)
	ctx := c.Request().Context()
	var (
		instances []resources.Instance
		groups    []resources.ResourceGroup
		listErr   error
		groupErr  error
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		groups, groupErr = s.services.Resources.ListResourceGroups(ctx, user.Token, user.Identity.AccountID)
	}()
	instances, listErr = s.services.Resources.ListInstances(ctx, user.Token)
	<-done
	if listErr != nil {
		return listErr
	}
	groupNames := map[string]string{}
	if groupErr == nil {
		for _, g := range groups {
			groupNames[g.ID] = g.Name
		}
	}
	order := []string{resources.ServiceAppConfig, resources.ServiceKeyProtect, resources.ServiceHPCS, resources.ServiceEventNotifications}
	query := strings.TrimSpace(c.QueryParam("q"))
	if len(query) > 200 {
		return echo.NewHTTPError(http.StatusBadRequest, "The search text is too long: use at most 200 characters.")
	}
	page := views.ResourceListPage{Shell: s.shell(c, "Resource list"), Query: query}
	if groupErr != nil {
		page.GroupsProblem, page.RetryURL = failureOf(c, groupErr).Message, c.Request().URL.RequestURI()
	}
	for _, service := range order {
		section := views.ResourceGroupSection{Service: resources.ServiceDisplayName(service)}
		for _, inst := range instances {
			if inst.Service != service || !strings.Contains(strings.ToLower(inst.Name), strings.ToLower(query)) {
				continue
			}
			section.Rows = append(section.Rows, views.ResourceRow{
				Name: inst.Name, URL: instanceURL(inst), Plan: planLabel(inst), PlanNote: planNote(inst), Region: inst.Region,
				Group: groupNames[inst.ResourceGroupID], State: strings.ToLower(inst.State), DeleteURL: deleteURL(inst),
			})
		}
		if len(section.Rows) > 0 {
			page.Sections = append(page.Sections, section)
		}
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
