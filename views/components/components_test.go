package components

import (
	"strings"
	"testing"

	"github.com/a-h/templ"
	"golang.org/x/net/html"

	"appconfig-console/views/internal/htmltest"
)

// hasAttr reports whether n has attribute key.
func hasAttr(n *html.Node, key string) bool {
	_, ok := htmltest.Attr(n, key)
	return ok
}

func TestButton(t *testing.T) {
	tests := []struct {
		name  string
		props ButtonProps
		check func(t *testing.T, d *htmltest.Doc)
	}{
		{"primary button", ButtonProps{Label: "Create"}, func(t *testing.T, d *htmltest.Doc) {
			b := d.One("button[type=button][data-kind=primary]")
			if htmltest.Text(b) != "Create" || !strings.Contains(htmltest.AttrValue(b, "class"), "bg-button-primary") {
				t.Errorf("got %s", d.HTML)
			}
		}},
		{"submit with icon", ButtonProps{Label: "Sign in", Type: "submit", Icon: IconArrowRight}, func(t *testing.T, d *htmltest.Doc) {
			d.One("button[type=submit] svg[data-icon=arrow-right][aria-hidden=true]")
		}},
		{"link", ButtonProps{Label: "Connect", Kind: ButtonTertiary, Href: "/x?a=1", Icon: IconAdd}, func(t *testing.T, d *htmltest.Doc) {
			a := d.One("a[href=/x?a=1][data-kind=tertiary]")
			if !strings.Contains(htmltest.AttrValue(a, "class"), "border-button-tertiary") {
				t.Errorf("tertiary border missing: %s", htmltest.AttrValue(a, "class"))
			}
		}},
		{"disabled button", ButtonProps{Label: "Create", Disabled: true}, func(t *testing.T, d *htmltest.Doc) {
			d.One("button[disabled]")
		}},
		{"disabled link has no href", ButtonProps{Label: "Go", Href: "/x", Disabled: true}, func(t *testing.T, d *htmltest.Doc) {
			a := d.One("a[aria-disabled=true]")
			if hasAttr(a, "href") {
				t.Error("disabled link keeps href")
			}
		}},
		{"icon only has a name", ButtonProps{Label: "Copy", Icon: IconCopy, IconOnly: true, Kind: ButtonGhost}, func(t *testing.T, d *htmltest.Doc) {
			d.One("button[aria-label=Copy]")
			if htmltest.Text(d.One("button")) != "" {
				t.Error("icon-only button shows its label")
			}
		}},
		{"danger with hx attrs", ButtonProps{Label: "Delete", Kind: ButtonDanger, Attrs: templ.Attributes{"hx-post": "/d", "hx-target": "#x"}}, func(t *testing.T, d *htmltest.Doc) {
			d.One("button[hx-post=/d][hx-target=#x][data-kind=danger]")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, htmltest.Render(t, Button(tt.props)))
		})
	}
}

func TestTextInput(t *testing.T) {
	tests := []struct {
		name        string
		props       TextInputProps
		describedBy string
		invalid     bool
	}{
		{"plain", TextInputProps{ID: "n", Name: "name", Label: "Name"}, "", false},
		{"helper", TextInputProps{ID: "n", Name: "name", Label: "Name", Helper: "Lowercase"}, "n-helper", false},
		{"invalid", TextInputProps{ID: "n", Name: "name", Label: "Name", Helper: "Lowercase", Invalid: true, InvalidText: "Required"}, "n-error", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := htmltest.Render(t, TextInput(tt.props))
			d.One("label[for=n]")
			in := d.One("input#n[name=name][type=text]")
			if got := htmltest.AttrValue(in, "aria-describedby"); got != tt.describedBy {
				t.Errorf("aria-describedby = %q, want %q", got, tt.describedBy)
			}
			if tt.describedBy != "" {
				d.One("#" + tt.describedBy)
			}
			if got := htmltest.AttrValue(in, "aria-invalid") == "true"; got != tt.invalid {
				t.Errorf("aria-invalid = %v", got)
			}
			if tt.invalid {
				if htmltest.Text(d.One("#n-error")) != "Required" || d.Has("#n-helper") {
					t.Error("invalid text should replace the helper")
				}
				d.One("svg[data-icon=warning-filled]")
				if !strings.Contains(htmltest.AttrValue(in, "class"), "outline-support-error") {
					t.Error("no red outline")
				}
			}
		})
	}
}

