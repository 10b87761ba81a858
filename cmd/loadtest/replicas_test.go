package main

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"appconfig-console/cloudsim"
	"appconfig-console/cmd/loadtest/inproc"
	"appconfig-console/internal/roundrobin"
)

func TestRoundRobinKeepsEachReplicasSession(t *testing.T) {
	sim, err := inproc.StartSim()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	var urls []string
	for range 2 {
		c, err := inproc.StartOn(sim.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		urls = append(urls, c.URL)
	}
	tests := []struct {
		name string
		// signedInAt are the replicas the client signed in at.
		signedInAt []string
		// want are the statuses of four requests in a row: each replica serves every other one.
		want []int
	}{
		{"signed in at both replicas", urls, []int{http.StatusOK, http.StatusOK, http.StatusOK, http.StatusOK}},
		{"signed in at the first replica only", urls[:1], []int{http.StatusOK, http.StatusSeeOther, http.StatusOK, http.StatusSeeOther}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rr, err := roundrobin.New(urls, true)
			if err != nil {
				t.Fatal(err)
			}
			proxy := httptest.NewServer(rr)
			defer proxy.Close()
			client, err := signIn(proxy.URL, tt.signedInAt, cloudsim.DemoAdminAPIKey)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range tt.want {
				resp, err := client.Get(proxy.URL + "/iam/authorizations")
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, want)
				}
			}
		})
	}
}
