package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"appconfig-console/services/lifecycle"
	"appconfig-console/services/resources"
	"appconfig-console/views"
)

// showKMSKey renders a key with its associated resources: its registrations, each with the registered resource's name
// where the account has it and whether the resource still exists.
func (s *Server) showKMSKey(c echo.Context) error {
	s.streamShell(c)
	ka, err := s.keyAssociations(c)
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.KMSKey(s.kmsKeyPage(c, ka)))
}

// keyAssociations reads the key named by the :instance and :keyID parameters with its associations.
func (s *Server) keyAssociations(c echo.Context) (lifecycle.KeyAssociations, error) {
	guid, keyID := instanceID(c), c.Param("keyID")
	user := currentUser(c)
	ctx := c.Request().Context()
	ka, err := s.services.Lifecycle.Associations(ctx, user.Token, user.Identity.AccountID, guid, keyID)
	if errors.Is(err, lifecycle.ErrNotKeyManagement) {
		return ka, echo.NewHTTPError(http.StatusNotFound)
	}
	return ka, err
}

// kmsKeyPage builds the key page's view model.
func (s *Server) kmsKeyPage(c echo.Context, ka lifecycle.KeyAssociations) views.KMSKeyPage {
	page := views.KMSKeyPage{
		Shell: s.shell(c, ka.Key.Name), ServiceName: resources.ServiceDisplayName(ka.KMS.Service),
		InstanceName: ka.KMS.Name, InstanceURL: kmsInstanceURL(instanceAddress(ka.KMS)), Key: inventoryKeyRow(instanceAddress(ka.KMS), ka.Key), KeyCRN: ka.Key.CRN,
		SyncAction: kmsKeySyncURL(instanceAddress(ka.KMS), ka.Key.ID),
	}
	for _, a := range ka.Associations {
		page.Associations = append(page.Associations, associationRow(a))
	}
	return page
}

// associationRow is a registration as the associated resources table shows it.
func associationRow(a lifecycle.Association) views.AssociatedResourceRow {
	r := a.Registration
	row := views.AssociatedResourceRow{
		ResourceCRN: r.ResourceCRN, Service: resources.ServiceDisplayName(a.Service), Description: r.Description,
		Created: kmsDisplayTime(r.CreatedAt), PreventsDeletion: r.PreventKeyDeletion,
	}
	switch a.Status {
	case lifecycle.ResourceExists:
		row.Status, row.StatusLabel = "in-use", "In use"
		row.ResourceName, row.ResourceURL = a.Resource.Name, instanceURL(a.Resource)
	case lifecycle.ResourceGone:
		row.Status, row.StatusLabel = "deleted", "Resource deleted"
	default:
		row.Status, row.StatusLabel = "unknown", "Unknown resource"
	}
	return row
}
