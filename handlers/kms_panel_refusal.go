package handlers

import (
	"appconfig-console/services/kms"
	"appconfig-console/services/resources"
	"appconfig-console/views/components"
)

// kmsRefusal says why the panel cannot connect anything, with the way out, or nil when it can.
func kmsRefusal(ac resources.Instance, ch kmsChoice, read kms.Panel) *components.InlineNotificationProps {
	switch read.Refusal {
	case kms.RefusalServiceClosed:
		// An address that chooses HPCS (a bookmark, an old link) shows why it cannot be used, and the way to Key Protect.
		return &components.InlineNotificationProps{ID: "kms-hpcs-closed", Kind: components.NotificationInfo,
			Title: "Hyper Protect Crypto Services is not available", Subtitle: sentence(kms.ErrHPCSClosed.Error()),
			ActionLabel: "Use Key Protect", ActionURL: kmsChoice{Service: resources.ServiceKeyProtect, Mode: ch.Mode}.url(instanceAddress(ac))}
	case kms.RefusalPlan:
		is := ac.Name + " is on the " + ac.PlanDisplayName + " plan."
		if ac.PlanUnknown() {
			is = "The plan of " + ac.Name + " could not be read from the Global Catalog, so it cannot be checked."
		}
		return &components.InlineNotificationProps{ID: "kms-plan", Kind: components.NotificationInfo,
			Title: "Enterprise plan required", Subtitle: "BYOK (Key Protect) and KYOK (Hyper Protect Crypto Services) are supported only " +
				"on the App Configuration Enterprise plan. " + is}
	case kms.RefusalConnected:
		return &components.InlineNotificationProps{ID: "kms-connected", Kind: components.NotificationInfo,
			Title: "Already connected", Subtitle: ac.Name + " already uses a root key (" + read.Connected.RootKeyID + "). " +
				"Customer-managed encryption stays on for the life of the instance, with the key it was set up with.",
			ActionLabel: "Back to Integrations", ActionURL: integrationsURL(instanceAddress(ac))}
	}
	return nil
}
