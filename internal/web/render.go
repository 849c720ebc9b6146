package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/vanban/vanban/internal/vanban"
)

// subFields are read inside another field's span (the symbol's parts):
// not marked on their own.
var subFields = map[string]bool{"number": true, "type_code": true, "issuer_code": true, "unit_code": true}

// mark is a range of one line to wrap: columns [from, to) in characters.
type mark struct {
	from, to int
	class    string
	title    string
}

// highlight renders a record's text as numbered lines (id="L<n>"), the
// span of each field in <mark class="f f-FIELD"> and each finding's range
// in a mark of class "x" (within a field's, the mark has both); everything
// else escaped. A span over several lines (a block printed in a column)
// marks its cell on each line: from its column to the next gap of three
// spaces on the first, the cell it ends in on the last, the first cell on
// the lines between.
func highlight(text string, spans []vanban.Span, findings []vanban.Finding) template.HTML {
	lines := strings.Split(text, "\n")
	byLine := map[int][]mark{}
	for _, s := range spans {
		if subFields[s.Field] || s.Line < 1 || s.Line > len(lines) || s.EndLine < s.Line {
			continue
		}
		title := s.Field
		if s.Item > 0 {
			title = fmt.Sprintf("%s %d", s.Field, s.Item)
		}
		for n := s.Line; n <= s.EndLine && n <= len(lines); n++ {
			r := []rune(strings.TrimSuffix(lines[n-1], "\r"))
			var from, to int
			switch {
			case n == s.Line && n == s.EndLine:
				from, to = s.Col, s.EndCol
			case n == s.Line:
				from = s.Col
				to = cellEnd(r, from)
			case n == s.EndLine:
				to = s.EndCol
				from = cellStart(r, to)
			default: // the first cell
				from = 1
				for from <= len(r) && r[from-1] == ' ' {
					from++
				}
				to = cellEnd(r, from)
			}
			byLine[n] = append(byLine[n], mark{from, to, "f f-" + s.Field, title})
		}
	}
	findingLines := map[int]bool{}
	for _, f := range findings {
		if f.Line < 1 || f.Line > len(lines) {
			continue
		}
		findingLines[f.Line] = true
		if f.Col > 0 && f.EndCol > f.Col {
			byLine[f.Line] = append(byLine[f.Line], mark{f.Col, f.EndCol, "x", f.Rule + ": " + f.Found})
		}
	}
	var b strings.Builder
	b.Grow(len(text) * 5 / 4)
	for i, l := range lines {
		n := i + 1
		l = strings.TrimSuffix(l, "\r")
		cls := ""
		if findingLines[n] {
			cls = ` class="has-x"`
		}
		fmt.Fprintf(&b, `<span id="L%d"%s><a class="ln" href="#L%d">%d</a>`, n, cls, n, n)
		b.WriteString(markLine(l, byLine[n]))
		b.WriteString("</span>\n")
	}
	return template.HTML(b.String())
}

// cellEnd is the column after a cell that starts at from: the next run of
// three spaces, or the end of the line.
func cellEnd(r []rune, from int) int {
	for i := max(from-1, 0); i+2 < len(r); i++ {
		if r[i] == ' ' && r[i+1] == ' ' && r[i+2] == ' ' {
			return i + 1
		}
	}
	return len(r) + 1
}

// cellStart is the first column of the cell that ends before column to
// (after the last run of three spaces before it; the first non-space).
func cellStart(r []rune, to int) int {
	end := min(to-1, len(r))
	start := 0
	for i := 0; i+2 < end; i++ {
		if r[i] == ' ' && r[i+1] == ' ' && r[i+2] == ' ' {
			start = i + 3
		}
	}
	for start < end && r[start] == ' ' {
		start++
	}
	return start + 1
}

// markLine escapes l and wraps the marked ranges: each character gets the
// field mark and the finding mark over it (the first of either kind where
// marks of a kind overlap), and each run of characters with the same
// marks is one <mark>.
func markLine(l string, ms []mark) string {
	if len(ms) == 0 {
		return template.HTMLEscapeString(l)
	}
	runes := []rune(l)
	field := make([]int, len(runes)) // index+1 into ms, 0: none
	find := make([]int, len(runes))
	for k, m := range ms {
		into := field
		if m.class == "x" {
			into = find
		}
		for c := max(m.from, 1); c < m.to && c <= len(runes); c++ {
			if into[c-1] == 0 {
				into[c-1] = k + 1
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && field[j] == field[i] && find[j] == find[i] {
			j++
		}
		seg := template.HTMLEscapeString(string(runes[i:j]))
		if field[i] == 0 && find[i] == 0 {
			b.WriteString(seg)
		} else {
			var cls, title []string
			if f := field[i]; f > 0 {
				cls, title = append(cls, ms[f-1].class), append(title, ms[f-1].title)
			}
			if x := find[i]; x > 0 {
				cls, title = append(cls, "x"), append(title, ms[x-1].title)
			}
			fmt.Fprintf(&b, `<mark class="%s" title="%s">%s</mark>`, strings.Join(cls, " "), template.HTMLEscapeString(strings.Join(title, "; ")), seg)
		}
		i = j
	}
	return b.String()
}

// barChart draws counts as an SVG bar chart with real text labels (the
// browser's fonts render Vietnamese): vertical bars for a time series,
// horizontal bars with their names otherwise.
func barChart(cs []vanban.Count, timeSeries bool) template.HTML {
	if len(cs) == 0 {
		return template.HTML(`<p class="empty">no records</p>`)
	}
	var top int64 = 1
	for _, c := range cs {
		top = max(top, c.Count)
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	if timeSeries {
		const h, bw, gap, pad = 160.0, 26.0, 6.0, 30.0
		w := pad + float64(len(cs))*(bw+gap)
		fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f">`, w, h+60, w, h+60)
		for i, c := range cs {
			bh := math.Max(1, h*float64(c.Count)/float64(top))
			x := pad + float64(i)*(bw+gap)
			fmt.Fprintf(&b, `<g><title>%s: %d</title><rect x="%.1f" y="%.1f" width="%.0f" height="%.1f"/>`, esc(c.Key), c.Count, x, 20+h-bh, bw, bh)
			fmt.Fprintf(&b, `<text class="n" x="%.1f" y="%.1f">%d</text>`, x+bw/2, 16+h-bh, c.Count)
			fmt.Fprintf(&b, `<text class="k" transform="translate(%.1f %.1f) rotate(-45)">%s</text></g>`, x+bw/2, h+34, esc(c.Key))
		}
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	const rowH, label, barW = 22.0, 300.0, 360.0
	hgt := float64(len(cs))*rowH + 8
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f">`, label+barW+70, hgt, label+barW+70, hgt)
	for i, c := range cs {
		y := 4 + float64(i)*rowH
		bw := math.Max(1, barW*float64(c.Count)/float64(top))
		name := c.Key
		if utf8.RuneCountInString(name) > 42 {
			name = string([]rune(name)[:41]) + "…"
		}
		fmt.Fprintf(&b, `<g><title>%s: %d</title><text class="k" x="%.0f" y="%.1f">%s</text>`, esc(c.Key), c.Count, label-8, y+15, esc(name))
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f"/>`, label, y+3, bw, rowH-6)
		fmt.Fprintf(&b, `<text class="n" x="%.1f" y="%.1f">%d</text></g>`, label+bw+6, y+15, c.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
