package views

// Equivalents is the collapsed "Equivalent CLI commands and Terraform" section of a side panel: what its primary button
// does, as `ibmcloud` commands and Terraform, or why there is nothing to show yet.
type Equivalents struct {
	// ID prefixes the ids of the section and its snippets, e.g. "kms".
	ID        string
	CLI       string
	Terraform string
	// Pending, when set, replaces the commands: nothing is chosen yet, or the button would be refused.
	Pending string
}
