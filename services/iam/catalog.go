package iam

import (
	"context"
	"slices"
	"strings"

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

// ListServices returns the active, IAM-enabled services of the Global Catalog, ordered by display name.
func (s *Service) ListServices(ctx context.Context, tok ibmcloud.Token) ([]CatalogService, error) {
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