func TestTextArea(t *testing.T) {
	d := htmltest.Render(t, TextArea(TextAreaProps{ID: "d", Name: "description", Label: "Description", Value: "x<y"}))
	ta := d.One("textarea#d[rows=4]")
	if htmltest.Text(ta) != "x<y" {
		t.Errorf("value = %q", htmltest.Text(ta))
	}
	d.One("label[for=d]")
}

func TestSelect(t *testing.T) {
	d := htmltest.Render(t, Select(SelectProps{
		ID: "instance", Name: "instance", Label: "Instance name", Placeholder: "Select an instance",
		Options: []SelectOption{{Value: "a", Label: "kp-a"}, {Value: "b", Label: "kp-b", Disabled: true, Reason: "other region"}},
		Attrs:   templ.Attributes{"hx-get": "/panel", "hx-trigger": "change"},
		Invalid: true, InvalidText: "Choose an instance.",
	}))
	d.One("label[for=instance]")
	sel := d.One("select#instance[name=instance][hx-get=/panel][hx-trigger=change][aria-invalid=true][aria-describedby=instance-error]")
	opts := htmltest.All(sel, "option")
	if len(opts) != 3 || htmltest.AttrValue(opts[0], "value") != "" || !hasAttr(opts[0], "selected") {
		t.Fatalf("placeholder option wrong: %s", d.HTML)
	}
	if !hasAttr(opts[2], "disabled") || htmltest.Text(opts[2]) != "kp-b (other region)" {
		t.Errorf("disabled option = %q", htmltest.Text(opts[2]))
	}

	d = htmltest.Render(t, Select(SelectProps{ID: "s", Name: "s", Label: "S", Placeholder: "Pick",
		Options: []SelectOption{{Value: "a", Label: "A", Selected: true}}}))
	if hasAttr(d.One("option[value=]"), "selected") || !hasAttr(d.One("option[value=a]"), "selected") {
		t.Error("placeholder selected although an option is")
	}
}

func TestRadioGroup(t *testing.T) {
	d := htmltest.Render(t, RadioGroup(RadioGroupProps{ID: "mode", Legend: "Instance", Name: "mode", Vertical: true,
		Options: []RadioButtonProps{{Value: "existing", Label: "Choose existing instance", Checked: true}, {Value: "new", Label: "Create a new instance"}},
		Attrs:   templ.Attributes{"hx-get": "/p"}}))
	fs := d.One("fieldset#mode[hx-get=/p]")
	if htmltest.Text(htmltest.All(fs, "legend")[0]) != "Instance" {
		t.Error("legend missing")
	}
	radios := d.All("input[type=radio][name=mode]")
	if len(radios) != 2 || !hasAttr(radios[0], "checked") || hasAttr(radios[1], "checked") {
		t.Fatalf("radios wrong: %s", d.HTML)
	}
	for _, r := range radios {
		d.One("label[for=" + htmltest.AttrValue(r, "id") + "]")
	}
}

func TestCheckbox(t *testing.T) {
	d := htmltest.Render(t, Checkbox(CheckboxProps{ID: "r", Name: "role", Value: "Reader", Label: "Reader", Checked: true, Helper: "Read keys"}))
	d.One("input#r[type=checkbox][value=Reader][checked][aria-describedby=r-helper]")
	d.One("label[for=r]")
}

