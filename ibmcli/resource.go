package ibmcli

import (
	"fmt"
	"math"
	"strings"
	"time"

	"appconfig-console/services/crn"
	"appconfig-console/services/resources"
)

// The resource commands follow ibm-cloud-docs/cli reference/ibmcloud/cli_resource_group.md
// (ibmcloud_resource_service_instances, ibmcloud_resource_service_instance); their output follows the examples IBM's
// docs print ("Retrieving instances with type service_instance in all resource groups in all locations under account
// ... as ...", "OK", then "Name   Location   State   Type   Resource Group ID").

// resourceCommands are service-instances and service-instance.
func resourceCommands() []*command {
	return []*command{
		{
			path:  "resource service-instances",
			usage: "resource service-instances [--service-name SERVICE_NAME] [--location LOCATION] [--type INSTANCE_TYPE] [-g RESOURCE_GROUP | --all-resource-groups] [--long] [--limit LIMIT] [--offset OFFSET] [--output FORMAT] [-q, --quiet]",
			desc:  "List service instances",
			flags: []flagSpec{
				{names: []string{"service-name"}, value: "SERVICE_NAME", usage: "Name of belonging to service"},
				{names: []string{"location"}, value: "LOCATION", usage: "Filter by location"},
				{names: []string{"type"}, value: "INSTANCE_TYPE", usage: "Type of instances. The service_instance type is used if not specified. Use all to list all types of instances."},
				{names: []string{"g"}, value: "RESOURCE_GROUP", usage: "Resource group name"},
				{names: []string{"all-resource-groups"}, usage: "Query all resource groups"},
				{names: []string{"long"}, usage: "Show more fields in output"},
				{names: []string{"limit"}, value: "LIMIT", usage: "Number of resources to return"},
				{names: []string{"offset"}, value: "OFFSET", usage: "Starting resource position number"},
				{names: []string{"output"}, value: "FORMAT", usage: "Specify the output format. Only JSON is supported now."},
				quietFlag,
			},
			login: true,
			run:   runServiceInstances,
		},
		{
			path:  "resource service-instance",
			usage: "resource service-instance (NAME|ID) [--location LOCATION] [--id] [--output FORMAT] [-q, --quiet]",
			desc:  "Show details of a service instance",
			flags: []flagSpec{
				{names: []string{"location"}, value: "LOCATION", usage: "Filter by location"},
				{names: []string{"id"}, usage: "Display the ID of the service instance"},
				{names: []string{"output"}, value: "FORMAT", usage: "Specify the output format. Only JSON is supported now."},
				quietFlag,
			},
			login: true,
			run:   runServiceInstance,
		},
	}
}

// runServiceInstances lists the account's service instances of the services the console knows (App Configuration,
// Key Protect, Hyper Protect Crypto Services, Event Notifications), or of --service-name.
func runServiceInstances(c *cmdContext, p parsed) error {
	o, err := c.checkOutputArgs(p, 0, "too many arguments")
	if err != nil {
		return err
	}
	if p.has("g") && p.has("all-resource-groups") {
		return usageError{"'-g' and '--all-resource-groups' can't be used together"}
	}
	if t := p.get("type"); t != "" && t != "service_instance" && t != "all" {
		return failf("Instance type '%s' is not available in this console's CLI: it lists service instances only.", t)
	}
	limit, err := p.number("limit", -1, 0, math.MaxInt, "--limit must be a number")
	if err != nil {
		return err
	}
	offset, err := p.number("offset", 0, 0, math.MaxInt, "--offset must be a number")
	if err != nil {
		return err
	}
	group := c.cfg.ResourceGroup
	if p.has("g") {
		if group, err = c.resourceGroup(p.get("g")); err != nil {
			return err
		}
	}
	if p.has("all-resource-groups") {
		group = named{}
	}
	groupText, locationText := "all resource groups", "all locations"
	if group.GUID != "" {
		groupText = "resource group " + group.Name
	}
	if l := p.get("location"); l != "" {
		locationText = "location " + l
	}
	o.progress("Retrieving instances with type service_instance in %s in %s under account %s as %s...\n", groupText, locationText, c.cfg.Account.Name, c.cfg.User)
	var services []string
	if s := p.get("service-name"); s != "" {
		services = []string{s}
	}
	list, err := c.svc.resources.ListInstances(c.ctx, c.token(), services...)
	if err != nil {
		return err
	}
	var shown []resources.Instance
	for _, inst := range list {
		if (group.GUID == "" || inst.ResourceGroupID == group.GUID) && (p.get("location") == "" || inst.Region == p.get("location")) {
			shown = append(shown, inst)
		}
	}
	shown = shown[min(offset, len(shown)):]
	if limit >= 0 {
		shown = shown[:min(limit, len(shown))]
	}
	return o.result(jsonList(shown, instanceJSON), func() error {
		printInstances(c, shown, group.GUID == "", p.has("long"))
		return nil
	})
}

