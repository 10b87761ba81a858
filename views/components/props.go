// Package components is the console's Carbon-like component library: each
// component is a templ function that takes one props struct.
package components

import "github.com/a-h/templ"

// ButtonKind is a Carbon button style.
type ButtonKind string

// Button kinds.
const (
	ButtonPrimary   ButtonKind = "primary"
	ButtonSecondary ButtonKind = "secondary"
	ButtonTertiary  ButtonKind = "tertiary"
	ButtonGhost     ButtonKind = "ghost"
	ButtonDanger    ButtonKind = "danger"
)

// ButtonSize is a Carbon button height.
type ButtonSize string

// Button sizes: large is Carbon's default 48px.
const (
	ButtonLarge      ButtonSize = ""
	ButtonField      ButtonSize = "field"
	ButtonSmall      ButtonSize = "sm"
	ButtonExpressive ButtonSize = "xl"
)

// ButtonProps configure Button.
type ButtonProps struct {
	ID    string
	Label string
	// Kind defaults to ButtonPrimary.
	Kind ButtonKind
	Size ButtonSize
	// Href renders an <a> instead of a <button>.
	Href string
	// Type is the button type; defaults to "button" ("submit" for forms).
	Type  string
	Name  string
	Value string
	// Disabled renders a disabled button (or an <a> without href, aria-disabled).
	Disabled bool
	// Icon is shown right of the label.
	Icon IconName
	// IconOnly hides the label visually (it stays the accessible name).
	IconOnly bool
	// FullWidth stretches the button to its container.
	FullWidth bool
	Attrs     templ.Attributes
}

// TextInputProps configure TextInput.
type TextInputProps struct {
	ID    string
	Name  string
	Label string
	// Type defaults to "text".
	Type         string
	Value        string
	Placeholder  string
	Helper       string
	Invalid      bool
	InvalidText  string
	Required     bool
	Disabled     bool
	ReadOnly     bool
	Autocomplete string
	Attrs        templ.Attributes
}

// TextAreaProps configure TextArea.
type TextAreaProps struct {
	ID          string
	Name        string
	Label       string
	Value       string
	Placeholder string
	Helper      string
	// Rows defaults to 4.
	Rows        int
	Invalid     bool
	InvalidText string
	Required    bool
	Disabled    bool
	Attrs       templ.Attributes
}

// SelectOption is one option of a Select.
type SelectOption struct {
	Value    string
	Label    string
	Selected bool
	Disabled bool
	// Reason explains a disabled option; it is appended to the label.
	Reason string
}

// SelectProps configure Select, a native <select> styled as a Carbon dropdown.
type SelectProps struct {
	ID    string
	Name  string
	Label string
	// Placeholder, when set, is a first option with an empty value, selected
	// when no other option is.
	Placeholder string
	Options     []SelectOption
	Helper      string
	Invalid     bool
	InvalidText string
	Required    bool
	Disabled    bool
	// Attrs go on the <select>, e.g. hx-get and hx-target.
	Attrs templ.Attributes
}

// RadioButtonProps configure RadioButton.
type RadioButtonProps struct {
	ID       string
	Name     string
	Value    string
	Label    string
	Checked  bool
	Disabled bool
	Attrs    templ.Attributes
}

// RadioGroupProps configure RadioGroup, a fieldset of radio buttons.
type RadioGroupProps struct {
	ID     string
	Legend string
	Name   string
	// Options are rendered as RadioButtons named Name; an empty ID is derived.
	Options  []RadioButtonProps
	Vertical bool
	Helper   string
	Invalid  bool
	// InvalidText replaces Helper when Invalid.
	InvalidText string
	Required    bool
	// Attrs go on the <fieldset>, e.g. hx-get with hx-trigger="change".
	Attrs templ.Attributes
}

// CheckboxProps configure Checkbox.
type CheckboxProps struct {
	ID       string
	Name     string
	Value    string
	Label    string
	Helper   string
	Checked  bool
	Disabled bool
	Attrs    templ.Attributes
}

// NotificationKind is the status a notification reports.
type NotificationKind string

// Notification kinds.
const (
	NotificationError   NotificationKind = "error"
	NotificationWarning NotificationKind = "warning"
	NotificationSuccess NotificationKind = "success"
	NotificationInfo    NotificationKind = "info"
)

// InlineNotificationProps configure InlineNotification.
type InlineNotificationProps struct {
	ID       string
	Kind     NotificationKind
	Title    string
	Subtitle string
	// ActionLabel and ActionURL, when both set, add a link after the text.
	ActionLabel string
	ActionURL   string
	Attrs       templ.Attributes
}

// ToastNotificationProps configure ToastNotification.
type ToastNotificationProps struct {
	ID       string
	Kind     NotificationKind
	Title    string
	Subtitle string
	Caption  string
}

