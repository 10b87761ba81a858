package ibmcloud_test

import (
	"testing"

	"appconfig-console/services/ibmcloud"
)

func TestKeyManagementEndpoint(t *testing.T) {
	tests := []struct {
		name                       string
		service, region, published string
		want                       string
	}{
		{name: "published endpoint", service: "hs-crypto", region: "us-south", published: "https://hpcs.example", want: "https://hpcs.example"},
		{name: "Key Protect regional fallback", service: "kms", region: "eu-de", want: "https://eu-de.kms.cloud.ibm.com"},
		{name: "Key Protect in Montreal", service: "kms", region: "ca-mon", want: "https://ca-mon.kms.cloud.ibm.com"},
		{name: "published private endpoint", service: "kms", region: "in-mum", published: "https://private.in-mum.kms.cloud.ibm.com",
			want: "https://private.in-mum.kms.cloud.ibm.com"},
		{name: "HPCS without endpoint", service: "hs-crypto", region: "us-south"},
		{name: "Key Protect without region", service: "kms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ibmcloud.KeyManagementEndpoint(tt.service, tt.region, tt.published); got != tt.want {
				t.Errorf("KeyManagementEndpoint = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEventNotificationsEndpoint(t *testing.T) {
	tests := []struct {
		name, region, published, want string
	}{
		{name: "published endpoint", region: "us-south", published: "https://private.us-south.event-notifications.cloud.ibm.com",
			want: "https://private.us-south.event-notifications.cloud.ibm.com"},
		{name: "regional fallback", region: "eu-de", want: "https://eu-de.event-notifications.cloud.ibm.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ibmcloud.EventNotificationsEndpoint(tt.region, tt.published); got != tt.want {
				t.Errorf("EventNotificationsEndpoint = %q, want %q", got, tt.want)
			}
		})
	}
}
