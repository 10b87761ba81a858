package handlers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"appconfig-console/views/layout"
)

// render writes a templ component as the response with the given status, or, when the page's document start has been
// sent (streamShell), the rest of it. It renders into a buffer first, so a failed render writes nothing and reaches
// the error handler; and when an upstream refused the user's token during the
// request, it returns that refusal instead, for the error handler to renew the session. Rendering reads nothing
// upstream, so it is not bound by the request's deadline: a page that says the deadline ran out must still be written.
func render(c echo.Context, status int, component templ.Component) error {
	if err := tokenRefused(c); err != nil {
		return err
	}
	page := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(page)
	if err := component.Render(context.WithoutCancel(c.Request().Context()), page); err != nil {
		return fmt.Errorf("rendering the page: %w", err)
	}
	if p := streamedPageOf(c); p != nil {
		return p.finish(c, page.Bytes())
	}
	if notModified(c, status, page.Bytes()) {
		return nil
	}
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	c.Response().WriteHeader(status)
	if _, err := page.WriteTo(c.Response()); err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("writing the page: %w", err)
	}
	return nil
}

// pageBuffers holds the buffers pages are rendered into, so that a page does not grow a new one (tens of KB, grown
// step by step) every time it is rendered.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledPage is the largest buffer kept for another page: one grown past it by an unusual page is let go.
const maxPooledPage = 1 << 20

// putPageBuffer empties page, once written, and keeps it for another page unless it has grown past maxPooledPage.
func putPageBuffer(page *bytes.Buffer) {
	if page.Cap() > maxPooledPage {
		return
	}
	page.Reset()
	pageBuffers.Put(page)
}

// isFragmentRequest reports whether htmx asked for a fragment rather than a full page.
func isFragmentRequest(c echo.Context) bool {
	return c.Request().Header.Get("HX-Request") == "true" && c.Request().Header.Get("HX-Boosted") != "true"
}

// redirect sends the browser to target after a POST (303) or tells htmx to navigate there; a page whose document start
// has been sent offers target as a link instead (linkInPage).
func (s *Server) redirect(c echo.Context, target string) error {
	if err := tokenRefused(c); err != nil {
		return err
	}
	if streamedPageOf(c) != nil {
		return s.linkInPage(c, target)
	}
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Redirect", target)
		return c.NoContent(http.StatusOK)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// shell returns the page chrome's props for the request: title, user, account, CSRF token and any pending notification.
func (s *Server) shell(c echo.Context, title string) layout.ShellProps {
	user := currentUser(c)
	return layout.ShellProps{
		Title:       title,
		UserEmail:   user.Identity.Email,
		AccountName: user.Identity.AccountName,
		CSRFToken:   csrfToken(c),
		Flash:       s.pageFlash(c),
		SimMode:     s.cfg.SimMode,
	}
}

// withQuery returns path with the query values encoded, or path alone when there are none.
func withQuery(path string, q url.Values) string {
	if enc := q.Encode(); enc != "" {
		return path + "?" + enc
	}
	return path
}
