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
	id, err := ibmcloud.FindCatalogService(ctx, gc, service)
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
