package nix

// The scanner follows Nix's flex lexer (src/libexpr/lexer.l) rule for rule:
// the longest match wins, ties go to the rule listed first, and a stack of
// start conditions tracks whether we are inside a string, an indented
// string, a path or an interpolation. Matching the token boundaries exactly
// matters: Nix's indentation stripping and its printed form both depend on
// how a string was cut into tokens.

import "unicode/utf8"

type scanMode uint8

const (
	modeDefault  scanMode = iota // code (also inside ${ } and { })
	modeString                   // inside "..."
	modeIndent                   // inside ''...''
	modeInPath                   // after a path piece not ending in /
	modeInPathSl                 // after a path piece ending in /
)

// lexItem is one scanned token. It holds no pointers, so the parser can
// copy tokens around without write barriers.
type lexItem struct {
	tok      Token
	ind      bool  // IND_STR from the plain-text rule (subject to indentation stripping)
	pos, end int   // byte offsets [pos, end)
	dec      int32 // 0: the text is src[pos:end]; k: the text is decoded[k-1]
}

type scanner struct {
	src      []byte
	str      string // src as one string: token texts are slices of it, not copies
	off      int
	stack    []scanMode // empty = flex's INITIAL, which acts as modeDefault
	comments []*Comment
	lastEnd  int // end of the last non-comment token, for grouping comments

	// Caches that keep scanning linear on pathological input.
	runStart, runEnd       int  // last run of path characters
	schemeStart, schemeEnd int  // last run of URI scheme characters
	noCommentEnd           bool // no */ follows: /* starts no comment

	decoded []string // token texts that differ from the source (escapes)
	err     func(pos int, msg string)
}

// text is the decoded text of STR and IND_STR, the spelling of PATH,
// HPATH, SPATH and URI.
func (s *scanner) text(it lexItem) string {
	if it.dec == 0 {
		return s.str[it.pos:it.end]
	}
	return s.decoded[it.dec-1]
}

// decodedItem returns a token whose text v differs from its source.
func (s *scanner) decodedItem(tok Token, pos, end int, v string) lexItem {
	s.decoded = append(s.decoded, v)
	return lexItem{tok: tok, pos: pos, end: end, dec: int32(len(s.decoded))}
}

func newScanner(src []byte, err func(pos int, msg string)) scanner {
	return scanner{src: src, str: string(src), err: err}
}

func (s *scanner) cur() scanMode {
	if len(s.stack) == 0 {
		return modeDefault
	}
	return s.stack[len(s.stack)-1]
}

func (s *scanner) push(m scanMode) { s.stack = append(s.stack, m) }

func (s *scanner) pop() {
	if len(s.stack) > 0 {
		s.stack = s.stack[:len(s.stack)-1]
	}
}

func (s *scanner) at(i int) byte {
	if i < len(s.src) {
		return s.src[i]
	}
	return 0
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isIDStart(c byte) bool {
	return isLetter(c) || c == '_'
}
func isIDChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_' || c == '\'' || c == '-'
}

// isPathChar is flex's PATH_CHAR: [a-zA-Z0-9\.\_\-\+].
func isPathChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '-' || c == '+'
}

func isURIChar(c byte) bool {
	if isLetter(c) || isDigit(c) {
		return true
	}
	switch c {
	case '%', '/', '?', ':', '@', '&', '=', '+', '$', ',', '-', '_', '.', '!', '~', '*', '\'':
		return true
	}
	return false
}

// Match lengths of the flex patterns at i (0: no match).

// spanPathChars is the length of the run of path characters at i. Every
// position inside a run shares its end, which is cached: input such as
// a.a.a.a... would otherwise be rescanned at each token.
func (s *scanner) spanPathChars(i int) int {
	if i >= s.runStart && i < s.runEnd {
		return s.runEnd - i
	}
	j := i
	for j < len(s.src) && isPathChar(s.src[j]) {
		j++
	}
	if j > i {
		s.runStart, s.runEnd = i, j
	}
	return j - i
}

// matchPath is PATH: {PATH_CHAR}*(\/{PATH_CHAR}+)+\/?
func (s *scanner) matchPath(i int) int {
	j := i + s.spanPathChars(i)
	end := s.spanSegments(j)
	if end == j {
		return 0
	}
	return end - i
}

