package build

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
)

// The default theme's layouts, written in Go. html/template spends most
// of a page's rendering time on reflection (a call per escaped value,
// field lookups): for the default theme, whose templates are known, the
// build writes the very bytes they would (TestLayoutsMatchTemplates)
// without it. A theme that changes any of its templates is executed as
// written.

// fastLayouts reports, for each page kind, whether its layout set is the
// default theme's, template for template.
func fastLayouts(layouts, def map[string]*template.Template) map[string]bool {
	fast := map[string]bool{}
	for kind, t := range layouts {
		if d := def[kind]; d != nil && sameSet(t, d) {
			fast[kind] = true
		}
	}
	return fast
}

func sameSet(a, b *template.Template) bool {
	trees := func(t *template.Template) []string {
		var s []string
		for _, x := range t.Templates() {
			if x.Tree != nil && x.Tree.Root != nil {
				s = append(s, x.Name()+"\x00"+x.Tree.Root.String())
			}
		}
		slices.Sort(s)
		return s
	}
	return slices.Equal(trees(a), trees(b))
}

// appendLayout appends the page d describes as the default theme's
// layout for its kind prints it.
func appendLayout(b []byte, d *Data) []byte {
	b = append(b, `<!doctype html>
<html lang="en" data-root="`...)
	b = appendHTMLText(b, d.Root)
	b = append(b, `">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>`...)
	if d.Page.Title != "" && d.Page.Kind != KindHome {
		b = appendHTMLText(b, d.Page.Title)
		b = append(b, " · "...)
	}
	b = appendHTMLText(b, d.Site.Title)
	b = append(b, "</title>"...)
	if d.Page.Description != "" {
		b = append(b, "\n<meta name=\"description\" content=\""...)
		b = appendHTMLText(b, d.Page.Description)
		b = append(b, "\">"...)
	}
	b = append(b, "\n"...)
	b = append(b, "\n<script>(function(d){d.className+=\" js\";try{var t=localStorage.getItem(\"docsite-theme\");if(t===\"dark\"||t===\"light\")d.setAttribute(\"data-theme\",t)}catch(e){}})(document.documentElement)</script>\n<link rel=\"stylesheet\" href=\""...)
	b = appendRootURL(b, d.Root)
	b = append(b, "assets/style.css\">\n<link rel=\"stylesheet\" href=\""...)
	b = appendRootURL(b, d.Root)
	b = append(b, "assets/chroma.css\">\n<script src=\""...)
	b = appendRootURL(b, d.Root)
	b = append(b, "assets/docsite.js\" defer></script>"...)
	if d.Serve {
		b = append(b, "\n<script src=\""...)
		b = appendRootURL(b, d.Root)
		b = append(b, "__docsite/live.js\" defer></script>"...)
	}
	b = append(b, "\n</head>\n<body class=\"ds-kind-"...)
	b = appendHTMLText(b, d.Page.Kind)
	b = append(b, "\">\n<a class=\"ds-skip\" href=\"#ds-main\">Skip to content</a>\n<header class=\"ds-header\">\n<a class=\"ds-menu\" href=\"#ds-sidebar\" aria-controls=\"ds-sidebar\" aria-expanded=\"false\" title=\"Menu\"><svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><path d=\"M3 6h18M3 12h18M3 18h18\"/></svg><span class=\"ds-vh\">Menu</span></a>\n<a class=\"ds-brand\" href=\""...)
	b = appendHomeURL(b, d.Root)
	b = append(b, "\">"...)
	b = appendHTMLText(b, d.Site.Title)
	b = append(b, "</a>\n<div class=\"ds-search\" role=\"search\">\n<label class=\"ds-vh\" for=\"ds-q\">Search runbooks</label>\n<input id=\"ds-q\" type=\"search\" placeholder=\"Search\" autocomplete=\"off\" spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" aria-expanded=\"false\" aria-controls=\"ds-results\">\n<kbd class=\"ds-key\" aria-hidden=\"true\">/</kbd>\n<ul id=\"ds-results\" role=\"listbox\" aria-label=\"Search results\" hidden></ul>\n</div>\n<button class=\"ds-theme\" type=\"button\" title=\"Toggle dark mode\" aria-pressed=\"false\"><svg viewBox=\"0 0 24 24\" aria-hidden=\"true\"><circle cx=\"12\" cy=\"12\" r=\"9\"/><path d=\"M12 3a9 9 0 0 1 0 18z\"/></svg><span class=\"ds-vh\">Dark mode</span></button>\n</header>\n<div class=\"ds-layout\">\n<nav id=\"ds-sidebar\" class=\"ds-sidebar\" aria-label=\"Runbooks\">\n<a class=\"ds-close\" href=\"#\" title=\"Close menu\"><span aria-hidden=\"true\">×</span><span class=\"ds-vh\">Close menu</span></a>\n<a class=\"ds-nav-home"...)
	home := d.Page.Kind == KindHome
	if home {
		b = append(b, " ds-current"...)
	}
	b = append(b, "\" href=\""...)
	b = appendHomeURL(b, d.Root)
	b = append(b, '"')
	if home {
		b = append(b, " aria-current=\"page\""...)
	}
	b = append(b, ">Overview</a>\n"...)
	b = appendNav(b, d.Nav)
	b = append(b, "\n</nav>\n<main id=\"ds-main\" class=\"ds-main\" tabindex=\"-1\">\n"...)
	switch d.Page.Kind {
	case KindHome:
		b = appendHomeMain(b, d)
	case KindSection:
		b = appendDocMain(b, d, true)
	case Kind404:
		b = append404Main(b, d)
	default:
		b = appendDocMain(b, d, false)
	}
	b = append(b, "\n</main>\n</div>\n<footer class=\"ds-footer\">"...)
	if d.Page.Source != "" {
		b = append(b, "<span>Source: <code>"...)
		b = appendHTMLText(b, d.Page.Source)
		b = append(b, "</code></span>"...)
	}
	return append(b, "\n<span>Built with docsite</span>\n</footer>\n</body>\n</html>\n\n\n"...)
}

