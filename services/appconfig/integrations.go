// Package appconfig reads and changes an App Configuration instance's integrations with Key Management and Event Notifications.
package appconfig

import (
	"context"
	"crypto/rand"
	"strconv"
	"time"

	"github.com/IBM/go-sdk-core/v5/core"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
	"appconfig-console/services/usercache"
)

// Integration types of the App Configuration integrations API.
const (
	TypeKMS                = "KMS"
	TypeEventNotifications = "EVENT_NOTIFICATIONS"
)

// Key statuses a KMS integration reports.
const (
	KeyUsable         = "USABLE"
	KeyDisabled       = "NON_USABLE_DISABLE"
	KeyDeleted        = "NON_USABLE_DELETE"
	SchemeBYOK        = "BYOK"
	SchemeKYOK        = "KYOK"
	serviceName       = "App Configuration"
	integrationIDSize = 10
)

// Instance names the App Configuration instance whose integrations are read or changed.
type Instance struct {
	GUID   string
	Region string
}

// InstanceOf returns the integrations API address of an App Configuration instance.
func InstanceOf(inst resources.Instance) Instance {
	return Instance{GUID: inst.GUID, Region: inst.Region}
}

// Integration is one integration of an App Configuration instance.
type Integration struct {
	ID          string
	Type        string
	CreatedTime time.Time
	UpdatedTime time.Time
	// KMS fields.
	KMSInstanceCRN string
	KMSEndpoint    string
	RootKeyID      string
	KeyStatus      string
	SchemeType     string
	// Event Notifications fields.
	ENInstanceCRN string
	ENEndpoint    string
	// ENSourceID is the ID Event Notifications knows the instance by as a source (its CRN); the API never reports the
	// source's name.
	ENSourceID string
}

// KMSInput is what a KMS integration needs: the key management instance, its endpoint and the root key.
type KMSInput struct {
	InstanceCRN string
	Endpoint    string
	RootKeyID   string
}

// ENInput is what an Event Notifications integration needs.
type ENInput struct {
	InstanceCRN       string
	Endpoint          string
	SourceName        string
	SourceDescription string
}

// Service calls the App Configuration integrations API.
type Service struct {
	connector *ibmcloud.Connector
	// lists holds the integration lists Lists remembers (nil: none), forgotten by the Service's changes.
	lists *usercache.Store
}

// NewService returns a Service using connector's clients.
func NewService(connector *ibmcloud.Connector) *Service {
	return &Service{connector: connector}
}

type wireIntegration struct {
	IntegrationID   string         `json:"integration_id"`
	IntegrationType string         `json:"integration_type"`
	Metadata        map[string]any `json:"metadata"`
	CreatedTime     *time.Time     `json:"created_time"`
	UpdatedTime     *time.Time     `json:"updated_time"`
}

type wireList struct {
	Integrations []wireIntegration `json:"integrations"`
	TotalCount   int               `json:"total_count"`
	Next         *struct {
		Href string `json:"href"`
	} `json:"next"`
}

// ListIntegrations returns every integration of the instance.
func (s *Service) ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst Instance) ([]Integration, error) {
	svc, err := s.connector.AppConfig(tok, inst.Region, inst.GUID)
	if err != nil {
		return nil, err
	}
	var out []Integration
	for offset := 0; ; {
		builder := core.NewRequestBuilder(core.GET).WithContext(ctx)
		if _, err := builder.ResolveRequestURL(svc.GetServiceURL(), "/integrations", nil); err != nil {
			return nil, err
		}
		builder.AddHeader("Accept", "application/json")
		builder.AddQuery("expand", "true") // without it the integrations come without their metadata
		builder.AddQuery("limit", "100")
		builder.AddQuery("offset", strconv.Itoa(offset))
		var page wireList
		if err := ibmcloud.Do(serviceName, svc, builder, &page); err != nil {
			return nil, err
		}
		for _, w := range page.Integrations {
			out = append(out, fromWire(w))
		}
		offset += len(page.Integrations)
		if page.Next == nil || page.Next.Href == "" || len(page.Integrations) == 0 || offset >= page.TotalCount {
			return out, nil
		}
	}
}