// TagType is a Carbon tag colour.
type TagType string

// Tag colours.
const (
	TagGray     TagType = "gray"
	TagCoolGray TagType = "cool-gray"
	TagWarmGray TagType = "warm-gray"
	TagBlue     TagType = "blue"
	TagGreen    TagType = "green"
	TagRed      TagType = "red"
	TagPurple   TagType = "purple"
	TagTeal     TagType = "teal"
)

// TagProps configure Tag.
type TagProps struct {
	Label string
	// Type defaults to TagGray.
	Type  TagType
	Attrs templ.Attributes
}

// Status is the state a StatusIndicator shows.
type Status string

// Statuses.
const (
	StatusActive  Status = "active"
	StatusWarning Status = "warning"
	StatusError   Status = "error"
	StatusNeutral Status = "neutral"
)

// StatusIndicatorProps configure StatusIndicator.
type StatusIndicatorProps struct {
	Status Status
	Label  string
}

// OverflowItem is one entry of an OverflowMenu: a link (Href) or a POST form
// (PostURL with CSRFToken).
type OverflowItem struct {
	Label     string
	Href      string
	PostURL   string
	CSRFToken string
	Danger    bool
	// Disabled renders the item as text; DisabledReason becomes its title.
	Disabled       bool
	DisabledReason string
	Attrs          templ.Attributes
}

// OverflowMenuProps configure OverflowMenu, a <details>-based menu.
type OverflowMenuProps struct {
	ID string
	// Label is the accessible name of the trigger, e.g. "Actions for key-1".
	Label string
	// TriggerText, when set, renders a Carbon dropdown-like trigger with this
	// text ("Actions...") instead of the vertical overflow icon.
	TriggerText string
	Items       []OverflowItem
	// AlignLeft opens the menu towards the right (default aligns right edges).
	AlignLeft bool
}

// ModalProps configure Modal, a danger confirmation dialog in a POST form.
type ModalProps struct {
	ID string
	// Label is the small text above the title, e.g. the resource type.
	Label string
	Title string
	// Action is the form's POST URL.
	Action    string
	CSRFToken string
	// Hidden are extra hidden form fields.
	Hidden    []HiddenField
	CancelURL string
	// SubmitLabel defaults to "Delete".
	SubmitLabel string
	Danger      bool
	// ConfirmName, when set, asks the user to type it into field
	// "confirm" before submitting.
	ConfirmName        string
	ConfirmInvalid     bool
	ConfirmInvalidText string
	// FormAttrs go on the <form>, e.g. hx-post.
	FormAttrs templ.Attributes
}

// HiddenField is a hidden form input.
type HiddenField struct {
	Name  string
	Value string
}

// SidePanelProps configure SidePanel, a 448px right panel over a backdrop.
type SidePanelProps struct {
	ID       string
	Title    string
	Subtitle string
	// SmallSubtitle sets the subtitle in 12px helper type, as IBM's Event Notifications panel does.
	SmallSubtitle bool
	// CloseURL is where × and Escape lead (the page without the panel).
	CloseURL string
	// Action, when set, makes the panel a POST form to this URL.
	Action    string
	CSRFToken string
	Hidden    []HiddenField
	FormAttrs templ.Attributes
	// SecondaryLabel defaults to "Cancel"; it links to CloseURL.
	SecondaryLabel string
	// PrimaryLabel is the submit button's label; empty hides the footer.
	PrimaryLabel    string
	PrimaryDisabled bool
	// PrimaryAttrs go on the submit button.
	PrimaryAttrs templ.Attributes
}

// TableColumn is a DataTable header cell; an empty Label is announced as
// "Actions" to screen readers.
type TableColumn struct {
	Label string
	// HideLabel keeps Label for screen readers only.
	HideLabel bool
	// Key names the column for tests (data-column).
	Key string
}

// TableRow is one DataTable row; Cells align with the columns.
type TableRow struct {
	ID    string
	Cells []templ.Component
}

// Pagination is a DataTable footer: items Start..End of Total.
type Pagination struct {
	Start, End, Total int
	PrevURL, NextURL  string
}

// DataTableProps configure DataTable.
type DataTableProps struct {
	ID          string
	Title       string
	Description string
	// Toolbar is rendered above the header row (search, buttons).
	Toolbar templ.Component
	Columns []TableColumn
	Rows    []TableRow
	// EmptyTitle, EmptyText and EmptyAction make the empty state.
	EmptyTitle  string
	EmptyText   string
	EmptyAction templ.Component
	Pagination  *Pagination
}

// TileProps configure Tile, a white Carbon tile.
type TileProps struct {
	ID    string
	Attrs templ.Attributes
}

