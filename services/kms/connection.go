package kms

import (
	"context"
	"slices"

	"appconfig-console/services/appconfig"
	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Connection is the Key Management integration of an App Configuration instance as the Integrations page shows it: the
// integration, the service, scheme and region its CRN names, the connected instance and the root key's name.
type Connection struct {
	Integration appconfig.Integration
	// CRNUnreadable says the integration's KMS instance CRN could not be parsed; nothing further was read.
	CRNUnreadable bool
	Service       string
	Scheme        string
	Region        string
	InstanceGUID  string
	// Instance is the connected instance, when the user can see it; InstanceGone says it is not (or no longer) listed,
	// InstanceErr that the list could not be read.
	Instance     *resources.Instance
	InstanceGone bool
	InstanceErr  error
	// RootKeyName is the root key's name, or its ID when the key cannot be found; KeyErr is any other failure to read it.
	RootKeyName string
	KeyErr      error
}

// Connection returns the Key Management integration in list with its instance and root key read, or nil when there is none.
func (p *Panels) Connection(ctx context.Context, userID string, tok ibmcloud.Token, list []appconfig.Integration) *Connection {
	in := IntegrationOf(list)
	if in == nil {
		return nil
	}
	out := &Connection{Integration: *in, RootKeyName: in.RootKeyID}
	parsed, err := crn.Parse(in.KMSInstanceCRN)
	if err != nil {
		out.CRNUnreadable = true
		return out
	}
	out.Service, out.Scheme, out.Region, out.InstanceGUID = parsed.ServiceName, in.SchemeType, parsed.Location, parsed.ServiceInst
	if out.Scheme == "" {
		out.Scheme = appconfig.SchemeBYOK
		if parsed.ServiceName == resources.ServiceHPCS {
			out.Scheme = appconfig.SchemeKYOK
		}
	}
	instances, err := p.instances.Instances(ctx, userID, tok, parsed.ServiceName)
	if err != nil {
		out.InstanceErr = err
		return out
	}
	j := slices.IndexFunc(instances, func(inst resources.Instance) bool { return inst.GUID == parsed.ServiceInst })
	if j < 0 {
		out.InstanceGone = true
		return out
	}
	out.Instance = &instances[j]
	if name, err := p.rootKeyName(ctx, userID, tok, *out.Instance, in.RootKeyID); err == nil {
		out.RootKeyName = name
	} else if !ibmcloud.IsKind(err, ibmcloud.KindNotFound) {
		out.KeyErr = err
	}
	return out
}

// rootKeyName finds a key's name in the remembered root key list, or reads the key itself.
func (p *Panels) rootKeyName(ctx context.Context, userID string, tok ibmcloud.Token, inst resources.Instance, id string) (string, error) {
	keys, err := p.keys.RootKeys(ctx, userID, tok, inst)
	if err == nil {
		if i := slices.IndexFunc(keys, func(k Key) bool { return k.ID == id }); i >= 0 {
			return keys[i].Name, nil
		}
	}
	key, err := p.keys.GetKey(ctx, tok, inst, id)
	return key.Name, err
}
