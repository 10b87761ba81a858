package components

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"
)

// buttonClass returns the classes of a Button for its kind, size and state.
func buttonClass(p ButtonProps) string {
	c := []string{
		"relative inline-flex shrink-0 text-left text-body-compact-01 border",
		"cursor-pointer select-none no-underline hover:no-underline",
		"focus-visible:outline-none focus-visible:border-focus",
		"focus-visible:shadow-[inset_0_0_0_1px_var(--cds-focus),inset_0_0_0_2px_var(--cds-background)]",
	}
	if p.FullWidth {
		c = append(c, "w-full")
	} else {
		c = append(c, "max-w-80")
	}
	switch p.Size {
	case ButtonField:
		c = append(c, "min-h-10 items-center py-[calc(0.675rem-3px)]")
	case ButtonSmall:
		c = append(c, "min-h-8 items-center py-[calc(0.375rem-3px)]")
	case ButtonExpressive:
		c = append(c, "min-h-16 items-start pt-[calc(1rem-1px)] pb-[calc(2rem-3px)]")
	default:
		c = append(c, "min-h-12 items-center py-[calc(0.875rem-3px)]")
	}
	switch {
	case p.IconOnly:
		c = append(c, "justify-center px-[calc(0.9375rem-1px)]")
	case p.Kind == ButtonGhost:
		c = append(c, "pl-[15px] pr-[15px] gap-2")
	case p.Icon != "":
		c = append(c, "pl-[15px] pr-[63px]")
	default:
		c = append(c, "pl-[15px] pr-[63px]")
	}
	if p.Disabled {
		switch p.Kind {
		case ButtonTertiary:
			c = append(c, "cursor-not-allowed bg-transparent border-button-disabled text-text-disabled")
		case ButtonGhost:
			c = append(c, "cursor-not-allowed bg-transparent border-transparent text-text-disabled")
		default:
			c = append(c, "cursor-not-allowed bg-button-disabled border-button-disabled text-gray-50")
		}
		return strings.Join(c, " ")
	}
	switch p.Kind {
	case ButtonSecondary:
		c = append(c, "border-transparent bg-button-secondary text-white hover:bg-button-secondary-hover hover:text-white active:bg-button-secondary-active")
	case ButtonTertiary:
		c = append(c, "bg-transparent border-button-tertiary text-button-tertiary hover:bg-button-tertiary-hover hover:border-button-tertiary-hover hover:text-text-inverse active:bg-button-primary-active")
	case ButtonGhost:
		c = append(c, "border-transparent bg-transparent text-link-primary hover:bg-layer-hover hover:text-link-primary-hover active:bg-layer-active")
	case ButtonDanger:
		// A danger button that app.js disables until the name is typed (Modal's ConfirmName) looks disabled.
		c = append(c, "border-transparent bg-button-danger text-white enabled:hover:bg-button-danger-hover hover:text-white enabled:active:bg-button-danger-active",
			"disabled:cursor-not-allowed disabled:bg-button-disabled disabled:text-gray-50")
	default:
		c = append(c, "border-transparent bg-button-primary text-white hover:bg-button-primary-hover hover:text-white active:bg-button-primary-active")
	}
	return strings.Join(c, " ")
}

// buttonIconClass positions a Button's icon.
func buttonIconClass(p ButtonProps) string {
	if p.IconOnly || p.Kind == ButtonGhost {
		return "shrink-0"
	}
	if p.Size == ButtonExpressive {
		return "absolute right-4 top-4"
	}
	return "absolute right-4 top-1/2 -translate-y-1/2"
}

// buttonType returns the type attribute of a <button>.
func buttonType(p ButtonProps) string {
	if p.Type == "" {
		return "button"
	}
	return p.Type
}

