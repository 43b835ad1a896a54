package nix

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/docsite/docsite/internal/facts"
)

// MaxSize is the largest source ParseFile reads; bigger files are
// reported unreadable rather than parsed.
const MaxSize = 8 << 20

// Error is a syntax error at a position.
type Error struct {
	Pos facts.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// ErrorList is a list of errors, sortable by position.
type ErrorList []*Error

func (l ErrorList) Len() int      { return len(l) }
func (l ErrorList) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l ErrorList) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return l[i].Msg < l[j].Msg
}

// Sort sorts the list by file, line, column and message.
func (l ErrorList) Sort() { sort.Sort(l) }

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0], len(l)-1)
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// ErrUnreadable is the error Readable wraps: the file is not Nix source
// text at all (encrypted, binary, not UTF-8, too large).
var ErrUnreadable = errors.New("unreadable")

// Readable reports why src cannot be Nix source, or nil if it can be:
// a git-crypt blob, a NUL byte (binary), invalid UTF-8, or more than
// MaxSize bytes. The error wraps ErrUnreadable.
func Readable(src []byte) error {
	switch {
	case bytes.HasPrefix(src, []byte("\x00GITCRYPT")):
		return fmt.Errorf("%w: git-crypt encrypted file", ErrUnreadable)
	case len(src) > MaxSize:
		return fmt.Errorf("%w: file larger than %d bytes", ErrUnreadable, MaxSize)
	case bytes.IndexByte(src, 0) >= 0:
		return fmt.Errorf("%w: binary file", ErrUnreadable)
	case !utf8.Valid(src):
		return fmt.Errorf("%w: not UTF-8 text", ErrUnreadable)
	}
	return nil
}

// ParseFile parses one Nix source file. It always returns a *File holding
// whatever parsed. The error is nil or an ErrorList, sorted, with every
// problem found: syntax errors, errors Nix reports while parsing
// (duplicate attributes, dynamic attributes in let or inherit, duplicate
// function arguments) and undefined variables. An unreadable file (see
// Readable) gives one error at line 1 and an empty File. ParseFile keeps
// no reference to src and may run on several goroutines at once.
func ParseFile(filename string, src []byte) (f *File, err error) {
	f = &File{Name: filename, size: len(src)}
	if err := Readable(src); err != nil {
		return f, ErrorList{{Pos: facts.Pos{File: filename, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	f.lines = lineStarts(src)
	p := parserPool.Get().(*parser)
	defer p.release()
	p.init(f, src)
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(parseBailout); !ok {
					panic(r)
				}
			}
		}()
		f.Body = p.parseFile()
	}()
	p.done()
	f.Comments = groupComments(f, p.sc.comments, p.sc.src)
	attachDocs(f, p.docs, src)
	if len(p.errors) == 0 && f.Body != nil {
		p.errors = checkFile(f)
	}
	p.errors.Sort()
	return f, p.errors.Err()
}

func lineStarts(src []byte) []int {
	lines := make([]int, 1, 1+bytes.Count(src, []byte("\n")))
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, i)
	}
}

// The scanner records, for each comment, nothing but its range; whether a
// token stood between two comments is read from the source: only white
// space may separate comments of one group.
//
// The groups, their lists and the list of them are three allocations,
// not two a group: the comments are counted into groups first.
func groupComments(f *File, cs []*Comment, src []byte) []*CommentGroup {
	if len(cs) == 0 {
		return nil
	}
	joins := func(i int) bool { // cs[i] continues the group of cs[i-1]
		between := src[cs[i-1].To.Offset():cs[i].From.Offset()]
		return onlyBlank(between) && bytes.Count(between, []byte("\n")) <= 1
	}
	n := 1
	for i := 1; i < len(cs); i++ {
		if !joins(i) {
			n++
		}
	}
	store := make([]CommentGroup, n)
	list := append([]*Comment(nil), cs...)
	groups := make([]*CommentGroup, n)
	g, start := 0, 0
	for i := 1; i <= len(cs); i++ {
		if i < len(cs) && joins(i) {
			continue
		}
		store[g].List = list[start:i:i]
		groups[g] = &store[g]
		g, start = g+1, i
	}
	return groups
}

func onlyBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// attachDocs gives bindings and formals the comment group right above
// them (Doc) and the comment following them on the same line (Comment).
func attachDocs(f *File, sites []docSite, src []byte) {
	if len(f.Comments) == 0 {
		return
	}
	line := func(off int) int { return f.Position(Pos(off + 1)).Line }
	for _, s := range sites {
		start := s.node.Pos().Offset()
		// Doc: the last group ending before the node, with only blanks
		// between, ending on the node's line or the one above, and not
		// a trailing comment of the previous binding.
		i := sort.Search(len(f.Comments), func(i int) bool { return f.Comments[i].End().Offset() > start }) - 1
		var doc *CommentGroup
		if i >= 0 {
			g := f.Comments[i]
			gs, ge := g.Pos().Offset(), g.End().Offset()
			if gs >= s.prevEnd && onlyBlank(src[ge:start]) && line(ge) >= line(start)-1 &&
				!(s.prevEnd > 0 && src[s.prevEnd-1] == ';' && line(gs) == line(s.prevEnd-1)) {
				doc = g
			}
		}
		// Comment: the first group after the node starting on its last line.
		end := s.node.End().Offset()
		j := sort.Search(len(f.Comments), func(i int) bool { return f.Comments[i].Pos().Offset() >= end })
		var com *CommentGroup
		if j < len(f.Comments) {
			g := f.Comments[j]
			gs := g.Pos().Offset()
			if end > 0 && onlyBlank(src[end:gs]) && line(gs) == line(end-1) {
				com = g
			}
		}
		switch n := s.node.(type) {
		case *AttrDef:
			n.Doc, n.Comment = doc, com
		case *Inherit:
			n.Doc, n.Comment = doc, com
		case *Formal:
			n.Doc = doc
		}
	}
}