// spanSegments returns where (\/{PATH_CHAR}+)+\/? starting at j ends, or j
// when there is not one segment: the tail PATH and HPATH share.
func (s *scanner) spanSegments(j int) int {
	start := j
	for s.at(j) == '/' {
		n := s.spanPathChars(j + 1)
		if n == 0 {
			break
		}
		j += 1 + n
	}
	if j == start {
		return start
	}
	if s.at(j) == '/' {
		j++
	}
	return j
}

// matchPathSeg is PATH_SEG: {PATH_CHAR}*\/
func (s *scanner) matchPathSeg(i int) int {
	j := i + s.spanPathChars(i)
	if s.at(j) == '/' {
		return j + 1 - i
	}
	return 0
}

// matchHPath is HPATH: \~(\/{PATH_CHAR}+)+\/?
func (s *scanner) matchHPath(i int) int {
	if s.at(i) != '~' {
		return 0
	}
	j := i + 1
	end := s.spanSegments(j)
	if end == j {
		return 0
	}
	return end - i
}

// matchSPath is SPATH: \<{PATH_CHAR}+(\/{PATH_CHAR}+)*\>
func (s *scanner) matchSPath(i int) int {
	if s.at(i) != '<' {
		return 0
	}
	j := i + 1
	n := s.spanPathChars(j)
	if n == 0 {
		return 0
	}
	j += n
	for s.at(j) == '/' {
		n := s.spanPathChars(j + 1)
		if n == 0 {
			break
		}
		j += 1 + n
	}
	if s.at(j) != '>' {
		return 0
	}
	return j + 1 - i
}

// matchURI is URI: [a-zA-Z][a-zA-Z0-9\+\-\.]*\:[a-zA-Z0-9\%\/\?\:\@\&\=\+\$\,\-\_\.\!\~\*\']+
func (s *scanner) matchURI(i int) int {
	if !isLetter(s.at(i)) {
		return 0
	}
	var j int
	if i >= s.schemeStart && i < s.schemeEnd {
		j = s.schemeEnd // cached, as for spanPathChars
	} else {
		j = i + 1
		for c := s.at(j); isLetter(c) || isDigit(c) || c == '+' || c == '-' || c == '.'; c = s.at(j) {
			j++
		}
		s.schemeStart, s.schemeEnd = i, j
	}
	if s.at(j) != ':' {
		return 0
	}
	j++
	k := j
	for k < len(s.src) && isURIChar(s.src[k]) {
		k++
	}
	if k == j {
		return 0
	}
	return k - i
}

// matchFloat is FLOAT: (([1-9][0-9]*\.[0-9]*)|(0?\.[0-9]+))([Ee][+-]?[0-9]+)?
func (s *scanner) matchFloat(i int) int {
	best := 0
	// [1-9][0-9]*\.[0-9]*
	if c := s.at(i); c >= '1' && c <= '9' {
		j := i + 1
		for isDigit(s.at(j)) {
			j++
		}
		if s.at(j) == '.' {
			j++
			for isDigit(s.at(j)) {
				j++
			}
			best = j
		}
	}
	// 0?\.[0-9]+
	j := i
	if s.at(j) == '0' {
		j++
	}
	if s.at(j) == '.' && isDigit(s.at(j+1)) {
		j += 2
		for isDigit(s.at(j)) {
			j++
		}
		if j > best {
			best = j
		}
	}
	if best == 0 {
		return 0
	}
	if c := s.at(best); c == 'e' || c == 'E' {
		j := best + 1
		if c := s.at(j); c == '+' || c == '-' {
			j++
		}
		if isDigit(s.at(j)) {
			for isDigit(s.at(j)) {
				j++
			}
			best = j
		}
	}
	return best - i
}

// skip skips white space and comments in code, recording comments.
func (s *scanner) skip() {
	for s.off < len(s.src) {
		switch c := s.src[s.off]; c {
		case ' ', '\t', '\r', '\n':
			s.off++
		case '#':
			j := s.off
			for j < len(s.src) && s.src[j] != '\n' && s.src[j] != '\r' {
				j++
			}
			s.comment(s.off, j)
			s.off = j
		case '/':
			if s.at(s.off+1) != '*' {
				return
			}
			// \/\*([^*]|\*+[^*/])*\*+\/ : the first */ ends it; an
			// unterminated comment is not a comment at all.
			if s.noCommentEnd {
				return
			}
			j := s.off + 2
			end := -1
			for ; j+1 < len(s.src); j++ {
				if s.src[j] == '*' && s.src[j+1] == '/' {
					end = j + 2
					break
				}
			}
			if end < 0 {
				s.noCommentEnd = true // no later /* can end either
				return
			}
			s.comment(s.off, end)
			s.off = end
		default:
			return
		}
	}
}

