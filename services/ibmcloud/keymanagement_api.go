package ibmcloud

import (
	"net/http"
	"strings"

	"github.com/IBM/go-sdk-core/v5/core"
)

// KeyManagementAPI returns a generic SDK service for the key management API (/api/v2) of one Key Protect or Hyper Protect
// Crypto Services instance, for the calls the key management client does not offer (such as deleting a registration).
func (c *Connector) KeyManagementAPI(tok Token, endpoint, instanceGUID string) (*core.BaseService, error) {
	svc, err := core.NewBaseService(&core.ServiceOptions{
		URL: strings.TrimRight(endpoint, "/") + "/api/v2", Authenticator: c.authenticator(tok),
	})
	if err != nil {
		return nil, err
	}
	c.prepare(svc)
	svc.SetDefaultHeaders(http.Header{"Bluemix-Instance": {instanceGUID}})
	return svc, nil
}
