package cloudsim

import (
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
)

// adminRoutes registers cloudsim's own administration endpoints (no token needed, no faults). The ones that change
// state are guarded by sameSiteJSON, so a web page on another origin cannot change the faults or wipe the data.
func (s *Server) adminRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("PUT /admin/faults", sameSiteJSON(func(w http.ResponseWriter, r *http.Request) {
		var fs Faults
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&fs); err != nil {
			writeAdminError(w, http.StatusBadRequest, "faults: body is not valid JSON: "+err.Error())
			return
		}
		if err := s.SetFaults(fs); err != nil {
			writeAdminError(w, http.StatusBadRequest, "faults: "+err.Error())
			return
		}
		writeJSON(w, http.StatusOK, s.Faults())
	}))
	mux.HandleFunc("POST /admin/reset", sameSiteJSON(func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			writeAdminError(w, http.StatusInternalServerError, err.Error())
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
}

// writeAdminError answers an administration request with status and message.
func writeAdminError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"message": message, "status_code": status})
}

// sameSiteJSON refuses requests a browser sends on behalf of another site: a Content-Type other than
// application/json (a cross-site form or a CORS "simple" request cannot send it without a preflight, which cloudsim
// never grants), an Origin other than cloudsim's own host, and Sec-Fetch-Site: cross-site.
func sameSiteJSON(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if origin := r.Header.Get("Origin"); origin != "" {
			u, err := url.Parse(origin)
			if err != nil || u.Host != r.Host {
				writeAdminError(w, http.StatusForbidden, "admin: requests from another origin ("+origin+") are refused.")
				return
			}
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			writeAdminError(w, http.StatusForbidden, "admin: cross-site requests are refused.")
			return
		}
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			writeAdminError(w, http.StatusUnsupportedMediaType, "admin: the request needs Content-Type: application/json.")
			return
		}
		next(w, r)
	}
}