func TestNotifications(t *testing.T) {
	tests := []struct {
		kind NotificationKind
		role string
		icon IconName
	}{
		{NotificationError, "alert", IconErrorFilled},
		{NotificationWarning, "status", IconWarningAltFilled},
		{NotificationSuccess, "status", IconCheckmarkFilled},
		{NotificationInfo, "status", IconInformationFilled},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			d := htmltest.Render(t, InlineNotification(InlineNotificationProps{Kind: tt.kind, Title: "T", Subtitle: "S", ActionLabel: "Fix", ActionURL: "/fix"}))
			n := d.One("div[role=" + tt.role + "][data-notification=" + string(tt.kind) + "]")
			if !strings.Contains(htmltest.Text(n), "T S Fix") {
				t.Errorf("text = %q", htmltest.Text(n))
			}
			d.One("svg[data-icon=" + string(tt.icon) + "][role=img]")
			d.One("a[href=/fix]")

			d = htmltest.Render(t, ToastNotification(ToastNotificationProps{Kind: tt.kind, Title: "T"}))
			d.One("div[data-toast][role=" + tt.role + "]")
			d.One("button[data-dismiss][aria-label]")
		})
	}
}

func TestTagAndStatus(t *testing.T) {
	d := htmltest.Render(t, Tag(TagProps{Label: "Beta", Type: TagRed}))
	if !strings.Contains(htmltest.AttrValue(d.One("span[data-tag]"), "class"), "bg-red-20") {
		t.Error("red tag colour missing")
	}
	tests := []struct {
		state  string
		status Status
		label  string
	}{
		{"active", StatusActive, "Active"},
		{"provisioning", StatusWarning, "Provisioning"},
		{"failed", StatusError, "Failed"},
		{"pending_reclamation", StatusWarning, "Pending reclamation"},
		{"", StatusNeutral, "Unknown"},
	}
	for _, tt := range tests {
		p := ResourceStatus(tt.state)
		if p.Status != tt.status || p.Label != tt.label {
			t.Errorf("ResourceStatus(%q) = %+v", tt.state, p)
		}
		d := htmltest.Render(t, StatusIndicator(p))
		if htmltest.Text(d.One("span[data-status="+string(tt.status)+"]")) != tt.label {
			t.Errorf("label of %q wrong", tt.state)
		}
	}
}

func TestOverflowMenu(t *testing.T) {
	d := htmltest.Render(t, OverflowMenu(OverflowMenuProps{ID: "m", Label: "Actions for key", Items: []OverflowItem{
		{Label: "View", Href: "/v"},
		{Label: "Monitoring", Disabled: true, DisabledReason: "Not here"},
		{Label: "Unregister", PostURL: "/u", CSRFToken: "tok", Danger: true},
	}}))
	d.One("details#m[data-menu] summary[aria-label=Actions for key]")
	d.One("a[href=/v]")
	d.One("span[aria-disabled=true][title=Not here]")
	d.One("form[method=post][action=/u] input[type=hidden][name=csrf][value=tok]")
	if !strings.Contains(htmltest.AttrValue(d.One("form button[type=submit]"), "class"), "text-text-error") {
		t.Error("danger item not styled")
	}

	d = htmltest.Render(t, OverflowMenu(OverflowMenuProps{TriggerText: "Actions...", Items: []OverflowItem{{Label: "Delete", Href: "/d", Danger: true}}}))
	if htmltest.Text(d.One("summary")) != "Actions..." {
		t.Error("trigger text missing")
	}
}

func TestModal(t *testing.T) {
	d := htmltest.Render(t, Modal(ModalProps{ID: "del", Label: "App Configuration", Title: "Delete x?", Action: "/instances/1/delete",
		CSRFToken: "tok", CancelURL: "/instances/1", Danger: true, ConfirmName: "x", ConfirmInvalid: true,
		Hidden: []HiddenField{{Name: "return", Value: "/"}}}))
	dlg := d.One("div#del[role=alertdialog][aria-modal=true][aria-labelledby=del-title][data-dialog]")
	_ = dlg
	if htmltest.Text(d.One("h2#del-title")) != "Delete x?" {
		t.Error("title missing")
	}
	d.One("form[method=post][action=/instances/1/delete] input[name=csrf][value=tok]")
	d.One("input[type=hidden][name=return][value=/]")
	d.One("input#del-confirm[name=confirm][aria-invalid=true]")
	d.One("label[for=del-confirm]")
	d.One("a[data-dialog-close][href=/instances/1]")
	d.One("a[data-kind=secondary][href=/instances/1]")
	d.One("button[type=submit][data-kind=danger]")
}