// ServiceTileProps configure ServiceTile, the Integrations card: service
// name and description row, then a "Connected instance" row.
type ServiceTileProps struct {
	ID          string
	Title       string
	Description string
	// Extra is shown under the description (tags, links).
	Extra templ.Component
	// ConnectedLabel defaults to "Connected instance".
	ConnectedLabel string
	// ConnectedValue is the short value under the label; defaults to "-".
	ConnectedValue string
	// Connected is the right side of the connected row.
	Connected templ.Component
}

// BreadcrumbItem is one link of a Breadcrumb.
type BreadcrumbItem struct {
	Label string
	Href  string
}

// BreadcrumbProps configure Breadcrumb; IBM Cloud ends the trail with "/".
type BreadcrumbProps struct {
	Items []BreadcrumbItem
}

// StepState is the state of a ProgressIndicator step.
type StepState string

// Step states.
const (
	StepComplete   StepState = "complete"
	StepCurrent    StepState = "current"
	StepIncomplete StepState = "incomplete"
	StepInvalid    StepState = "invalid"
)

// ProgressStep is one step of a ProgressIndicator.
type ProgressStep struct {
	Label     string
	Secondary string
	State     StepState
	// Href, when set, makes a complete step a link back to it.
	Href string
}

// ProgressIndicatorProps configure ProgressIndicator.
type ProgressIndicatorProps struct {
	Steps    []ProgressStep
	Vertical bool
}

// CodeSnippetProps configure CodeSnippet, a multi-line block with a copy button.
type CodeSnippetProps struct {
	ID   string
	Code string
	// Label is the accessible name of the snippet.
	Label string
	// SingleLine renders an inline, one-line snippet.
	SingleLine bool
}

// AccordionProps configure Accordion.
type AccordionProps struct {
	ID string
}

// AccordionItemProps configure AccordionItem, a <details> section.
type AccordionItemProps struct {
	ID    string
	Title string
	Open  bool
	// KeepOpen keeps the item open when htmx swaps it for a new version (app.js); it needs an ID.
	KeepOpen bool
}

// LinkProps configure Link.
type LinkProps struct {
	Label string
	Href  string
	// External opens in a new tab and shows the launch icon.
	External bool
	// Disabled renders muted text without a link.
	Disabled bool
	Attrs    templ.Attributes
}

// FieldValueProps configure FieldValue, a read-only label and value pair.
type FieldValueProps struct {
	ID    string
	Label string
	Value string
}

// EmptyStateProps configure EmptyState.
type EmptyStateProps struct {
	Title  string
	Text   string
	Action templ.Component
}

// PageHeaderProps configure PageHeader: breadcrumb, title, status and actions.
type PageHeaderProps struct {
	Breadcrumbs []BreadcrumbItem
	Title       string
	// TitleStrong is appended to Title, e.g. the instance name.
	TitleStrong string
	// Meta is shown after the title (status indicator, tags).
	Meta templ.Component
	// Actions are shown at the right.
	Actions templ.Component
}

// IconName names an inline SVG icon.
type IconName string

// Icon names.
const (
	IconMenu              IconName = "menu"
	IconSearch            IconName = "search"
	IconChevronDown       IconName = "chevron-down"
	IconAdd               IconName = "add"
	IconClose             IconName = "close"
	IconOverflowVertical  IconName = "overflow-vertical"
	IconCheckmarkFilled   IconName = "checkmark-filled"
	IconWarningFilled     IconName = "warning-filled"
	IconWarningAltFilled  IconName = "warning-alt-filled"
	IconErrorFilled       IconName = "error-filled"
	IconInformationFilled IconName = "information-filled"
	IconCopy              IconName = "copy"
	IconLaunch            IconName = "launch"
	IconUserAvatar        IconName = "user-avatar"
	IconHelp              IconName = "help"
	IconNotification      IconName = "notification"
	IconCheckmarkOutline  IconName = "checkmark-outline"
	IconCircleDash        IconName = "circle-dash"
	IconIncomplete        IconName = "incomplete"
	IconCircleFilled      IconName = "circle-filled"
	IconArrowRight        IconName = "arrow-right"
	IconTrash             IconName = "trash"
)

// IconProps configure Icon.
type IconProps struct {
	Name IconName
	// Size is the width and height in px; defaults to 16.
	Size int
	// Label, when set, makes the icon an img with that accessible name;
	// otherwise it is aria-hidden.
	Label string
	Class string
}

// TableSearchProps configure TableSearch.
type TableSearchProps struct {
	ID string
	// Action is the GET form's URL; empty submits to the current URL.
	Action      string
	Name        string
	Value       string
	Label       string
	Placeholder string
	Attrs       templ.Attributes
}
