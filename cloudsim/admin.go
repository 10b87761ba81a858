package cloudsim

import (
	"encoding/json"
	"net/http"
)

// adminRoutes registers cloudsim's own administration endpoints (no token needed, no faults).
func (s *Server) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("PUT /admin/faults", func(w http.ResponseWriter, r *http.Request) {
		var fs Faults
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fs); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "faults: body is not valid JSON: " + err.Error(), "status_code": http.StatusBadRequest})
			return
		}
		if err := s.SetFaults(fs); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]any{"message": "faults: " + err.Error(), "status_code": http.StatusBadRequest})
			return
		}
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("POST /admin/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]any{"message": err.Error(), "status_code": http.StatusInternalServerError})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}