// appendDocMain is "main" of page.html, and of section.html (list).
func appendDocMain(b []byte, d *Data, list bool) []byte {
	b = append(b, "\n<div class=\"ds-doc"...)
	if len(d.Page.TOC) > 0 {
		b = append(b, " ds-has-toc"...)
	}
	b = append(b, "\">\n<article class=\"ds-article\">\n<h1>"...)
	b = appendHTMLText(b, d.Page.Title)
	b = append(b, "</h1>"...)
	b = appendLede(b, d.Page.Description)
	if len(d.Page.TOC) > 0 {
		b = append(b, "\n<nav class=\"ds-toc\" aria-label=\"On this page\">\n<details open><summary>On this page</summary>\n<ul>"...)
		for _, e := range d.Page.TOC {
			b = append(b, "\n<li class=\"ds-toc-"...)
			b = appendHTMLText(b, strconv.Itoa(e.Level))
			b = append(b, "\"><a href=\"#"...)
			b = appendURLPart(b, e.ID)
			b = append(b, "\">"...)
			b = appendHTMLText(b, e.Title)
			b = append(b, "</a></li>"...)
		}
		b = append(b, "\n</ul>\n</details>\n</nav>"...)
	}
	b = append(b, '\n')
	b = append(b, d.Page.Content...)
	if list && len(d.Pages) > 0 {
		b = append(b, "\n<h2 class=\"ds-list-title\">In this section</h2>\n"...)
		b = append(b, "\n<ul class=\"ds-list\">"...)
		for i := range d.Pages {
			b = appendPageLink(b, &d.Pages[i])
		}
		b = append(b, "\n</ul>"...)
	}
	b = append(b, '\n')
	if d.Prev != nil || d.Next != nil {
		b = append(b, "\n<nav class=\"ds-pager\" aria-label=\"Previous and next runbook\">"...)
		if l := d.Prev; l != nil {
			b = append(b, "<a class=\"ds-prev\" href=\""...)
			b = appendAttrURL(b, string(l.URL))
			b = append(b, "\" rel=\"prev\"><span>Previous</span>"...)
			b = appendHTMLText(b, l.Title)
			b = append(b, "</a>"...)
		}
		if l := d.Next; l != nil {
			b = append(b, "<a class=\"ds-next\" href=\""...)
			b = appendAttrURL(b, string(l.URL))
			b = append(b, "\" rel=\"next\"><span>Next</span>"...)
			b = appendHTMLText(b, l.Title)
			b = append(b, "</a>"...)
		}
		b = append(b, "\n</nav>"...)
	}
	return append(b, "\n</article>\n</div>\n"...)
}