func (s *scanner) comment(pos, end int) {
	s.comments = append(s.comments, &Comment{Range{Pos(pos + 1), Pos(end + 1)}, s.str[pos:end]})
}

// scan returns the next token.
func (s *scanner) scan() lexItem {
	var it lexItem
	switch s.cur() {
	case modeString:
		it = s.scanString()
	case modeIndent:
		it = s.scanIndent()
	case modeInPath, modeInPathSl:
		it = s.scanInPath()
	default:
		s.skip()
		it = s.scanCode()
	}
	if it.tok != PATH_END {
		s.lastEnd = it.end
	}
	return it
}

func (s *scanner) scanCode() lexItem {
	i := s.off
	if i >= len(s.src) {
		return lexItem{tok: EOF, pos: i, end: i}
	}
	c := s.src[i]
	// The commonest token, an identifier or keyword, when no rule can
	// match longer: the path rules need a '/' after the run of path
	// characters, URI a ':' after its scheme, a prefix of that run that
	// can only stop early at a '_'. Anything else takes the full set of
	// rules below.
	if isIDStart(c) {
		if k := i + s.spanPathChars(i); s.at(k) != '/' && s.at(k) != ':' {
			j := i + 1
			for j < len(s.src) && isIDChar(s.src[j]) {
				j++
			}
			s.off = j
			return lexItem{tok: keyword(s.str[i:j]), pos: i, end: j}
		}
	}
	tok := ILLEGAL
	n := 0
	set := func(t Token, l int) {
		// Longest match wins; on a tie the rule tried first stays.
		if l > n {
			tok, n = t, l
		}
	}
	// Keywords and ELLIPSIS, then the two-character operators, then ID,
	// INT, FLOAT: in lexer.l order.
	if isIDStart(c) {
		j := i + 1
		for j < len(s.src) && isIDChar(s.src[j]) {
			j++
		}
		set(keyword(s.str[i:j]), j-i)
	}
	if c == '.' && s.at(i+1) == '.' && s.at(i+2) == '.' {
		set(ELLIPSIS, 3)
	}
	if op := twoCharOp(c, s.at(i+1)); op != ILLEGAL {
		set(op, 2)
	}
	if isDigit(c) {
		j := i
		for isDigit(s.at(j)) {
			j++
		}
		set(INT, j-i)
	}
	if c == '.' || isDigit(c) {
		set(FLOAT, s.matchFloat(i))
	}
	switch c {
	case '$':
		if s.at(i+1) == '{' {
			set(DOLLAR_CURLY, 2)
		}
	case '}':
		set(RBRACE, 1)
	case '{':
		set(LBRACE, 1)
	case '"':
		set(DQUOTE, 1)
	case '\'':
		if s.at(i+1) == '\'' {
			j := i + 2
			for s.at(j) == ' ' {
				j++
			}
			if s.at(j) == '\n' && j < len(s.src) {
				set(IND_OPEN, j+1-i)
			} else {
				set(IND_OPEN, 2)
			}
		}
	}
	// {PATH_SEG}\$\{ and {HPATH_START}\$\{ switch to PATH_START, which
	// re-reads the first segment as a PATH or HPATH token.
	pathStart := 0
	// Both path rules need a / right after the run of path characters;
	// most identifiers and numbers are not followed by one.
	maybePath := (isPathChar(c) || c == '/') && s.at(i+s.spanPathChars(i)) == '/'
	if maybePath {
		if l := s.matchPathSeg(i); l > 0 && s.at(i+l) == '$' && s.at(i+l+1) == '{' && l+2 > n {
			pathStart = l
			tok, n = PATH, l+2
		}
	}
	if c == '~' && s.at(i+1) == '/' && s.at(i+2) == '$' && s.at(i+3) == '{' && 4 > n {
		pathStart = 2
		tok, n = HPATH, 4
	}
	if maybePath {
		if l := s.matchPath(i); l > n {
			tok, n, pathStart = PATH, l, 0
		}
	}
	if c == '~' {
		if l := s.matchHPath(i); l > n {
			tok, n, pathStart = HPATH, l, 0
		}
	}
	if c == '<' {
		set(SPATH, s.matchSPath(i))
	}
	if isLetter(c) {
		set(URI, s.matchURI(i))
	}
	if n == 0 {
		// {ANY}: a one-character token. Nix's lexer takes a byte; a
		// non-ASCII character is taken whole, so that the error is
		// reported once, about the character.
		tok = charToken(c)
		n = 1
		if c >= utf8.RuneSelf {
			_, n = utf8.DecodeRuneInString(s.str[i:])
		}
	}
	switch tok {
	case PATH, HPATH:
		if pathStart > 0 {
			n = pathStart // the PATH_START re-read: just the segment, ending in /
		}
		s.off = i + n
		if s.src[s.off-1] == '/' {
			s.push(modeInPathSl)
		} else {
			s.push(modeInPath)
		}
		return lexItem{tok: tok, pos: i, end: i + n}
	case SPATH, URI:
		s.off = i + n
		return lexItem{tok: tok, pos: i, end: i + n}
	case DOLLAR_CURLY, LBRACE:
		s.push(modeDefault)
	case RBRACE:
		s.pop()
	case DQUOTE:
		s.push(modeString)
	case IND_OPEN:
		s.push(modeIndent)
	}
	s.off = i + n
	return lexItem{tok: tok, pos: i, end: i + n}
}