func TestSidePanel(t *testing.T) {
	d := htmltest.Render(t, SidePanel(SidePanelProps{ID: "kms", Title: "Key Management", Subtitle: "Find the root key.",
		CloseURL: "/instances/1/integrations", Action: "/instances/1/integrations/kms", CSRFToken: "tok",
		PrimaryLabel: "Create", FormAttrs: templ.Attributes{"hx-post": "/instances/1/integrations/kms"}}))
	panel := d.One("section#kms[role=dialog][aria-modal=true][aria-labelledby=kms-title][data-dialog]")
	if !strings.Contains(htmltest.AttrValue(panel, "class"), "sm:w-panel") {
		t.Error("panel is not 448px wide")
	}
	if htmltest.Text(d.One("h2#kms-title")) != "Key Management" {
		t.Error("title missing")
	}
	d.One("a[data-panel-overlay][href=/instances/1/integrations][aria-hidden=true][tabindex=-1]")
	d.One("a[data-dialog-close][aria-label=Close][href=/instances/1/integrations]")
	d.One("form[method=post][action=/instances/1/integrations/kms][hx-post] input[type=hidden][name=csrf][value=tok]")
	actions := d.One("div[data-panel-actions]")
	cancel := htmltest.All(actions, "a[data-kind=secondary]")
	submit := htmltest.All(actions, "button[type=submit][data-kind=primary]")
	if len(cancel) != 1 || len(submit) != 1 || htmltest.Text(cancel[0]) != "Cancel" || htmltest.Text(submit[0]) != "Create" {
		t.Fatalf("footer wrong: %s", d.HTML)
	}
	if !strings.Contains(htmltest.AttrValue(submit[0], "class"), "min-h-16") {
		t.Error("footer buttons are not 64px")
	}

	d = htmltest.Render(t, SidePanel(SidePanelProps{Title: "Info", CloseURL: "/"}))
	if d.Has("form") || d.Has("[data-panel-actions]") {
		t.Error("panel without Action and PrimaryLabel should have no form or footer")
	}
}

func TestDataTable(t *testing.T) {
	cols := []TableColumn{{Label: "Name", Key: "name"}, {Label: "State", Key: "state"}}
	d := htmltest.Render(t, DataTable(DataTableProps{ID: "keys", Title: "Keys", Columns: cols,
		Rows:       []TableRow{{ID: "k1", Cells: []templ.Component{TextCell("root"), TextCell("Active")}}},
		Toolbar:    TableSearch(TableSearchProps{ID: "q", Placeholder: "Search keys"}),
		Pagination: &Pagination{Start: 1, End: 1, Total: 1, NextURL: "/p2"}}))
	d.One("table[aria-labelledby=keys-title]")
	if len(d.All("th[scope=col]")) != 2 {
		t.Error("want 2 header cells")
	}
	if htmltest.Text(d.One("tr#k1")) != "root Active" {
		t.Error("row text wrong")
	}
	d.One("[role=toolbar] form[role=search] input#q[type=search]")
	d.One("label[for=q]")
	if htmltest.Text(d.One("[data-pagination-range]")) != "1–1 of 1 items" {
		t.Errorf("pagination = %q", htmltest.Text(d.One("[data-pagination-range]")))
	}
	d.One("a[href=/p2][aria-label=Next page]")

	d = htmltest.Render(t, DataTable(DataTableProps{Columns: cols, EmptyTitle: "No keys", EmptyText: "Create one."}))
	d.One("td[colspan=2] [data-empty-state]")
}

