package kms

import (
	"context"
	"slices"

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
	return []string{"us-south", "us-east", "eu-gb", "eu-de", "eu-es", "au-syd", "jp-tok", "jp-osa", "ca-tor", "br-sao"}
}

// ListPlans returns the catalog plans of the key management service ("kms" or "hs-crypto").
func (s *Service) ListPlans(ctx context.Context, tok ibmcloud.Token, service string) ([]Plan, error) {
	gc, err := s.connector.GlobalCatalog(tok)
	if err != nil {
		return nil, err
	}
	q := "name:" + service
	found, _, err := gc.ListCatalogEntriesWithContext(ctx, &globalcatalogv1.ListCatalogEntriesOptions{Q: &q})
	if err != nil {
		return nil, ibmcloud.Classify("Global Catalog", err)
	}
	i := slices.IndexFunc(found.Resources, func(e globalcatalogv1.CatalogEntry) bool { return deref(e.Name) == service })
	if i < 0 {
		return nil, &ibmcloud.Error{Kind: ibmcloud.KindNotFound, Status: 404, Service: "Global Catalog",
			Message: "the catalog has no service " + service}
	}
	kind := "plan"
	children, _, err := gc.GetChildObjectsWithContext(ctx, &globalcatalogv1.GetChildObjectsOptions{ID: found.Resources[i].ID, Kind: &kind})
	if err != nil {
		return nil, ibmcloud.Classify("Global Catalog", err)
	}
	out := make([]Plan, 0, len(children.Resources))
	for _, e := range children.Resources {
		p := Plan{ID: deref(e.ID), Name: deref(e.Name), DisplayName: deref(e.Name)}
		if ui, ok := e.OverviewUI["en"]; ok && ui.DisplayName != nil && *ui.DisplayName != "" {
			p.DisplayName = *ui.DisplayName
		}
		out = append(out, p)
	}
	return out, nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
