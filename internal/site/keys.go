package site

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/docsite/docsite/internal/facts"
)

// locateKeys finds where each key of a TOML document is written, so that
// schema errors found after decoding can point at the key. The TOML
// decoder keeps these positions private; the document already decoded
// without error, so a forgiving line scanner is enough here.
//
// Keys are dotted paths: "serve.port", "validate.rules[1].reason" (array
// of tables elements are numbered from 0; the header itself is recorded as
// "validate.rules[1]").
func locateKeys(src []byte) map[string]facts.Pos {
	keys := make(map[string]facts.Pos)
	counts := make(map[string]int) // array of tables → elements seen
	prefix := ""
	s := &tomlScanner{src: src, line: 1, lineStart: 0}
	for s.off < len(src) {
		s.skipSpace()
		if s.off >= len(src) {
			break
		}
		c := src[s.off]
		pos := facts.Pos{Line: s.line, Col: s.off - s.lineStart + 1}
		switch {
		case c == '\n':
			s.newline()
		case c == '#':
			s.skipLine()
		case c == '[':
			array := s.off+1 < len(src) && src[s.off+1] == '['
			if array {
				s.off += 2
			} else {
				s.off++
			}
			name := strings.Join(s.keyPath(), ".")
			if array {
				i := counts[name]
				counts[name]++
				name = fmt.Sprintf("%s[%d]", name, i)
			}
			if _, ok := keys[name]; !ok {
				keys[name] = pos
			}
			prefix = name + "."
			s.skipLine()
		default:
			path := s.keyPath()
			full := prefix
			for i, k := range path {
				full += k
				if _, ok := keys[full]; !ok {
					keys[full] = pos
				}
				if i < len(path)-1 {
					full += "."
				}
			}
			s.skipSpace()
			if s.off < len(src) && src[s.off] == '=' {
				s.off++
				s.skipValue()
			} else {
				s.skipLine()
			}
		}
	}
	return keys
}

type tomlScanner struct {
	src       []byte
	off       int
	line      int
	lineStart int
}

func (s *tomlScanner) newline() {
	s.off++
	s.line++
	s.lineStart = s.off
}

func (s *tomlScanner) skipSpace() {
	for s.off < len(s.src) && (s.src[s.off] == ' ' || s.src[s.off] == '\t' || s.src[s.off] == '\r') {
		s.off++
	}
}

func (s *tomlScanner) skipLine() {
	for s.off < len(s.src) && s.src[s.off] != '\n' {
		s.off++
	}
}

// keyPath reads a dotted key (bare or quoted parts) and stops before "=",
// "]" or the end of the line.
func (s *tomlScanner) keyPath() []string {
	var path []string
	for {
		s.skipSpace()
		if s.off >= len(s.src) {
			return path
		}
		switch c := s.src[s.off]; c {
		case '"', '\'':
			s.off++
			start := s.off
			for s.off < len(s.src) && s.src[s.off] != c && s.src[s.off] != '\n' {
				if c == '"' && s.src[s.off] == '\\' {
					s.off++
				}
				s.off++
			}
			path = append(path, string(s.src[start:min(s.off, len(s.src))]))
			if s.off < len(s.src) && s.src[s.off] == c {
				s.off++
			}
		default:
			start := s.off
			for s.off < len(s.src) && isBareKey(s.src[s.off]) {
				s.off++
			}
			if s.off == start {
				return path
			}
			path = append(path, string(s.src[start:s.off]))
		}
		s.skipSpace()
		if s.off >= len(s.src) || s.src[s.off] != '.' {
			return path
		}
		s.off++
	}
}

func isBareKey(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// skipValue skips a value, which may span lines inside brackets, braces
// or multi-line strings, up to the end of its line.
func (s *tomlScanner) skipValue() {
	depth := 0
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == '\n':
			if depth == 0 {
				return
			}
			s.newline()
			continue
		case c == '#':
			s.skipLine()
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == '"' || c == '\'':
			s.skipString(c)
			continue
		}
		s.off++
	}
}

func (s *tomlScanner) skipString(q byte) {
	multi := s.off+2 < len(s.src) && s.src[s.off+1] == q && s.src[s.off+2] == q
	if multi {
		s.off += 3
		for s.off < len(s.src) {
			if s.src[s.off] == '\n' {
				s.newline()
				continue
			}
			if q == '"' && s.src[s.off] == '\\' {
				s.off += 2
				continue
			}
			if s.off+2 < len(s.src) && s.src[s.off] == q && s.src[s.off+1] == q && s.src[s.off+2] == q {
				s.off += 3
				return
			}
			s.off++
		}
		return
	}
	s.off++
	for s.off < len(s.src) && s.src[s.off] != '\n' {
		c := s.src[s.off]
		s.off++
		if q == '"' && c == '\\' {
			s.off++
			continue
		}
		if c == q {
			return
		}
	}
}

// stripIndexes turns "validate.rules[2].path" into "validate.rules.path".
func stripIndexes(key string) string {
	for {
		i := strings.IndexByte(key, '[')
		if i < 0 {
			return key
		}
		j := strings.IndexByte(key[i:], ']')
		if j < 0 {
			return key
		}
		key = key[:i] + key[i+j+1:]
	}
}

func sortByPos(keys []string, pos func(string) facts.Pos) {
	slices.SortFunc(keys, func(a, b string) int {
		pa, pb := pos(a), pos(b)
		return cmp.Or(cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Col, pb.Col), cmp.Compare(a, b))
	})
}
