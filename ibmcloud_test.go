package main

import (
	"slices"
	"testing"
)

func TestIbmcloudArgs(t *testing.T) {
	tests := []struct {
		argv   []string
		want   []string
		client bool
	}{
		{argv: []string{"/tmp/go-build/exe/appconfig-console", "ibmcloud", "iam", "authorization-policies"}, want: []string{"iam", "authorization-policies"}, client: true},
		{argv: []string{"/usr/local/bin/ibmcloud", "login", "--apikey", "k"}, want: []string{"login", "--apikey", "k"}, client: true},
		{argv: []string{"/opt/bin/ibmcloud.exe", "target"}, want: []string{"target"}, client: true},
		{argv: []string{"appconfig-console", "ibmcloud"}, want: []string{}, client: true},
		{argv: []string{"appconfig-console", "sim", "ibmcloud"}},
		{argv: []string{"appconfig-console"}},
	}
	for _, tt := range tests {
		got, client := ibmcloudArgs(tt.argv)
		if client != tt.client || !slices.Equal(got, tt.want) {
			t.Errorf("ibmcloudArgs(%q) = %q, %v; want %q, %v", tt.argv, got, client, tt.want, tt.client)
		}
	}
}
