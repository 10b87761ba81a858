package kms

import (
	"context"
	"slices"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Plan is a pricing plan a new key management instance can be created with.
type Plan struct {
	ID          string
	Name        string
	DisplayName string
}

// Regions returns the regions where instances of the key management service can be created.
func Regions(service string) []string {
	if service == resources.ServiceHPCS {
		return []string{"us-south", "us-east", "eu-de", "eu-gb", "eu-es", "br-sao", "jp-tok", "ca-tor"}
	}
	return slices.Clone(ibmcloud.KeyProtectRegions)
}

// ListPlans returns the catalog plans of the key management service ("kms" or "hs-crypto").
func (c *Client) ListPlans(ctx context.Context, tok ibmcloud.Token, service string) ([]Plan, error) {
	gc, err := c.connector.GlobalCatalog(tok)
	if err != nil {
		return nil, err
	}
	id, err := findService(ctx, gc, service)
	if err != nil {
		return nil, err
	}
	children, _, err := gc.GetChildObjectsWithContext(ctx, &globalcatalogv1.GetChildObjectsOptions{ID: &id, Kind: new("plan")})
	if err != nil {
		return nil, ibmcloud.Classify("Global Catalog", err)
	}
	out := make([]Plan, 0, len(children.Resources))
	for _, e := range children.Resources {
		out = append(out, Plan{ID: core.StringNilMapper(e.ID), Name: core.StringNilMapper(e.Name), DisplayName: ibmcloud.CatalogDisplayName(&e)})
	}
	return out, nil
}

// catalogSearchPage is how many entries one catalog search page asks for; catalogSearchPages bounds the pages read.
const (
	catalogSearchPage  = 100
	catalogSearchPages = 5
)

// findService returns the catalog ID of the service named name. The Global Catalog's q knows free text and the tags
// kind:, tag:, rc:, iam:, active:, geo: and price:, not name:, so the name is searched as text and the entry whose
// name is exactly name is picked from the results, as bluemix-go's FindByName does.
func findService(ctx context.Context, gc *globalcatalogv1.GlobalCatalogV1, name string) (string, error) {
	for page := range catalogSearchPages {
		found, _, err := gc.ListCatalogEntriesWithContext(ctx, &globalcatalogv1.ListCatalogEntriesOptions{
			Q: new(name), Offset: new(int64(page * catalogSearchPage)), Limit: new(int64(catalogSearchPage)),
		})
		if err != nil {
			return "", ibmcloud.Classify("Global Catalog", err)
		}
		i := slices.IndexFunc(found.Resources, func(e globalcatalogv1.CatalogEntry) bool {
			return core.StringNilMapper(e.Name) == name && core.StringNilMapper(e.Kind) == globalcatalogv1.CatalogEntryKindServiceConst
		})
		if i >= 0 {
			return core.StringNilMapper(found.Resources[i].ID), nil
		}
		if len(found.Resources) < catalogSearchPage {
			break
		}
	}
	return "", &ibmcloud.Error{Kind: ibmcloud.KindNotFound, Status: 404, Service: "Global Catalog", Message: "the catalog has no service " + name}
}