func twoCharOp(a, b byte) Token {
	switch string([]byte{a, b}) {
	case "==":
		return EQ
	case "!=":
		return NEQ
	case "<=":
		return LEQ
	case ">=":
		return GEQ
	case "&&":
		return AND
	case "||":
		return OR
	case "->":
		return IMPL
	case "//":
		return UPDATE
	case "++":
		return CONCAT
	}
	return ILLEGAL
}

func charToken(c byte) Token {
	switch c {
	case '[':
		return LBRACK
	case ']':
		return RBRACK
	case '(':
		return LPAREN
	case ')':
		return RPAREN
	case ';':
		return SEMI
	case ':':
		return COLON
	case ',':
		return COMMA
	case '.':
		return DOT
	case '=':
		return ASSIGN
	case '@':
		return AT
	case '?':
		return QUEST
	case '<':
		return LT
	case '>':
		return GT
	case '!':
		return NOT
	case '+':
		return ADD
	case '-':
		return SUB
	case '*':
		return MUL
	case '/':
		return QUO
	}
	return ILLEGAL
}

// scanString scans inside "...".
func (s *scanner) scanString() lexItem {
	i := s.off
	if i >= len(s.src) {
		return lexItem{tok: EOF, pos: i, end: i}
	}
	switch {
	case s.src[i] == '"':
		s.pop()
		s.off = i + 1
		return lexItem{tok: DQUOTE, pos: i, end: i + 1}
	case s.src[i] == '$' && s.at(i+1) == '{':
		s.push(modeDefault)
		s.off = i + 2
		return lexItem{tok: DOLLAR_CURLY, pos: i, end: i + 2}
	}
	// ([^\$\"\\]|\$[^\{\"\\]|\\{ANY}|\$\\{ANY})+, or the same followed by a
	// $ right before the closing quote, or a lone $ \ $\ at end of input.
	j := i
	for j < len(s.src) {
		c := s.src[j]
		if c == '"' {
			break
		}
		if c == '\\' {
			j += 2
			continue
		}
		if c == '$' {
			d := s.at(j + 1)
			if j+1 >= len(s.src) || d == '"' {
				j++ // $ before the quote (or at EOF) belongs to the text
				break
			}
			if d == '{' {
				break
			}
			if d == '\\' {
				j += 3
				continue
			}
			j += 2
			continue
		}
		j++
	}
	if j > len(s.src) {
		j = len(s.src)
	}
	s.off = j
	return s.unescape(STR, i, j, i, j)
}

