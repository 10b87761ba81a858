package handlers

import (
	"appconfig-console/services/equivalent"
	"appconfig-console/views"
)

// equivalentsView is the view model of a panel's equivalents section, its element ids prefixed with id.
func equivalentsView(id string, eq equivalent.Equivalent) *views.Equivalents {
	return &views.Equivalents{ID: id, CLI: eq.CLI, Terraform: eq.Terraform, Pending: eq.Pending}
}
