package eventnotifications

import (
	"context"

	"appconfig-console/services/connect"
	"appconfig-console/services/crn"
	"appconfig-console/services/ibmcloud"
	"appconfig-console/services/resources"
)

// Form is a connection as the Event Notifications panel's form names it: the chosen instance by its GUID, the source
// already normalized.
type Form struct {
	AccountID    string
	AppConfig    resources.Instance
	InstanceGUID string
	Source       Source
}

// FormError is a form to correct before anything is asked of IBM Cloud: what is wrong with the source's fields and
// with the chosen instance, in a person's words, and whether the App Configuration instance's plan allows no
// integration. InstanceErr is the failure to read the chosen instance, when that is what is wrong with it.
type FormError struct {
	Source      SourceErrors
	Instance    string
	InstanceErr error
	PlanRefused bool
}

// Error lists the problems.
func (e *FormError) Error() string {
	switch {
	case e.InstanceErr != nil:
		return "the instance could not be read: " + e.InstanceErr.Error()
	case e.Instance != "":
		return e.Instance
	case e.PlanRefused:
		return "integrations need the App Configuration Enterprise plan"
	}
	return e.Source.Error()
}

// ConnectForm checks the form, reading the chosen instance, and connects as Connect does when nothing is wrong with it;
// a form to correct is a *FormError. It returns the chosen instance as read.
func (s *Service) ConnectForm(ctx context.Context, tok ibmcloud.Token, f Form) (connect.Result, resources.Instance, error) {
	fe := &FormError{Source: f.Source.Validate(), PlanRefused: !f.AppConfig.IsEnterprise()}
	var en resources.Instance
	switch {
	case f.InstanceGUID == "":
		fe.Instance = "Choose an Event Notifications instance."
	case !crn.IsGUID(f.InstanceGUID):
		fe.Instance = "Choose an Event Notifications instance from the list."
	default:
		read, err := s.instances.GetInstance(ctx, tok, f.InstanceGUID)
		switch {
		case ibmcloud.IsKind(err, ibmcloud.KindNotFound):
			fe.Instance = "This instance no longer exists. Choose another one."
		case err != nil:
			fe.InstanceErr = err
		case read.Service != resources.ServiceEventNotifications:
			fe.Instance = "This is not an Event Notifications instance. Choose one from the list."
		default:
			en = read
		}
	}
	if !fe.Source.OK() || fe.Instance != "" || fe.InstanceErr != nil || fe.PlanRefused {
		return connect.Result{}, en, fe
	}
	result, err := s.Connect(ctx, tok, ConnectInput{AccountID: f.AccountID, AppConfig: f.AppConfig, EventNotifications: en, Source: f.Source})
	return result, en, err
}