// printInstances prints instances as a table, with the column of their resource group when they are of all groups and
// their GUID and CRN when long.
func printInstances(c *cmdContext, shown []resources.Instance, allGroups, long bool) {
	headers := []string{"Name", "Location", "State", "Type"}
	if allGroups {
		headers = append(headers, "Resource Group ID")
	}
	if long {
		headers = append(headers, "GUID", "ID") // *unconfirmed*: the columns --long adds
	}
	rows := make([][]string, 0, len(shown))
	for _, inst := range shown {
		row := []string{inst.Name, inst.Region, inst.State, "service_instance"}
		if allGroups {
			row = append(row, inst.ResourceGroupID)
		}
		if long {
			row = append(row, inst.GUID, inst.CRN)
		}
		rows = append(rows, row)
	}
	writeTable(c.stdout, headers, rows)
}

// runServiceInstance shows one service instance, found by name, GUID or CRN.
func runServiceInstance(c *cmdContext, p parsed) error {
	o, err := c.checkOutputArgs(p, 1, "Incorrect number of arguments: NAME or ID is required")
	if err != nil {
		return err
	}
	ref := p.args[0]
	if !p.has("id") {
		o.progress("Retrieving service instance %s in all resource groups under account %s as %s...\n", ref, c.cfg.Account.Name, c.cfg.User)
	}
	var found []resources.Instance
	if crn.IsGUID(ref) || strings.HasPrefix(ref, "crn:") {
		inst, err := c.svc.resources.GetInstance(c.ctx, c.token(), ref)
		if err != nil {
			return err
		}
		found = append(found, inst)
	} else {
		list, err := c.svc.resources.ListInstances(c.ctx, c.token())
		if err != nil {
			return err
		}
		for _, inst := range list {
			if inst.Name == ref && (p.get("location") == "" || inst.Region == p.get("location")) {
				found = append(found, inst)
			}
		}
	}
	if len(found) == 0 {
		return failf("Service instance %s was not found", ref) // *unconfirmed* wording
	}
	if p.has("id") {
		for _, inst := range found {
			fmt.Fprintln(c.stdout, inst.CRN)
		}
		return nil
	}
	return o.result(jsonList(found, instanceJSON), func() error { return printInstanceDetails(c, found) })
}

// printInstanceDetails prints each instance as a key-value list, naming its resource group.
func printInstanceDetails(c *cmdContext, found []resources.Instance) error {
	groups, err := c.svc.resources.ListResourceGroups(c.ctx, c.token(), c.cfg.Account.GUID)
	if err != nil {
		return err
	}
	for _, inst := range found {
		groupName := inst.ResourceGroupID
		for _, g := range groups {
			if g.ID == inst.ResourceGroupID {
				groupName = g.Name
			}
		}
		line := detailLine(c.stdout, 23)
		fmt.Fprintln(c.stdout, strings.Repeat(" ", 23))
		line("Name", inst.Name)
		line("ID", inst.CRN)
		line("GUID", inst.GUID)
		line("Location", inst.Region)
		line("Service Name", inst.Service)
		line("Service Plan Name", inst.PlanName)
		line("Resource Group Name", groupName)
		line("State", inst.State)
		line("Type", "service_instance")
		if inst.Endpoint != "" {
			line("Service Endpoints", inst.Endpoint) // *unconfirmed* label
		}
		if !inst.CreatedAt.IsZero() {
			line("Created at", inst.CreatedAt.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// instanceJSON is an instance with Resource Controller's field names.
func instanceJSON(inst resources.Instance) map[string]any {
	out := map[string]any{"id": inst.CRN, "guid": inst.GUID, "crn": inst.CRN, "name": inst.Name, "region_id": inst.Region,
		"resource_group_id": inst.ResourceGroupID, "resource_plan_id": inst.PlanID, "state": inst.State, "type": "service_instance"}
	if inst.Endpoint != "" {
		out["extensions"] = map[string]any{"endpoints": map[string]any{"public": inst.Endpoint}}
	}
	if !inst.CreatedAt.IsZero() {
		out["created_at"] = inst.CreatedAt.UTC().Format(time.RFC3339)
	}
	return out
}