// unescape returns a token [pos, end) whose text is src[i:j] decoded.
func (s *scanner) unescape(tok Token, pos, end, i, j int) lexItem {
	for _, c := range s.src[i:j] {
		if c == '\\' || c == '\r' {
			return s.decodedItem(tok, pos, end, unescapeStr(s.src[i:j]))
		}
	}
	if i == pos && j == end {
		return lexItem{tok: tok, pos: pos, end: end}
	}
	return s.decodedItem(tok, pos, end, s.str[i:j])
}

// unescapeStr decodes a "..." string piece (or the escape after the two
// quotes of an indented string's escape) as Nix
// does: \n \r \t, any other \c is c, and CR or CRLF becomes LF.
func unescapeStr(b []byte) string {
	simple := true
	for _, c := range b {
		if c == '\\' || c == '\r' {
			simple = false
			break
		}
	}
	if simple {
		return string(b)
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch c {
		case '\\':
			i++
			if i >= len(b) {
				return string(out)
			}
			switch c = b[i]; c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			}
			out = append(out, c)
		case '\r':
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// scanIndent scans inside an indented string.
func (s *scanner) scanIndent() lexItem {
	i := s.off
	if i >= len(s.src) {
		return lexItem{tok: EOF, pos: i, end: i}
	}
	c := s.src[i]
	if c == '\'' && s.at(i+1) == '\'' {
		switch d := s.at(i + 2); {
		case d == '$' && i+2 < len(s.src):
			s.off = i + 3
			return s.decodedItem(IND_STR, i, i+3, "$")
		case d == '\'' && i+2 < len(s.src):
			s.off = i + 3
			return s.decodedItem(IND_STR, i, i+3, "''")
		case d == '\\' && i+3 < len(s.src):
			s.off = i + 4
			return s.unescape(IND_STR, i, i+4, i+2, i+4)
		}
		s.pop()
		s.off = i + 2
		return lexItem{tok: IND_CLOSE, pos: i, end: i + 2}
	}
	if c == '$' && s.at(i+1) == '{' {
		s.push(modeDefault)
		s.off = i + 2
		return lexItem{tok: DOLLAR_CURLY, pos: i, end: i + 2}
	}
	// ([^\$\']|\$[^\{\']|\'[^\'\$])+
	j := i
	for j < len(s.src) {
		c := s.src[j]
		if c == '$' || c == '\'' {
			d := s.at(j + 1)
			if j+1 >= len(s.src) || d == '\'' || (c == '$' && d == '{') || (c == '\'' && d == '$') {
				break
			}
			j += 2
			continue
		}
		j++
	}
	if j > i {
		s.off = j
		return lexItem{tok: IND_STR, pos: i, end: j, ind: true}
	}
	// A lone $ or ' that the rule above could not take.
	s.off = i + 1
	return lexItem{tok: IND_STR, pos: i, end: i + 1}
}

// scanInPath scans after a path piece: more path text, an interpolation,
// or the (zero-width) end of the path.
func (s *scanner) scanInPath() lexItem {
	i := s.off
	m := s.cur()
	if s.at(i) == '$' && s.at(i+1) == '{' {
		s.pop()
		s.push(modeInPath)
		s.push(modeDefault)
		s.off = i + 2
		return lexItem{tok: DOLLAR_CURLY, pos: i, end: i + 2}
	}
	n := s.matchPath(i)
	if l := s.matchPathSeg(i); l > n {
		n = l
	}
	if l := s.spanPathChars(i); l > n {
		n = l
	}
	if n > 0 {
		s.pop()
		if s.src[i+n-1] == '/' {
			s.push(modeInPathSl)
		} else {
			s.push(modeInPath)
		}
		s.off = i + n
		return lexItem{tok: STR, pos: i, end: i + n}
	}
	s.pop()
	if m == modeInPathSl {
		s.err(i, "path has a trailing slash")
	}
	return lexItem{tok: PATH_END, pos: i, end: i}
}

// keyword returns the keyword token spelled w, or IDENT.
func keyword(w string) Token {
	if len(w) < 2 || len(w) > 7 {
		return IDENT
	}
	switch w {
	case "if":
		return IF
	case "then":
		return THEN
	case "else":
		return ELSE
	case "assert":
		return ASSERT
	case "with":
		return WITH
	case "let":
		return LET
	case "in":
		return IN
	case "rec":
		return REC
	case "inherit":
		return INHERIT
	case "or":
		return OR_KW
	}
	return IDENT
}
