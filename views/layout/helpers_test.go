package layout

import (
	"context"
	"io"

	"github.com/a-h/templ"
)

// withChildren renders c with raw HTML as its children.
func withChildren(c templ.Component, children string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return c.Render(templ.WithChildren(ctx, templ.Raw(children)), w)
	})
}