func TestServiceTile(t *testing.T) {
	d := htmltest.Render(t, ServiceTile(ServiceTileProps{ID: "kms-tile", Title: "Key Management", Description: "Manage keys.", Connected: TextCell("Not yet")}))
	d.One("section#kms-tile[aria-labelledby=kms-tile-title]")
	if htmltest.Text(d.One("h3#kms-tile-title")) != "Key Management" {
		t.Error("title missing")
	}
	if got := htmltest.Text(d.One("[data-connected]")); got != "Connected instance - Not yet" {
		t.Errorf("connected row = %q", got)
	}
}

func TestNavigation(t *testing.T) {
	d := htmltest.Render(t, Breadcrumb(BreadcrumbProps{Items: []BreadcrumbItem{{Label: "Resource list", Href: "/"}}}))
	d.One("nav[aria-label=Breadcrumb] ol li a[href=/]")
	if htmltest.Text(d.One("nav")) != "Resource list /" {
		t.Errorf("breadcrumb = %q", htmltest.Text(d.One("nav")))
	}

	d = htmltest.Render(t, ProgressIndicator(ProgressIndicatorProps{Steps: []ProgressStep{
		{Label: "Source", State: StepComplete, Href: "/s"}, {Label: "Target", State: StepCurrent}, {Label: "Roles", State: StepIncomplete}}}))
	d.One("li[data-step=complete] a[href=/s]")
	if htmltest.Text(d.One("li[aria-current=step]")) != "Current: Target" {
		t.Error("current step wrong")
	}

	d = htmltest.Render(t, Link(LinkProps{Label: "Docs", Href: "https://cloud.ibm.com/docs", External: true}))
	d.One("a[target=_blank][rel=noopener noreferrer] svg[data-icon=launch]")

	d = htmltest.Render(t, PageHeader(PageHeaderProps{Title: "App Configuration", TitleStrong: "ac-1", Breadcrumbs: []BreadcrumbItem{{Label: "Resource list", Href: "/"}}}))
	if htmltest.Text(d.One("h1")) != "App Configuration ac-1" {
		t.Errorf("h1 = %q", htmltest.Text(d.One("h1")))
	}
}

func TestCodeSnippetAndAccordion(t *testing.T) {
	for _, single := range []bool{false, true} {
		d := htmltest.Render(t, CodeSnippet(CodeSnippetProps{ID: "k", Code: "abc", Label: "API key", SingleLine: single}))
		b := d.One("button[data-copy=k-code][aria-label]")
		_ = b
		if htmltest.Text(d.One("#k-code")) != "abc" {
			t.Error("code text missing")
		}
	}
	d := htmltest.Render(t, Accordion(AccordionProps{ID: "a"}))
	d.One("div#a[data-accordion]")
	d = htmltest.Render(t, AccordionItem(AccordionItemProps{Title: "Before you begin", Open: true}))
	if htmltest.Text(d.One("details[open] summary")) != "Before you begin" {
		t.Error("summary wrong")
	}
}

func TestIcon(t *testing.T) {
	names := []IconName{IconMenu, IconSearch, IconChevronDown, IconAdd, IconClose, IconOverflowVertical, IconCheckmarkFilled,
		IconWarningFilled, IconWarningAltFilled, IconErrorFilled, IconInformationFilled, IconCopy, IconLaunch, IconUserAvatar,
		IconHelp, IconNotification, IconCheckmarkOutline, IconCircleDash, IconIncomplete, IconCircleFilled, IconArrowRight, IconTrash}
	for _, n := range names {
		d := htmltest.Render(t, Icon(IconProps{Name: n}))
		svg := d.One("svg[aria-hidden=true][width=16]")
		if svg.FirstChild == nil {
			t.Errorf("icon %s has no shapes", n)
		}
	}
	d := htmltest.Render(t, Icon(IconProps{Name: IconHelp, Size: 20, Label: "Help"}))
	d.One("svg[role=img][aria-label=Help][width=20]")
}
