package cloudsim

import "net/http"

// RegisterAsService registers resourceCRN on key keyID as an integrating service (Cloud Object Storage) would; users
// cannot, so tests that need a registration of another service's resource make it here.
func (s *Server) RegisterAsService(keyID, resourceCRN, description string, preventKeyDeletion bool) error {
	return s.store.update(func(st *state) error {
		k := st.Keys[keyID]
		if k == nil {
			return errorf(http.StatusNotFound, "KEY_NOT_FOUND_ERR", "Key does not exist")
		}
		return registerResource(st, k, resourceCRN, description, "ServiceId-cloud-object-storage", preventKeyDeletion, s.now())
	})
}
