package appconfig

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/usercache"
)

// ListTTL is how long Lists remembers an instance's integration list: a few seconds, so that pages read again soon
// cost no upstream call, and changes made outside the console show almost at once.
const ListTTL = 5 * time.Second

// kindIntegrations names a remembered integration list.
const kindIntegrations = "integrations"

// Lists is a Service whose ListIntegrations remembers each instance's list for a short time, per access token (what
// one token may read, another may not). The Service's own changes to an instance's integrations forget its lists, for
// every token and on every replica; the Service itself always reads upstream, for the steps that decide a change.
type Lists struct {
	*Service
}

// RememberLists makes s forget remembered lists when it changes an instance's integrations and returns the Lists that
// remember them for ttl, forgetting on every replica through versions (nil: in this process only).
func (s *Service) RememberLists(ttl time.Duration, now func() time.Time, versions usercache.Versions) Lists {
	s.lists = usercache.New(ttl, now, versions)
	return Lists{Service: s}
}

// ListIntegrations returns every integration of the instance, as read at most the TTL ago with the same token.
func (l Lists) ListIntegrations(ctx context.Context, tok ibmcloud.Token, inst Instance) ([]Integration, error) {
	return usercache.List(l.lists, listKey(tok, inst), func() ([]Integration, error) {
		return l.Service.ListIntegrations(ctx, tok, inst)
	})
}

// ForgetLists drops every remembered list of the instance, on every replica, so that the next read is upstream's (a
// user's Refresh).
func (l Lists) ForgetLists(inst Instance) { l.forgetLists(inst) }

// RememberedIntegrations returns the instance's list as read with tok at most the TTL ago, if there is one; it reads
// nothing, so that a change can start from what the page just showed.
func (s *Service) RememberedIntegrations(tok ibmcloud.Token, inst Instance) ([]Integration, bool) {
	if s.lists == nil {
		return nil, false
	}
	list, ok := usercache.Peek[[]Integration](s.lists, listKey(tok, inst))
	return slices.Clone(list), ok
}

// RememberIntegrations remembers list as the instance's integrations read with tok now: the console's own change,
// written through after the change forgot the instance's lists on every replica.
func (s *Service) RememberIntegrations(tok ibmcloud.Token, inst Instance, list []Integration) {
	if s.lists != nil {
		usercache.Put(s.lists, listKey(tok, inst), slices.Clone(list))
	}
}

// listKey is where the instance's list read with tok is remembered: under the instance, so that a change forgets it
// for every token at once.
func listKey(tok ibmcloud.Token, inst Instance) usercache.Key {
	sum := sha256.Sum256([]byte(tok.AccessToken))
	return usercache.Key{User: inst.GUID, Kind: kindIntegrations, ID: hex.EncodeToString(sum[:16])}
}

// forgetLists drops every remembered list of the instance, on every replica.
func (s *Service) forgetLists(inst Instance) {
	if s.lists != nil {
		s.lists.ForgetUser(inst.GUID)
	}
}