// fieldClass returns the classes of a text input, textarea or select.
func fieldClass(invalid, disabled bool) string {
	c := []string{
		"block w-full bg-field text-body-compact-01 border-0 border-b",
		"placeholder:text-text-placeholder focus:outline-2 focus:outline-focus focus:-outline-offset-2",
	}
	switch {
	case disabled:
		c = append(c, "border-transparent text-text-disabled cursor-not-allowed")
	case invalid:
		c = append(c, "text-text-primary border-border-strong outline-2 outline-support-error -outline-offset-2 hover:bg-field-hover")
	default:
		c = append(c, "text-text-primary border-border-strong hover:bg-field-hover")
	}
	return strings.Join(c, " ")
}

// describedBy joins the ids of a field's helper or error text.
func describedBy(id, helper string, invalid bool, invalidText string) string {
	switch {
	case invalid && invalidText != "":
		return id + "-error"
	case helper != "":
		return id + "-helper"
	}
	return ""
}

// notificationStyle is how a notification of one kind looks and what screen readers call the kind.
type notificationStyle struct {
	bg, border, iconColor string
	icon                  IconName
	label                 string
}

// notificationStyles are the styles of the notification kinds.
var notificationStyles = map[NotificationKind]notificationStyle{
	NotificationError:   {"bg-notification-error", "border-support-error/40 border-l-support-error", "text-support-error", IconErrorFilled, "Error"},
	NotificationWarning: {"bg-notification-warning", "border-support-warning/40 border-l-support-warning", "text-support-warning", IconWarningAltFilled, "Warning"},
	NotificationSuccess: {"bg-notification-success", "border-support-success/40 border-l-support-success", "text-support-success", IconCheckmarkFilled, "Success"},
	NotificationInfo:    {"bg-notification-info", "border-support-info/40 border-l-support-info", "text-support-info", IconInformationFilled, "Information"},
}

// notificationStyleOf returns the style of kind k; an unknown kind looks like NotificationInfo.
func notificationStyleOf(k NotificationKind) notificationStyle {
	if style, ok := notificationStyles[k]; ok {
		return style
	}
	return notificationStyles[NotificationInfo]
}

// notificationRole returns role=alert for errors and status otherwise.
func notificationRole(k NotificationKind) string {
	if k == NotificationError {
		return "alert"
	}
	return "status"
}

// tagClass returns the colour classes of a tag type.
func tagClass(t TagType) string {
	switch t {
	case TagRed:
		return "bg-red-20 text-red-80"
	case TagBlue:
		return "bg-blue-20 text-blue-70"
	case TagGreen:
		return "bg-green-20 text-green-80"
	case TagPurple:
		return "bg-purple-20 text-purple-80"
	case TagTeal:
		return "bg-teal-20 text-teal-80"
	case TagCoolGray:
		return "bg-cool-gray-20 text-cool-gray-80"
	case TagWarmGray:
		return "bg-warm-gray-20 text-warm-gray-100"
	default:
		return "bg-gray-20 text-gray-100"
	}
}

// statusIcon returns the icon and its colour class for a status.
func statusIcon(s Status) (IconName, string) {
	switch s {
	case StatusActive:
		return IconCheckmarkFilled, "text-support-success"
	case StatusWarning:
		return IconWarningAltFilled, "text-support-warning"
	case StatusError:
		return IconErrorFilled, "text-support-error"
	default:
		return IconCircleFilled, "text-gray-50"
	}
}

// ResourceStatus maps a resource controller state ("active", "provisioning",
// "failed", ...) to a StatusIndicator.
func ResourceStatus(state string) StatusIndicatorProps {
	s := strings.ToLower(state)
	label := "Unknown"
	if s != "" {
		label = strings.ToUpper(s[:1]) + strings.ReplaceAll(s[1:], "_", " ")
	}
	switch s {
	case "active":
		return StatusIndicatorProps{Status: StatusActive, Label: label}
	case "provisioning", "pending_reclamation", "pre_provisioning", "inactive":
		return StatusIndicatorProps{Status: StatusWarning, Label: label}
	case "failed", "removed", "deprovisioning":
		return StatusIndicatorProps{Status: StatusError, Label: label}
	}
	return StatusIndicatorProps{Status: StatusNeutral, Label: label}
}

