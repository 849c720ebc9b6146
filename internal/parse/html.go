package parse

import (
	"html"
	"strings"
)

// looksHTML reports whether a text is an HTML page (Word's "Save as Web
// Page", a web copy saved as .txt): it opens with a doctype, <html>, an XML
// declaration, or a block tag, once white space and a BOM are skipped.
func looksHTML(text string) bool {
	t := strings.TrimLeft(text, " \t\r\n\ufeff")
	if len(t) < 5 || t[0] != '<' {
		return false
	}
	head := strings.ToLower(firstN(t, 512))
	for _, p := range []string{"<!doctype html", "<html", "<?xml", "<head", "<body", "<meta", "<div", "<p>", "<p ", "<table"} {
		if strings.HasPrefix(head, p) {
			return p != "<?xml" || strings.Contains(strings.ToLower(firstN(t, 4096)), "<html")
		}
	}
	return false
}

// blockTags end a line where they open or close; cellTags separate the
// cells of a table row, as the three spaces prepare uses for cell
// boundaries.
var (
	blockTags = map[string]bool{"p": true, "div": true, "br": true, "tr": true, "li": true, "h1": true, "h2": true,
		"h3": true, "h4": true, "h5": true, "h6": true, "table": true, "tbody": true, "thead": true, "ul": true, "ol": true,
		"blockquote": true, "pre": true, "hr": true, "section": true, "article": true, "title": true, "center": true}
	cellTags = map[string]bool{"td": true, "th": true}
	// skipTags hold no document text.
	skipTags = map[string]bool{"head": true, "style": true, "script": true, "xml": true, "noscript": true}
)

// htmlToText reads the text of an HTML page the way a browser lays it out
// in lines: block elements (p, div, br, tr…) end a line, table cells are
// separated like the cells of a text table, the head, styles, scripts,
// comments and Word's conditional blocks are dropped, entities decoded and
// runs of white space inside a paragraph collapsed. It is a plain scanner,
// linear in the input, that never fails: malformed markup yields text.
func htmlToText(src string) string {
	var b strings.Builder
	b.Grow(len(src) / 2)
	var line strings.Builder
	flush := func() {
		t := strings.TrimSpace(html.UnescapeString(collapseSpaces(line.String())))
		t = strings.ReplaceAll(t, "\u00a0", " ")
		b.WriteString(strings.TrimRight(t, " "))
		b.WriteByte('\n')
		line.Reset()
	}
	skip := "" // the element whose content is being skipped
	pre := false
	for i := 0; i < len(src); {
		c := src[i]
		if c != '<' {
			j := strings.IndexByte(src[i:], '<')
			if j < 0 {
				j = len(src) - i
			}
			if skip == "" {
				seg := src[i : i+j]
				if pre {
					for k, l := range strings.Split(seg, "\n") {
						if k > 0 {
							flush()
						}
						line.WriteString(l)
					}
				} else {
					line.WriteString(strings.NewReplacer("\r", " ", "\n", " ", "\t", " ").Replace(seg))
				}
			}
			i += j
			continue
		}
		// Comments and Word's <![if …]> / <![endif]> blocks.
		if strings.HasPrefix(src[i:], "<!--") {
			j := strings.Index(src[i+4:], "-->")
			if j < 0 {
				break
			}
			i += 4 + j + 3
			continue
		}
		j := strings.IndexByte(src[i:], '>')
		if j < 0 {
			line.WriteString(src[i:]) // "<" in text, never closed
			break
		}
		tag := src[i+1 : i+j]
		i += j + 1
		closing := strings.HasPrefix(tag, "/")
		name := strings.ToLower(strings.TrimLeft(tag, "/!?"))
		if k := strings.IndexAny(name, " \t\r\n/"); k >= 0 {
			name = name[:k]
		}
		if k := strings.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:] // Word's o:p, w:WordDocument
		}
		if skip != "" {
			if closing && name == skip {
				skip = ""
			}
			continue
		}
		switch {
		case skipTags[name] && !closing && !strings.HasSuffix(tag, "/"):
			skip = name
		case name == "pre":
			pre = !closing
			flush()
		case blockTags[name]:
			if line.Len() > 0 || name == "br" || name == "p" && closing {
				flush()
			}
		case cellTags[name] && !closing:
			if strings.TrimSpace(line.String()) != "" {
				line.WriteString("   ")
			}
		}
	}
	if line.Len() > 0 {
		flush()
	}
	return b.String()
}
