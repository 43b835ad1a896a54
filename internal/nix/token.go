package nix

import "strconv"

// Token is a lexical token of the Nix language. Operators double as the Op
// of Unary and Binary nodes.
type Token uint8

const (
	ILLEGAL Token = iota
	EOF
	COMMENT

	IDENT // foo, foo-bar', __curPos
	INT   // 42
	FLOAT // 4.2, .5, 1e3
	URI   // https://example.com/x

	// Strings and paths are scanned piecewise: an opening token, STR
	// pieces and DOLLAR_CURLY ... RBRACE interpolations, a closing token.
	DQUOTE       // " (opens and closes a string)
	IND_OPEN     // '' (opens an indented string, with a following blank-line remainder)
	IND_CLOSE    // '' (closes an indented string)
	STR          // literal piece of a string or path
	IND_STR      // literal piece of an indented string
	PATH         // ./a/b, a/b, /a, ./a/ (first segment of an interpolated path)
	HPATH        // ~/a
	SPATH        // <nixpkgs>
	PATH_END     // end of a path (zero width)
	DOLLAR_CURLY // ${

	// Keywords.
	IF
	THEN
	ELSE
	ASSERT
	WITH
	LET
	IN
	REC
	INHERIT
	OR_KW // or

	// Punctuation.
	LBRACE   // {
	RBRACE   // }
	LBRACK   // [
	RBRACK   // ]
	LPAREN   // (
	RPAREN   // )
	SEMI     // ;
	COLON    // :
	COMMA    // ,
	DOT      // .
	ASSIGN   // =
	AT       // @
	ELLIPSIS // ...
	QUEST    // ?

	// Operators.
	IMPL   // ->
	OR     // ||
	AND    // &&
	EQ     // ==
	NEQ    // !=
	LT     // <
	LEQ    // <=
	GT     // >
	GEQ    // >=
	UPDATE // //
	NOT    // !
	ADD    // +
	SUB    // - (binary, or unary negation)
	MUL    // *
	QUO    // /
	CONCAT // ++
)

var tokens = [...]string{
	ILLEGAL: "ILLEGAL",
	EOF:     "end of file",
	COMMENT: "comment",

	IDENT: "identifier",
	INT:   "integer",
	FLOAT: "float",
	URI:   "URI",

	DQUOTE:       `"`,
	IND_OPEN:     "''",
	IND_CLOSE:    "''",
	STR:          "string",
	IND_STR:      "string",
	PATH:         "path",
	HPATH:        "path",
	SPATH:        "<path>",
	PATH_END:     "end of path",
	DOLLAR_CURLY: "${",

	IF:      "if",
	THEN:    "then",
	ELSE:    "else",
	ASSERT:  "assert",
	WITH:    "with",
	LET:     "let",
	IN:      "in",
	REC:     "rec",
	INHERIT: "inherit",
	OR_KW:   "or",

	LBRACE:   "{",
	RBRACE:   "}",
	LBRACK:   "[",
	RBRACK:   "]",
	LPAREN:   "(",
	RPAREN:   ")",
	SEMI:     ";",
	COLON:    ":",
	COMMA:    ",",
	DOT:      ".",
	ASSIGN:   "=",
	AT:       "@",
	ELLIPSIS: "...",
	QUEST:    "?",

	IMPL:   "->",
	OR:     "||",
	AND:    "&&",
	EQ:     "==",
	NEQ:    "!=",
	LT:     "<",
	LEQ:    "<=",
	GT:     ">",
	GEQ:    ">=",
	UPDATE: "//",
	NOT:    "!",
	ADD:    "+",
	SUB:    "-",
	MUL:    "*",
	QUO:    "/",
	CONCAT: "++",
}

// String returns the token's spelling, or a word for tokens without one.
func (t Token) String() string {
	if int(t) < len(tokens) && tokens[t] != "" {
		return tokens[t]
	}
	return "token(" + strconv.Itoa(int(t)) + ")"
}