// overflowItemClass returns the classes of an OverflowMenu item.
func overflowItemClass(it OverflowItem) string {
	c := "flex w-full items-center h-10 px-4 text-left text-body-compact-01 no-underline hover:no-underline"
	switch {
	case it.Disabled:
		return c + " text-text-disabled cursor-not-allowed"
	case it.Danger:
		return c + " text-text-error cursor-pointer hover:bg-button-danger hover:text-white focus-visible:bg-button-danger focus-visible:text-white"
	}
	return c + " text-text-secondary cursor-pointer hover:bg-layer-hover hover:text-text-primary"
}

// stepStyle is how a progress step in one state looks and what screen readers hear before its label.
type stepStyle struct {
	icon                 IconName
	iconColor, lineColor string
	label                string
}

// stepStyles are the styles of the step states.
var stepStyles = map[StepState]stepStyle{
	StepComplete:   {IconCheckmarkOutline, "text-interactive", "border-interactive", "Complete: "},
	StepCurrent:    {IconIncomplete, "text-interactive", "border-interactive", "Current: "},
	StepInvalid:    {IconWarningFilled, "text-support-error", "border-support-error", "Invalid: "},
	StepIncomplete: {IconCircleDash, "text-interactive", "border-border-subtle-01", "Not started: "},
}

// stepStyleOf returns the style of state s; an unknown state looks like StepIncomplete.
func stepStyleOf(s StepState) stepStyle {
	if style, ok := stepStyles[s]; ok {
		return style
	}
	return stepStyles[StepIncomplete]
}

// stepLineClass returns the border of a progress step: on top, or on the left in a vertical indicator.
func stepLineClass(style stepStyle, vertical bool) string {
	if vertical {
		return "border-l " + style.lineColor
	}
	return "border-t-2 " + style.lineColor
}

// itoa formats an int for an attribute.
func itoa(i int) string {
	return strconv.Itoa(i)
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// itemID derives a child element id, e.g. itemID("kms", "existing").
func itemID(parent, suffix string) string {
	return parent + "-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, suffix)
}

// safeURL marks a URL built by the server as safe for href.
func safeURL(s string) templ.SafeURL {
	return templ.URL(s)
}

// iconSize returns an icon's size in px, 16 by default.
func iconSize(size int) int {
	if size <= 0 {
		return 16
	}
	return size
}

// anySelected reports whether an option is selected.
func anySelected(opts []SelectOption) bool {
	for _, o := range opts {
		if o.Selected {
			return true
		}
	}
	return false
}

// chevronColor returns the colour class of a dropdown chevron.
func chevronColor(disabled bool) string {
	if disabled {
		return "text-icon-disabled"
	}
	return "text-icon-primary"
}

// radioOption fills a group's name and a derived id into one option.
func radioOption(g RadioGroupProps, o RadioButtonProps) RadioButtonProps {
	o.Name = g.Name
	if o.ID == "" {
		o.ID = itemID(orDefault(g.ID, g.Name), o.Value)
	}
	return o
}

// textAreaRows returns the rows of a TextArea, 4 by default.
func textAreaRows(rows int) int {
	if rows <= 0 {
		return 4
	}
	return rows
}

// modalRole returns alertdialog for danger confirmations.
func modalRole(danger bool) string {
	if danger {
		return "alertdialog"
	}
	return "dialog"
}

// modalSubmitKind returns the submit button kind of a Modal.
func modalSubmitKind(danger bool) ButtonKind {
	if danger {
		return ButtonDanger
	}
	return ButtonPrimary
}

// pageChevron turns the chevron icon left or right for pagination.
func pageChevron(prev bool) string {
	if prev {
		return "rotate-90"
	}
	return "-rotate-90"
}
