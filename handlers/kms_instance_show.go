package handlers

import (
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/kms"
	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/views"
	"appconfig-console/views/components"
)

// keyStateFilters are the state filter values of the keys table, in the order offered.
var keyStateFilters = []string{"active", "suspended", "deactivated", "destroyed", "pre-activation"}

// showKMSInstance renders a Key Protect or HPCS instance with its keys, filtered by ?type=root|standard and
// ?state=active|suspended|deactivated|destroyed|pre-activation.
func (s *Server) showKMSInstance(c echo.Context) error {
	guid := instanceID(c)
	typeFilter, stateFilter := c.QueryParam("type"), c.QueryParam("state")
	var filter kms.KeyFilter
	switch kms.KeyType(typeFilter) {
	case kms.TypeRoot, kms.TypeStandard:
		filter.Type = kms.KeyType(typeFilter)
	case "":
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "The key type filter must be root or standard.")
	}
	if stateFilter != "" {
		state, ok := kms.ParseKeyState(stateFilter)
		if !ok {
			return echo.NewHTTPError(http.StatusBadRequest, "The key state filter must be active, suspended, deactivated, destroyed or pre-activation.")
		}
		filter.States = []kms.KeyState{state}
	}
	s.streamShell(c)
	user := currentUser(c)
	ctx := c.Request().Context()
	inst, keys, err := s.services.Lifecycle.KeyManagementInstance(ctx, user.Token, guid, filter)
	if errors.Is(err, lifecycle.ErrNotKeyManagement) {
		return echo.NewHTTPError(http.StatusNotFound)
	}
	if err != nil {
		return err
	}
	page := views.KMSInstancePage{
		Shell: s.shell(c, inst.Name), ServiceName: resources.ServiceDisplayName(inst.Service), Name: inst.Name,
		State: inst.State, Plan: planLabel(inst), Region: inst.Region,
		FilterAction: kmsInstanceURL(instanceAddress(inst)), ClearURL: kmsInstanceURL(instanceAddress(inst)), Filtered: typeFilter != "" || stateFilter != "",
		TypeOptions: []components.SelectOption{
			{Value: "", Label: "All types", Selected: typeFilter == ""},
			{Value: string(kms.TypeRoot), Label: "Root keys", Selected: typeFilter == string(kms.TypeRoot)},
			{Value: string(kms.TypeStandard), Label: "Standard keys", Selected: typeFilter == string(kms.TypeStandard)},
		},
		StateOptions: []components.SelectOption{{Value: "", Label: "All states", Selected: stateFilter == ""}},
	}
	for _, name := range keyStateFilters {
		state, _ := kms.ParseKeyState(name)
		page.StateOptions = append(page.StateOptions, components.SelectOption{
			Value: name, Label: state.String(), Selected: stateFilter == name})
	}
	for _, k := range keys {
		page.Keys = append(page.Keys, inventoryKeyRow(instanceAddress(inst), k))
	}
	return render(c, http.StatusOK, views.KMSInstance(page))
}

// inventoryKeyRow is a key as the keys table and the key page show it.
func inventoryKeyRow(kmsAddress string, k kms.Key) views.KMSKeyRow {
	row := views.KMSKeyRow{Name: k.Name, URL: kmsKeyURL(kmsAddress, k.ID), ID: k.ID, Type: "Root key", State: k.State.String(),
		KeyRing: k.KeyRingID, Created: kmsDisplayTime(k.CreatedAt)}
	if k.Type == kms.TypeStandard {
		row.Type = "Standard key"
	}
	if row.KeyRing == "" {
		row.KeyRing = "default"
	}
	return row
}

// kmsDisplayTime formats a time as the console shows dates, or "-" when unknown.
func kmsDisplayTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
