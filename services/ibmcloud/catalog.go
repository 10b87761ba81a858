package ibmcloud

import (
	"context"
	"slices"

	"github.com/IBM/go-sdk-core/v5/core"
	"github.com/IBM/platform-services-go-sdk/globalcatalogv1"
)

// CatalogDisplayName returns the English display name of a Global Catalog entry, or its name when it has none.
func CatalogDisplayName(e *globalcatalogv1.CatalogEntry) string {
	if ui, ok := e.OverviewUI["en"]; ok && ui.DisplayName != nil && *ui.DisplayName != "" {
		return *ui.DisplayName
	}
	return core.StringNilMapper(e.Name)
}

// catalogSearchPage is how many entries one catalog search page asks for; catalogSearchPages bounds the pages read.
const (
	catalogSearchPage  = 100
	catalogSearchPages = 5
)

// FindCatalogService returns the catalog ID of the service named name. The Global Catalog's q knows free text and the tags
// kind:, tag:, rc:, iam:, active:, geo: and price:, not name:, so the name is searched as text and the entry whose
// name is exactly name is picked from the results, as bluemix-go's FindByName does.
func FindCatalogService(ctx context.Context, gc *globalcatalogv1.GlobalCatalogV1, name string) (string, error) {
	for page := range catalogSearchPages {
		found, _, err := gc.ListCatalogEntriesWithContext(ctx, &globalcatalogv1.ListCatalogEntriesOptions{
			Q: new(name), Offset: new(int64(page * catalogSearchPage)), Limit: new(int64(catalogSearchPage)),
		})
		if err != nil {
			return "", Classify("Global Catalog", err)
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
	return "", &Error{Kind: KindNotFound, Status: 404, Service: "Global Catalog", Message: "the catalog has no service " + name}
}
