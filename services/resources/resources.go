// Package resources lists, reads, creates and deletes the account's service instances and resource groups.
package resources

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"
	"github.com/IBM/platform-services-go-sdk/resourcecontrollerv2"
	"github.com/IBM/platform-services-go-sdk/resourcemanagerv2"

	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
)

// The catalog service names of the services the console works with.
const (
	ServiceAppConfig          = "apprapp"
	ServiceKeyProtect         = "kms"
	ServiceHPCS               = "hs-crypto"
	ServiceEventNotifications = "event-notifications"
)

// ServiceDisplayName returns the name people know a catalog service by.
func ServiceDisplayName(service string) string {
	switch service {
	case ServiceAppConfig:
		return "App Configuration"
	case ServiceKeyProtect:
		return "Key Protect"
	case ServiceHPCS:
		return "Hyper Protect Crypto Services"
	case ServiceEventNotifications:
		return "Event Notifications"
	}
	return service
}

// Instance is a service instance of the account.
type Instance struct {
	GUID            string
	CRN             string
	Name            string
	Service         string
	Region          string
	PlanID          string
	PlanName        string // the plan's catalog name, e.g. "enterprise"; empty when the plan is unknown (PlanUnknown)
	PlanDisplayName string // the name people know the plan by, e.g. "Enterprise"; empty when the plan is unknown
	ResourceGroupID string
	State           string
	CreatedAt       time.Time
	// Endpoint is the public API endpoint of a key management or Event Notifications instance, when the instance has one.
	Endpoint string
}

// IsEnterprise reports whether the instance is on App Configuration's Enterprise plan, from the plan's catalog name
// (lite, standardv2, enterprise: terraform-ibm-modules/terraform-ibm-app-configuration), never its display name.
func (i Instance) IsEnterprise() bool { return i.PlanName == "enterprise" }

// PlanUnknown reports whether the instance has a plan the Global Catalog did not let the user read.
func (i Instance) PlanUnknown() bool { return i.PlanID != "" && i.PlanName == "" }

// ResourceGroup is a resource group of the account.
type ResourceGroup struct {
	ID      string
	Name    string
	Default bool
}

// PlanRefresh is how long the names of a catalog plan are used before they are read again (in the background, the
// old names still served meanwhile).
const PlanRefresh = 10 * time.Minute

// Service reads and changes service instances through Resource Controller, Resource Manager and Global Catalog.
type Service struct {
	connector *ibmcloud.Connector
	// plans maps a plan ID to its planNames, for every user: the catalog is the same for all and rarely changes.
	plans sync.Map
	// plansLoaded is when LoadPlans last began reading every plan of the known services.
	plansLoaded atomic.Int64
	// places maps an instance GUID to what never changes about the instance (its CRN, service, region, endpoint), learned
	// from any user's read: a process-wide map is sound because an instance never moves.
	places sync.Map
}

// NewService returns a Service using connector's clients.
func NewService(connector *ibmcloud.Connector) *Service {
	return &Service{connector: connector}
}

