package layout

import (
	"bytes"
	"context"
	"sync"
)

// titleTag is where DocumentStart ends: the first byte that depends on the page.
const titleTag = "<title>"

// documentStart renders, once, the start of every document the Shell renders.
var documentStart = sync.OnceValue(func() []byte {
	var doc bytes.Buffer
	if err := Shell(ShellProps{}).Render(context.Background(), &doc); err != nil {
		panic("layout: the shell does not render: " + err.Error())
	}
	start, _, found := bytes.Cut(doc.Bytes(), []byte(titleTag))
	if !found {
		panic("layout: the shell has no title")
	}
	return start
})

// DocumentStart returns the bytes every page rendered by Shell starts with, up to its title: the doctype, the meta
// elements, the stylesheet, the font preloads and the scripts, none of which depends on the page or the user. The
// caller must not change them.
func DocumentStart() []byte {
	return documentStart()
}
