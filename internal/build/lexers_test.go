package build

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestFastLexersKeepText checks that every fast lexer's tokens spell out
// its input exactly (plus the final newline it ensures), and that no
// input makes one panic.
func TestFastLexersKeepText(t *testing.T) {
	inputs := []string{
		"", "\n", "$", "${", "${x", "'", "\"", "''", "/*", "{", "}", "<", "~", "-", ".", "''${",
		"$ systemctl restart caddy\nok\n[root@mini]$ ls -la ${HOME} && echo \"$x\" | grep '1' # c\n",
		"{ config, lib, ... }:\nlet x = \"a${toString 1}b\\n\"; y = ''\n  ''${z} ${x}\n''; in { a.b = [ 1 2.5 ./p <nixpkgs/lib> https://x.org/a ]; }\n",
		"example.com, {$HOST}:443 {\n\t@api path /api/*\n\treverse_proxy @api 10.0.0.1:8080 {\n\t\tlb_policy first\n\t}\n\theader X-A \"b c\" # note\n\tencode gzip\n\ttimeout 10s\n}\n(snip) {\n}\nimport snip\n",
		"é ü 日本 \x00 \xff",
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "${}()[]'\"`#/*<>~.-+@:;,=\\|& \t\nabcxyz019é"
	for range 2000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	for lang, lex := range fastLexers {
		for _, in := range inputs {
			var got strings.Builder
			for _, tok := range lex(in) {
				got.WriteString(tok.Value)
			}
			want := in
			if !strings.HasSuffix(want, "\n") && (lang != "nix" && lang != "nixos") {
				want += "\n"
			}
			if got.String() != want {
				t.Fatalf("%s: tokens of %q spell %q", lang, in, got.String())
			}
		}
	}
}
