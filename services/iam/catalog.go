package iam

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"

	"appconfig-console/services/ibmcloud"
)

// CatalogService is a Global Catalog service that IAM policies can name.
type CatalogService struct {
	// Name is the catalog name, the serviceName of policies, e.g. "kms".
	Name string
	// DisplayName is the name people know it by, e.g. "Key Protect".
	DisplayName string
}

// catalogPageSize is how many catalog entries one ListCatalogEntries call asks for.
const catalogPageSize = 100

// catalogMaxPages bounds the walk through the catalog, so a misbehaving server cannot keep the console paging forever.
const catalogMaxPages = 50

// ServicesRefresh is how long the catalog's service list is used before it is read again (in the background, the old
// list still served meanwhile).
const ServicesRefresh = 10 * time.Minute

// serviceList is the catalog's service list, the same for every user, and when it was read.
type serviceList struct {
	mu         sync.Mutex
	list       []CatalogService
	read       time.Time
	refreshing bool
}

// ListServices returns the active, IAM-enabled services of the Global Catalog, ordered by display name. The list is
// read once for every user; older than ServicesRefresh, it is still returned and read again in the background.
func (s *Service) ListServices(ctx context.Context, tok ibmcloud.Token) ([]CatalogService, error) {
	c := &s.services
	c.mu.Lock()
	if c.list != nil {
		list := slices.Clone(c.list)
		if time.Since(c.read) > ServicesRefresh && !c.refreshing {
			c.refreshing = true
			go func() {
				list, err := s.readServices(context.WithoutCancel(ctx), tok)
				c.mu.Lock()
				defer c.mu.Unlock()
				c.refreshing = false
				if err == nil {
					c.list, c.read = list, time.Now()
				}
			}()
		}
		c.mu.Unlock()
		return list, nil
	}
	c.mu.Unlock()
	list, err := s.readServices(ctx, tok)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.list, c.read = slices.Clone(list), time.Now()
	c.mu.Unlock()
	return list, nil
}

// readServices reads the active, IAM-enabled services of the Global Catalog, ordered by display name.
func (s *Service) readServices(ctx context.Context, tok ibmcloud.Token) ([]CatalogService, error) {
	client, err := s.connector.GlobalCatalog(tok)
	if err != nil {
		return nil, err
	}
	var out []CatalogService
	seen := map[string]bool{}
	for page := 0; page < catalogMaxPages; page++ {
		result, _, err := client.ListCatalogEntriesWithContext(ctx, &globalcatalogv1.ListCatalogEntriesOptions{
			Q:      new("kind:service iam:true active:true"),
			Offset: new(int64(page * catalogPageSize)),
			Limit:  new(int64(catalogPageSize)),
		})
		if err != nil {
			return nil, ibmcloud.Classify("Global Catalog", err)
		}
		for _, e := range result.Resources {
			name := core.StringNilMapper(e.Name)
			if name == "" || seen[name] || core.StringNilMapper(e.Kind) != globalcatalogv1.CatalogEntryKindServiceConst ||
				(e.Disabled != nil && *e.Disabled) || (e.Active != nil && !*e.Active) {
				continue
			}
			seen[name] = true
			out = append(out, CatalogService{Name: name, DisplayName: ibmcloud.CatalogDisplayName(&e)})
		}
		if len(result.Resources) < catalogPageSize || (result.Count != nil && int64((page+1)*catalogPageSize) >= *result.Count) {
			break
		}
	}
	slices.SortFunc(out, func(a, b CatalogService) int {
		return strings.Compare(strings.ToLower(a.DisplayName), strings.ToLower(b.DisplayName))
	})
	return out, nil
}

// DisplayName returns the display name of the service named name in services, or name itself when it is not there.
func DisplayName(services []CatalogService, name string) string {
	for _, c := range services {
		if c.Name == name {
			return c.DisplayName
		}
	}
	return name
}
