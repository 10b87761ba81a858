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
func (s *Service) ListPlans(ctx context.Context, tok ibmcloud.Token, service string) ([]Plan, error) {
	gc, err := s.connector.GlobalCatalog(tok)
	if err != nil {
		return nil, err
	}
	found, _, err := gc.ListCatalogEntriesWithContext(ctx, &globalcatalogv1.ListCatalogEntriesOptions{Q: new("name:" + service)})
	if err != nil {
		return nil, ibmcloud.Classify("Global Catalog", err)
	}
	i := slices.IndexFunc(found.Resources, func(e globalcatalogv1.CatalogEntry) bool { return core.StringNilMapper(e.Name) == service })
	if i < 0 {
		return nil, &ibmcloud.Error{Kind: ibmcloud.KindNotFound, Status: 404, Service: "Global Catalog",
			Message: "the catalog has no service " + service}
	}
	children, _, err := gc.GetChildObjectsWithContext(ctx, &globalcatalogv1.GetChildObjectsOptions{ID: found.Resources[i].ID, Kind: new("plan")})
	if err != nil {
		return nil, ibmcloud.Classify("Global Catalog", err)
	}
	out := make([]Plan, 0, len(children.Resources))
	for _, e := range children.Resources {
		out = append(out, Plan{ID: core.StringNilMapper(e.ID), Name: core.StringNilMapper(e.Name), DisplayName: ibmcloud.CatalogDisplayName(&e)})
	}
	return out, nil
}
