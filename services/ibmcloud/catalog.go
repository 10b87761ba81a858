package ibmcloud

import (
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