// ListInstances returns the account's instances of the given catalog services (all four known services when none is given), by name.
func (s *Service) ListInstances(ctx context.Context, tok ibmcloud.Token, services ...string) ([]Instance, error) {
	out, err := s.ListInstancesUnnamed(ctx, tok, services...)
	if err != nil {
		return nil, err
	}
	if err := s.namePlans(ctx, tok, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListInstancesUnnamed is ListInstances for pages that show no plan: the plans' names are filled only when the
// console already knows them, never read.
func (s *Service) ListInstancesUnnamed(ctx context.Context, tok ibmcloud.Token, services ...string) ([]Instance, error) {
	if len(services) == 0 {
		services = knownServices
	}
	var out []Instance
	err := s.eachInstance(ctx, tok, func(inst Instance) {
		if slices.Contains(services, inst.Service) {
			s.knownPlan(ctx, tok, &inst)
			out = append(out, inst)
		}
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out, nil
}

// InstanceNames returns the names of every service instance of the account, whatever its service, by GUID, from
// Resource Controller alone.
func (s *Service) InstanceNames(ctx context.Context, tok ibmcloud.Token) (map[string]string, error) {
	out := map[string]string{}
	if err := s.eachInstance(ctx, tok, func(inst Instance) { out[inst.GUID] = inst.Name }); err != nil {
		return nil, err
	}
	return out, nil
}

// eachInstance reads every service instance of the account from Resource Controller, a page of 100 at a time, and
// hands each to f once learnt.
func (s *Service) eachInstance(ctx context.Context, tok ibmcloud.Token, f func(Instance)) error {
	rc, err := s.connector.ResourceController(tok)
	if err != nil {
		return err
	}
	pager, err := rc.NewResourceInstancesPager(&resourcecontrollerv2.ListResourceInstancesOptions{
		Type: new("service_instance"), Limit: new(int64(100)),
	})
	if err != nil {
		return err
	}
	for pager.HasNext() {
		page, err := pager.GetNextWithContext(ctx)
		if err != nil {
			return ibmcloud.Classify("Resource Controller", err)
		}
		for _, ri := range page {
			f(s.learn(fromResourceInstance(ri)))
		}
	}
	return nil
}

// GetInstance returns one instance by GUID or CRN.
func (s *Service) GetInstance(ctx context.Context, tok ibmcloud.Token, id string) (Instance, error) {
	inst, err := s.ReadInstance(ctx, tok, id)
	if err != nil {
		return Instance{}, err
	}
	return s.NamePlan(ctx, tok, inst)
}

// Placed returns what a read of this process (by any user) learned of the instance with the given GUID, what never
// changes about it: its GUID, CRN, service, region and endpoint; ok is false when none did.
// It proves nothing about who may see the instance.
func (s *Service) Placed(guid string) (Instance, bool) {
	v, ok := s.places.Load(guid)
	if !ok {
		return Instance{}, false
	}
	return v.(Instance), true
}

// Locate returns where the instance that id names (a GUID or an instance CRN) is, without reading: what Placed knows,
// else what its CRN says, for an App Configuration or Key Protect instance (a Hyper Protect Crypto Services instance's
// endpoint is its own, known only from Resource Controller). Like Placed, it proves nothing about who may see the
// instance, nor that a CRN is right: ReadInstance does.
func (s *Service) Locate(id string) (Instance, bool) {
	guid, ok := crn.InstanceGUID(id)
	if !ok {
		return Instance{}, false
	}
	if place, ok := s.Placed(guid); ok {
		return place, true
	}
	c, err := crn.Parse(id)
	if err != nil {
		return Instance{}, false
	}
	place := Instance{GUID: guid, CRN: id, Service: c.ServiceName, Region: c.Location}
	switch c.ServiceName {
	case ServiceAppConfig:
		return place, true
	case ServiceKeyProtect:
		place.Endpoint = s.connector.Endpoints().KeyProtect(c.Location)
		return place, true
	}
	return Instance{}, false
}

// learn remembers where inst is, for Placed, and returns it.
func (s *Service) learn(inst Instance) Instance {
	if inst.GUID != "" && inst.Region != "" {
		s.places.Store(inst.GUID, Instance{GUID: inst.GUID, CRN: inst.CRN, Service: inst.Service, Region: inst.Region, Endpoint: inst.Endpoint})
	}
	return inst
}

// ReadInstance returns one instance by GUID or CRN from Resource Controller alone: its plan's names are filled only
// when the console already knows them (NamePlan reads them). A CRN must be the instance's own.
func (s *Service) ReadInstance(ctx context.Context, tok ibmcloud.Token, id string) (Instance, error) {
	rc, err := s.connector.ResourceController(tok)
	if err != nil {
		return Instance{}, err
	}
	ri, resp, err := rc.GetResourceInstanceWithContext(ctx, &resourcecontrollerv2.GetResourceInstanceOptions{ID: &id})
	if err != nil {
		return Instance{}, ibmcloud.ClassifyResponse("Resource Controller", resp, err)
	}
	inst := s.learn(fromResourceInstance(*ri))
	if strings.HasPrefix(id, "crn:") && inst.CRN != id {
		// A CRN naming another account, region or service than the instance's own is refused as Resource Controller
		// refuses an unknown instance: the address is wrong, whatever instance its GUID names.
		return Instance{}, notFoundAt(id)
	}
	if inst.State == "removed" || inst.State == "pending_reclamation" {
		return Instance{}, &ibmcloud.Error{Kind: ibmcloud.KindNotFound, Status: 404, Service: "Resource Controller",
			Message: fmt.Sprintf("instance %s was deleted", inst.Name)}
	}
	s.knownPlan(ctx, tok, &inst)
	return inst, nil
}

// notFoundAt is Resource Controller's answer for an instance address naming no instance the user can see.
func notFoundAt(id string) error {
	return &ibmcloud.Error{Kind: ibmcloud.KindNotFound, Status: 404, Service: "Resource Controller",
		Message: "Instance with id " + id + " not found."}
}

// CreateInstanceInput names a new instance, its catalog service, plan, region and resource group.
type CreateInstanceInput struct {
	Name            string
	ServiceID       string
	PlanID          string
	Region          string
	ResourceGroupID string
}

// CreateInstance provisions a new service instance.
func (s *Service) CreateInstance(ctx context.Context, tok ibmcloud.Token, in CreateInstanceInput) (Instance, error) {
	rc, err := s.connector.ResourceController(tok)
	if err != nil {
		return Instance{}, err
	}
	ri, _, err := rc.CreateResourceInstanceWithContext(ctx, &resourcecontrollerv2.CreateResourceInstanceOptions{
		Name: &in.Name, Target: &in.Region, ResourceGroup: &in.ResourceGroupID, ResourcePlanID: &in.PlanID,
	})
	if err != nil {
		return Instance{}, ibmcloud.Classify("Resource Controller", err)
	}
	return s.NamePlan(ctx, tok, s.learn(fromResourceInstance(*ri)))
}

// DeleteInstance deletes an instance with its keys, bindings and aliases.
func (s *Service) DeleteInstance(ctx context.Context, tok ibmcloud.Token, id string) error {
	rc, err := s.connector.ResourceController(tok)
	if err != nil {
		return err
	}
	if _, err := rc.DeleteResourceInstanceWithContext(ctx, rc.NewDeleteResourceInstanceOptions(id).SetRecursive(true)); err != nil {
		return ibmcloud.Classify("Resource Controller", err)
	}
	return nil
}

// ListResourceGroups returns the account's resource groups, by name.
func (s *Service) ListResourceGroups(ctx context.Context, tok ibmcloud.Token, accountID string) ([]ResourceGroup, error) {
	rm, err := s.connector.ResourceManager(tok)
	if err != nil {
		return nil, err
	}
	list, resp, err := rm.ListResourceGroupsWithContext(ctx, &resourcemanagerv2.ListResourceGroupsOptions{AccountID: &accountID})
	if err != nil {
		return nil, ibmcloud.ClassifyResponse("Resource Manager", resp, err)
	}
	out := make([]ResourceGroup, 0, len(list.Resources))
	for _, g := range list.Resources {
		out = append(out, ResourceGroup{ID: core.StringNilMapper(g.ID), Name: core.StringNilMapper(g.Name), Default: g.Default != nil && *g.Default})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out, nil
}

// NamePlan returns inst with its PlanName filled in, as namePlans does for a list.
func (s *Service) NamePlan(ctx context.Context, tok ibmcloud.Token, inst Instance) (Instance, error) {
	list := []Instance{inst}
	if err := s.namePlans(ctx, tok, list); err != nil {
		return Instance{}, err
	}
	return list[0], nil
}

// planNames are the catalog name and display name of a plan, and when they were read.
type planNames struct {
	name, display string
	read          time.Time
}

// knownPlan fills inst's plan names from what the console already knows, without reading: a plan's names last read
// more than PlanRefresh ago are still used, and read again in the background.
func (s *Service) knownPlan(ctx context.Context, tok ibmcloud.Token, inst *Instance) bool {
	v, ok := s.plans.Load(inst.PlanID)
	if !ok {
		return false
	}
	names := v.(planNames)
	inst.PlanName, inst.PlanDisplayName = names.name, names.display
	if time.Since(names.read) > PlanRefresh {
		// Mark the names as read now, so that one refresh is under way at a time.
		names.read = time.Now()
		s.plans.Store(inst.PlanID, names)
		go func() { _ = s.readPlans(context.WithoutCancel(ctx), tok, []string{inst.PlanID}) }()
	}
	return true
}

// knownServices are the catalog services whose plans LoadPlans reads.
var knownServices = []string{ServiceAppConfig, ServiceKeyProtect, ServiceHPCS, ServiceEventNotifications}

// LoadPlans reads, in the background, the names of every plan of the services the console works with, for every
// user, unless it did so less than PlanRefresh ago; so that pages name plans without a Global Catalog read of their
// own. The console starts it at once, and again when a page meets a plan it does not know. It reads the public
// catalog, without a token: the catalog's plans are the same for all. The channel it returns is closed when the read
// it started has ended, successful or not (at once when it starts none).
func (s *Service) LoadPlans() <-chan struct{} {
	done := make(chan struct{})
	now := time.Now()
	last := s.plansLoaded.Load()
	if last != 0 && now.Sub(time.Unix(0, last)) < PlanRefresh || !s.plansLoaded.CompareAndSwap(last, now.UnixNano()) {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		gc, err := s.connector.PublicGlobalCatalog()
		if err != nil {
			s.plansLoaded.CompareAndSwap(now.UnixNano(), 0)
			return
		}
		var (
			wg     sync.WaitGroup
			failed atomic.Bool
		)
		for _, service := range knownServices {
			wg.Go(func() {
				id, err := ibmcloud.FindCatalogService(ctx, gc, service)
				if err != nil {
					failed.Store(true)
					return
				}
				children, _, err := gc.GetChildObjectsWithContext(ctx, &globalcatalogv1.GetChildObjectsOptions{ID: &id, Kind: new("plan")})
				if err != nil {
					failed.Store(true)
					return
				}
				for _, e := range children.Resources {
					s.plans.Store(core.StringNilMapper(e.ID), planNames{name: core.StringNilMapper(e.Name), display: ibmcloud.CatalogDisplayName(&e), read: time.Now()})
				}
			})
		}
		wg.Wait()
		if failed.Load() {
			// Read again when a page next meets a plan the console does not know, not PlanRefresh later.
			s.plansLoaded.CompareAndSwap(now.UnixNano(), 0)
		}
	}()
	return done
}

// namePlans fills PlanName and PlanDisplayName from the Global Catalog, reading each plan ID the console does not
// know yet once, in parallel, for every user (see knownPlan for their refresh). A plan the catalog does not let the
// user read (403, or 404) is left unknown rather than failing the list: one unreadable plan must not hide every
// instance.
func (s *Service) namePlans(ctx context.Context, tok ibmcloud.Token, list []Instance) error {
	var missing []string
	for i := range list {
		if !s.knownPlan(ctx, tok, &list[i]) && list[i].PlanID != "" && !slices.Contains(missing, list[i].PlanID) {
			missing = append(missing, list[i].PlanID)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	s.LoadPlans()
	if err := s.readPlans(ctx, tok, missing); err != nil {
		return err
	}
	for i := range list {
		s.knownPlan(ctx, tok, &list[i])
	}
	return nil
}

// readPlans reads the names of the plans ids from the Global Catalog, in parallel, and remembers them.
func (s *Service) readPlans(ctx context.Context, tok ibmcloud.Token, ids []string) error {
	gc, err := s.connector.GlobalCatalog(tok)
	if err != nil {
		return err
	}
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			entry, _, err := gc.GetCatalogEntryWithContext(ctx, &globalcatalogv1.GetCatalogEntryOptions{ID: &id})
			if err != nil {
				if err = ibmcloud.Classify("Global Catalog", err); !ibmcloud.IsKind(err, ibmcloud.KindForbidden) && !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
					errs[i] = err
				}
				return
			}
			s.plans.Store(id, planNames{name: core.StringNilMapper(entry.Name), display: ibmcloud.CatalogDisplayName(entry), read: time.Now()})
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func fromResourceInstance(ri resourcecontrollerv2.ResourceInstance) Instance {
	inst := Instance{
		GUID: core.StringNilMapper(ri.GUID), CRN: core.StringNilMapper(ri.CRN), Name: core.StringNilMapper(ri.Name), Region: core.StringNilMapper(ri.RegionID),
		PlanID: core.StringNilMapper(ri.ResourcePlanID), ResourceGroupID: core.StringNilMapper(ri.ResourceGroupID), State: core.StringNilMapper(ri.State),
	}
	if parsed, err := crn.Parse(inst.CRN); err == nil {
		inst.Service = parsed.ServiceName
		if inst.Region == "" {
			inst.Region = parsed.Location
		}
	}
	if ri.CreatedAt != nil {
		inst.CreatedAt = time.Time(*ri.CreatedAt)
	}
	if endpoints, ok := ri.Extensions["endpoints"].(map[string]any); ok {
		if public, ok := endpoints["public"].(string); ok {
			inst.Endpoint = public
		}
	}
	return inst
}

// MaxInstanceName is the longest instance name the console accepts for a new instance.
const MaxInstanceName = 180

// InstanceNameError checks the name of a new instance: present, at most MaxInstanceName characters, no control
// characters; it returns what to correct, or "".
func InstanceNameError(name string) string {
	switch {
	case name == "":
		return "Enter a name for the instance."
	case len([]rune(name)) > MaxInstanceName:
		return fmt.Sprintf("Use at most %d characters.", MaxInstanceName)
	case strings.ContainsFunc(name, unicode.IsControl):
		return "Use letters, digits, spaces and punctuation only."
	}
	return ""
}