// appendHomeMain is "main" of home.html: the top-level runbooks, then
// each section's under its title.
func appendHomeMain(b []byte, d *Data) []byte {
	b = append(b, "\n<article class=\"ds-article ds-home\">\n<h1>"...)
	if d.Page.Title != "" {
		b = appendHTMLText(b, d.Page.Title)
	} else {
		b = appendHTMLText(b, d.Site.Title)
	}
	b = append(b, "</h1>"...)
	b = appendLede(b, d.Page.Description)
	b = append(b, '\n')
	b = append(b, d.Page.Content...)
	if len(d.Pages) > 0 {
		b = append(b, "\n<h2 class=\"ds-list-title\">Runbooks</h2>"...)
		top := false
		for i := range d.Pages {
			if d.Pages[i].Section == "" {
				top = true
			}
		}
		if top {
			b = append(b, "\n<ul class=\"ds-list\">"...)
			for i := range d.Pages {
				if d.Pages[i].Section == "" {
					b = appendPageLink(b, &d.Pages[i])
				}
			}
			b = append(b, "\n</ul>"...)
		}
		section := ""
		for i := range d.Pages {
			l := &d.Pages[i]
			if l.Section != "" && l.Section != section {
				if section != "" {
					b = append(b, "\n</ul>"...)
				}
				section = l.Section
				b = append(b, "\n<h3 class=\"ds-list-section\">"...)
				b = appendHTMLText(b, l.Section)
				b = append(b, "</h3>\n<ul class=\"ds-list\">"...)
			}
			if l.Section != "" {
				b = appendPageLink(b, l)
			}
		}
		if section != "" {
			b = append(b, "\n</ul>"...)
		}
	}
	return append(b, "\n</article>\n"...)
}

// append404Main is "main" of 404.html.
func append404Main(b []byte, d *Data) []byte {
	b = append(b, "\n<article class=\"ds-article ds-notfound\">\n<h1>"...)
	if d.Page.Title != "" {
		b = appendHTMLText(b, d.Page.Title)
	} else {
		b = append(b, "Page not found"...)
	}
	b = append(b, "</h1>"...)
	if d.Page.Content != "" {
		b = append(b, '\n')
		b = append(b, d.Page.Content...)
	} else {
		b = append(b, "\n<p class=\"ds-lede\">There is no runbook at this address. It may have been renamed or moved.</p>\n<p>Try the search box above, or go back to the <a href=\""...)
		b = appendHomeURL(b, d.Root)
		b = append(b, "\">list of all runbooks</a>.</p>"...)
	}
	return append(b, "\n</article>\n"...)
}

func appendLede(b []byte, desc string) []byte {
	if desc == "" {
		return b
	}
	b = append(b, "\n<p class=\"ds-lede\">"...)
	b = appendHTMLText(b, desc)
	return append(b, "</p>"...)
}

func appendPageLink(b []byte, l *PageLink) []byte {
	b = append(b, "\n<li><a href=\""...)
	b = appendAttrURL(b, string(l.URL))
	b = append(b, "\">"...)
	b = appendHTMLText(b, l.Title)
	b = append(b, "</a>"...)
	if l.Description != "" {
		b = append(b, "<p>"...)
		b = appendHTMLText(b, l.Description)
		b = append(b, "</p>"...)
	}
	return append(b, "</li>"...)
}

// appendHomeURL is {{if .Root}}{{.Root}}{{else}}./{{end}} in an href.
func appendHomeURL(b []byte, root string) []byte {
	if root == "" {
		return append(b, "./"...)
	}
	return appendRootURL(b, root)
}

// appendRootURL writes a plain string at the start of an href as
// html/template does: a scheme other than http, https or mailto is
// replaced by "#ZgotmplZ", the rest normalized and escaped.
func appendRootURL(b []byte, s string) []byte {
	if proto, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(proto, "/") &&
		!strings.EqualFold(proto, "http") && !strings.EqualFold(proto, "https") && !strings.EqualFold(proto, "mailto") {
		return append(b, "#ZgotmplZ"...)
	}
	return appendAttrURL(b, s)
}

// appendURLPart writes a string after the "#" of an href as
// html/template does (its urlEscaper): every byte but letters, digits
// and "-._~" percent-encoded.
func appendURLPart(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '.', c == '_', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}