// GetIntegration returns one integration of the instance.
func (s *Service) GetIntegration(ctx context.Context, tok ibmcloud.Token, inst Instance, id string) (Integration, error) {
	svc, err := s.connector.AppConfig(tok, inst.Region, inst.GUID)
	if err != nil {
		return Integration{}, err
	}
	builder := core.NewRequestBuilder(core.GET).WithContext(ctx)
	if _, err := builder.ResolveRequestURL(svc.GetServiceURL(), "/integrations/{integration_id}", map[string]string{"integration_id": id}); err != nil {
		return Integration{}, err
	}
	builder.AddHeader("Accept", "application/json")
	var w wireIntegration
	if err := ibmcloud.Do(serviceName, svc, builder, &w); err != nil {
		return Integration{}, err
	}
	return fromWire(w), nil
}

// CreateKMSIntegration connects the instance to a key management root key.
func (s *Service) CreateKMSIntegration(ctx context.Context, tok ibmcloud.Token, inst Instance, in KMSInput) (Integration, error) {
	return s.CreateIntegration(ctx, tok, inst, "kms-"+newIntegrationSuffix(), TypeKMS, map[string]any{
		"kms_instance_crn": in.InstanceCRN, "kms_endpoint": in.Endpoint, "root_key_id": in.RootKeyID,
	})
}

// CreateENIntegration connects the instance to an Event Notifications instance.
func (s *Service) CreateENIntegration(ctx context.Context, tok ibmcloud.Token, inst Instance, in ENInput) (Integration, error) {
	metadata := map[string]any{
		"event_notifications_instance_crn": in.InstanceCRN, "event_notifications_endpoint": in.Endpoint,
		"event_notifications_source_name": in.SourceName,
	}
	if in.SourceDescription != "" {
		metadata["event_notifications_source_description"] = in.SourceDescription
	}
	return s.CreateIntegration(ctx, tok, inst, "en-"+newIntegrationSuffix(), TypeEventNotifications, metadata)
}

// CreateIntegration creates an integration of the given ID, type and metadata, as the API and the CLI take them.
func (s *Service) CreateIntegration(ctx context.Context, tok ibmcloud.Token, inst Instance, id, kind string, metadata map[string]any) (Integration, error) {
	// Even a failed call may have created it.
	defer s.forgetLists(inst)
	svc, err := s.connector.AppConfig(tok, inst.Region, inst.GUID)
	if err != nil {
		return Integration{}, err
	}
	builder := core.NewRequestBuilder(core.POST).WithContext(ctx)
	if _, err := builder.ResolveRequestURL(svc.GetServiceURL(), "/integrations", nil); err != nil {
		return Integration{}, err
	}
	builder.AddHeader("Accept", "application/json")
	builder.AddHeader("Content-Type", "application/json")
	if _, err := builder.SetBodyContentJSON(map[string]any{
		"integration_id": id, "integration_type": kind, "metadata": metadata,
	}); err != nil {
		return Integration{}, err
	}
	var w wireIntegration
	if err := ibmcloud.Do(serviceName, svc, builder, &w); err != nil {
		return Integration{}, err
	}
	return fromWire(w), nil
}

// DeleteIntegration removes an integration; one already gone counts as removed.
func (s *Service) DeleteIntegration(ctx context.Context, tok ibmcloud.Token, inst Instance, id string) error {
	defer s.forgetLists(inst)
	svc, err := s.connector.AppConfig(tok, inst.Region, inst.GUID)
	if err != nil {
		return err
	}
	builder := core.NewRequestBuilder(core.DELETE).WithContext(ctx)
	if _, err := builder.ResolveRequestURL(svc.GetServiceURL(), "/integrations/{integration_id}", map[string]string{"integration_id": id}); err != nil {
		return err
	}
	err = ibmcloud.Do(serviceName, svc, builder, nil)
	if ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		return nil
	}
	return err
}

func fromWire(w wireIntegration) Integration {
	str := func(k string) string { v, _ := w.Metadata[k].(string); return v }
	in := Integration{
		ID: w.IntegrationID, Type: w.IntegrationType,
		KMSInstanceCRN: str("kms_instance_crn"), KMSEndpoint: str("kms_endpoint"), RootKeyID: str("root_key_id"),
		KeyStatus: str("key_status"), SchemeType: str("kms_scheme_type"),
		ENInstanceCRN: str("event_notifications_instance_crn"), ENEndpoint: str("event_notifications_endpoint"),
		ENSourceID: str("event_notifications_source_id"),
	}
	if w.CreatedTime != nil {
		in.CreatedTime = *w.CreatedTime
	}
	if w.UpdatedTime != nil {
		in.UpdatedTime = *w.UpdatedTime
	}
	return in
}

// newIntegrationSuffix returns 10 random characters from [a-z0-9], as IBM's own tools name integrations.
func newIntegrationSuffix() string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, integrationIDSize)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
