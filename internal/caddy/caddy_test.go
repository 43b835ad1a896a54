package caddy

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// testVars reads testdata/vars.txt: "name value file:line:col" per line,
// the bindings the Nix reader would hand over for @name@ placeholders.
func testVars(t testing.TB) map[string][]facts.Binding {
	t.Helper()
	data, err := os.ReadFile("testdata/vars.txt")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string][]facts.Binding{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 3 {
			t.Fatalf("vars.txt: bad line %q", sc.Text())
		}
		var p facts.Pos
		parts := strings.Split(f[2], ":")
		p.File = parts[0]
		if len(parts) == 3 {
			p.Line, _ = strconv.Atoi(parts[1])
			p.Col, _ = strconv.Atoi(parts[2])
		}
		vars[f[0]] = append(vars[f[0]], facts.Binding{Name: f[0], Value: f[1], Pos: p})
	}
	return vars
}

// format prints what a parse produced, one line per fact, diagnostic or
// error, with positions relative to file main.
func format(main string, fs []facts.Fact, ds []diag.Diagnostic, err error) string {
	var b strings.Builder
	pos := func(p facts.Pos) string {
		s := fmt.Sprintf("%d:%d", p.Line, p.Col)
		if p.File != main {
			s = filepath.Base(p.File) + ":" + s
		}
		return s
	}
	for _, f := range fs {
		fmt.Fprintf(&b, "%s %s @ %s [%s] {%s} %s\n", f.Kind, f.Value, pos(f.Pos), strings.Join(f.Subjects, " "), f.Path, f.Note)
	}
	for _, d := range ds {
		fmt.Fprintf(&b, "%s @ %s %s (%s)\n", d.Severity, pos(d.Pos), d.Message, d.Rule)
	}
	if err != nil {
		var p facts.Pos
		msg := err.Error()
		if fe, ok := err.(*facts.Error); ok {
			p, msg = fe.Pos, fe.Msg
		}
		fmt.Fprintf(&b, "error @ %s %s\n", pos(p), msg)
	}
	return b.String()
}

// TestGolden parses every testdata/*.caddy with the bindings of
// vars.txt and the testdata folder as site root, and compares with the
// .golden file next to it (go test -update rewrites them).
func TestGolden(t *testing.T) {
	vars := testVars(t)
	files, _ := filepath.Glob("testdata/*.caddy")
	if len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			// Names are relative to the root, as the site loader gives them.
			rel := filepath.Base(name)
			fs, ds, perr := ParseFile(rel, src, vars, "testdata")
			got := format(rel, fs, ds, perr)
			checkPositions(t, rel, src, fs)
			golden := strings.TrimSuffix(name, ".caddy") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", name, golden, got, want)
			}
		})
	}
}

// checkPositions makes sure every fact whose value is written literally
// points exactly at it: the source text at line:col starts with the value.
func checkPositions(t *testing.T, name string, src []byte, fs []facts.Fact) {
	t.Helper()
	lines := strings.Split(string(src), "\n")
	for _, f := range fs {
		if f.Pos.File != name || strings.Contains(f.Note, "(@") || strings.Contains(f.Value, ":") && f.Kind == facts.IP {
			continue // substituted, imported, or an IPv6 address (written in brackets or expanded)
		}
		if f.Pos.Line < 1 || f.Pos.Line > len(lines) || f.Pos.Col < 1 || f.Pos.Col > len(lines[f.Pos.Line-1])+1 {
			t.Errorf("%s: %v %s: position out of range", f.Pos, f.Kind, f.Value)
			continue
		}
		at := strings.ToLower(lines[f.Pos.Line-1][f.Pos.Col-1:])
		want := f.Value
		if f.Kind == facts.HostPort && strings.HasPrefix(want, "[") {
			continue
		}
		if !strings.HasPrefix(at, want) {
			t.Errorf("%s: %v %s: source there reads %q", f.Pos, f.Kind, f.Value, at)
		}
	}
}

func parseString(t *testing.T, src string) ([]facts.Fact, []diag.Diagnostic, error) {
	t.Helper()
	return ParseFile("Caddyfile", []byte(src), nil, "")
}

// TestUnreadable: inputs that are not Caddyfile text fail with the
// position of the first bad byte.
func TestUnreadable(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"git-crypt", "\x00GITCRYPT\x00\x8f\x12binary", "Caddyfile:1:1: git-crypt encrypted file"},
		{"binary", "example.com {\n\trespond \"a\x00b\"\n}\n", "Caddyfile:2:12: binary file (NUL byte)"},
		{"utf8", "example.com {\n  respond caf\xe9\n}\n", "Caddyfile:2:14: invalid UTF-8"},
		{"heredoc", "example.com {\n\trespond <<EOF\n\thi\n}\n", "Caddyfile:2:10: incomplete heredoc <<EOF, expected ending marker EOF"},
		{"unclosed", "example.com {\n\treverse_proxy a:1\n", "Caddyfile:2:19: unexpected EOF: missing '}'"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs, _, err := parseString(t, c.src)
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %s", err, c.want)
			}
			if _, ok := err.(*facts.Error); !ok {
				t.Errorf("err is %T, want *facts.Error", err)
			}
			if fs != nil {
				t.Errorf("facts from an unreadable file: %v", fs)
			}
		})
	}
}

// TestEnvNotExpanded: {$VAR} stays unknown even when VAR is set, so a
// build never depends on the environment it runs in.
func TestEnvNotExpanded(t *testing.T) {
	t.Setenv("DOCSITE_TEST_DOMAIN", "leaked.example.com")
	t.Setenv("DOCSITE_TEST_PORT", "9999")
	fs, ds, err := parseString(t, "{$DOCSITE_TEST_DOMAIN}:{$DOCSITE_TEST_PORT} {\n\treverse_proxy {$DOCSITE_TEST_DOMAIN}:8080\n}\n")
	if err != nil || len(ds) != 0 {
		t.Fatal(err, ds)
	}
	got := format("Caddyfile", fs, nil, nil)
	if strings.Contains(got, "leaked") || strings.Contains(got, "9999") {
		t.Errorf("environment leaked into facts:\n%s", got)
	}
	if want := "port 8080 @ 2:39 [] {{$DOCSITE_TEST_DOMAIN}:{$DOCSITE_TEST_PORT} > reverse_proxy} proxies {$DOCSITE_TEST_DOMAIN}:{$DOCSITE_TEST_PORT} to {$DOCSITE_TEST_DOMAIN}:8080\n"; got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}

// TestImportRoot: file imports are read inside the root only, whatever
// the path says (.., absolute, symlink); refusals are warnings, and the
// refused file is never read into facts.
func TestImportRoot(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("secret.caddy", "reverse_proxy 10.66.66.66:6666\n")
	write("site/inc/ok.caddy", "reverse_proxy 10.1.1.1:1111\n")
	write("site/inc/crypt.caddy", "\x00GITCRYPT\x00\x01\x02")
	if err := os.Symlink(filepath.Join(dir, "secret.caddy"), filepath.Join(site, "inc", "link.caddy")); err != nil {
		t.Fatal(err)
	}
	main := "example.com {\n" +
		"\timport inc/ok.caddy\n" +
		"\timport ../secret.caddy\n" +
		"\timport " + filepath.Join(dir, "secret.caddy") + "\n" +
		"\timport inc/link.caddy\n" +
		"\timport inc/missing.caddy\n" +
		"\timport inc/crypt.caddy\n" +
		"\timport {$INC}\n" +
		"}\n"
	name := filepath.Join(site, "Caddyfile")
	fs, ds, err := ParseFile(name, []byte(main), nil, site)
	if err != nil {
		t.Fatal(err)
	}
	got := format(name, fs, ds, nil)
	if strings.Contains(got, "6666") {
		t.Errorf("read a file outside the root:\n%s", got)
	}
	if !strings.Contains(got, "hostport 10.1.1.1:1111 @ ok.caddy:1:15") {
		t.Errorf("import inside the root not followed:\n%s", got)
	}
	for _, w := range []string{
		"warning @ 3:9 import ../secret.caddy not followed: outside the site root (caddy-import)",
		"warning @ 4:9 import " + filepath.Join(dir, "secret.caddy") + " not followed: outside the site root (caddy-import)",
		"warning @ 5:9 import inc/link.caddy not followed: " + filepath.Join(site, "inc/link.caddy") + " links outside the site root (caddy-import)",
		"warning @ 6:9 import inc/missing.caddy: no such file (caddy-import)",
		"warning @ 7:9 import inc/crypt.caddy: skipped unreadable " + filepath.Join(site, "inc/crypt.caddy") + ":1:1: git-crypt encrypted file (caddy-import)",
		"warning @ 8:9 import {$INC} not followed: the path holds a placeholder (caddy-import)",
	} {
		if !strings.Contains(got, w+"\n") {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}

	// With no root, no file is read at all.
	fs, ds, _ = ParseFile(name, []byte(main), nil, "")
	if len(fs) != 1 || len(ds) != 7 {
		t.Errorf("root \"\": %d facts, %d warnings; want 1 (the site), 7", len(fs), len(ds))
	}
}

// TestImportCycle: a file importing itself stops with an error, not a hang.
func TestImportCycle(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "Caddyfile")
	src := "import Caddyfile\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := ParseFile(name, []byte(src), nil, dir)
	if err == nil || !strings.Contains(err.Error(), "import cycle") {
		t.Errorf("err = %v, want an import cycle error", err)
	}

	_, _, err = parseString(t, "(a) {\n\timport b\n}\n(b) {\n\timport a\n}\nexample.com {\n\timport a\n}\n")
	if want := "Caddyfile:5:9: import cycle: snippet a imports itself"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}

	// Snippets that each import the one before twice double at every
	// level: the token budget stops them.
	var b strings.Builder
	b.WriteString("(s0) {\n\trespond hi\n}\n")
	for i := 1; i <= 15; i++ {
		fmt.Fprintf(&b, "(s%d) {\n\timport s%d\n\timport s%d\n}\n", i, i-1, i-1)
	}
	b.WriteString("example.com {\n\timport s15\n\timport s15\n\timport s15\n\timport s15\n\timport s15\n}\n")
	_, _, err = parseString(t, b.String())
	if err == nil || !strings.Contains(err.Error(), "imports expand to more than") {
		t.Errorf("err = %v, want the import budget error", err)
	}
}

// TestDoc: Caddy text inside a Nix string reports positions in the .nix
// file, and reads as site body, global options or whole Caddyfile by the
// attribute path.
func TestDoc(t *testing.T) {
	// As the Nix reader hands over virtualHosts."media.example.com".extraConfig:
	// wrapped in a site block whose address line maps to the attribute
	// name, the body lines to the '' string from line 10, indented by 8
	// columns that Nix strips.
	text := "media.example.com {\n# Jellyfin\nreverse_proxy @jellyfin mini-vm.orb.local:@jellyfinPort@\n@jellyfin host jellyfin.lan\nbind {nix.cfg.address}\n}\n"
	file := "machines/mini/default.nix"
	lines := []facts.Pos{{File: file, Line: 8, Col: 30}}
	for i := range 4 {
		lines = append(lines, facts.Pos{File: file, Line: 10 + i, Col: 9})
	}
	lines = append(lines, lines[len(lines)-1])
	vars := map[string][]facts.Binding{"jellyfinPort": {{Name: "jellyfinPort", Value: "8097", Pos: facts.Pos{File: "flake.nix", Line: 3, Col: 20}}}}
	doc := facts.Doc{
		Lang:     "caddyfile",
		Text:     text,
		Lines:    lines,
		Subjects: []string{"media", "mini"},
		Path:     `services.caddy.virtualHosts."media.example.com".extraConfig`,
	}
	fs, ds, err := ParseDoc(doc, vars)
	if err != nil || len(ds) != 0 {
		t.Fatal(err, ds)
	}
	got := format(file, fs, ds, err)
	want := `host media.example.com @ 8:30 [media mini] {services.caddy.virtualHosts."media.example.com".extraConfig > media.example.com} Caddy site media.example.com
hostport mini-vm.orb.local:8097 @ 11:33 [jellyfin mini-vm mini vm media] {services.caddy.virtualHosts."media.example.com".extraConfig > media.example.com > reverse_proxy @jellyfin} proxies jellyfin to mini-vm.orb.local:8097 (@jellyfinPort@ = 8097 at flake.nix:3:20)
host mini-vm.orb.local @ 11:33 [jellyfin mini-vm mini vm media] {services.caddy.virtualHosts."media.example.com".extraConfig > media.example.com > reverse_proxy @jellyfin} proxies jellyfin to mini-vm.orb.local:8097 (@jellyfinPort@ = 8097 at flake.nix:3:20)
port 8097 @ 11:51 [jellyfin mini-vm mini vm media] {services.caddy.virtualHosts."media.example.com".extraConfig > media.example.com > reverse_proxy @jellyfin} proxies jellyfin to mini-vm.orb.local:8097 (@jellyfinPort@ = 8097 at flake.nix:3:20)
host jellyfin.lan @ 12:24 [jellyfin media mini] {services.caddy.virtualHosts."media.example.com".extraConfig > media.example.com > @jellyfin} matcher @jellyfin matches host jellyfin.lan
`
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}

	doc.Path = "services.caddy.globalConfig"
	doc.Text = "{\nhttp_port 8080\ndefault_bind 192.168.50.3\n}\n"
	fs, _, err = ParseDoc(doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	got = format(file, fs, nil, nil)
	want = `port 8080 @ 10:19 [media mini] {services.caddy.globalConfig > global options > http_port} global option http_port 8080
ip 192.168.50.3 @ 11:22 [media mini] {services.caddy.globalConfig > global options > default_bind} global option default_bind 192.168.50.3
`
	if got != want {
		t.Errorf("global: got\n%swant\n%s", got, want)
	}

	doc.Path = "services.caddy.extraConfig"
	doc.Text = "import /etc/caddy/other\nexample.com {\n\tbind 10.0.0.1\n}\n"
	fs, ds, err = ParseDoc(doc, nil)
	if err != nil || len(fs) != 2 || len(ds) != 0 {
		t.Errorf("extraConfig: %v\n%s", err, format(file, fs, ds, err))
	}

	doc.Text = "example.com {\n"
	_, _, err = ParseDoc(doc, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "machines/mini/default.nix:8:") {
		t.Errorf("error position not mapped: %v", err)
	}
}

// TestOracle: Caddy itself must accept every valid testdata file and
// reject every one whose golden file ends in an error. Templates are
// adapted after substituting the first value of each binding (and a
// stand-in for unknown ones), in a copy of the testdata folder so
// imports resolve the same way.
func TestOracle(t *testing.T) {
	bin, err := exec.LookPath("caddy")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("caddy not on PATH; CI must install it (apt-get install caddy)")
		}
		t.Skip("caddy not on PATH: the Caddyfile oracle is not run")
	}
	vars := testVars(t)
	dir := t.TempDir()
	err = filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(data)
		var b strings.Builder
		last := 0
		for _, l := range placeholders(text) {
			b.WriteString(text[last:l[0]])
			if bs := vars[text[l[0]+1:l[1]-1]]; len(bs) > 0 {
				b.WriteString(bs[0].Value)
			} else {
				b.WriteString("unknown")
			}
			last = l[1]
		}
		b.WriteString(text[last:])
		data = []byte(b.String())
		out := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	// Heredocs came with Caddy 2.7; Debian's caddy is 2.6.
	ver, _ := exec.Command(bin, "version").Output()
	oldCaddy := regexp.MustCompile(`^v?2\.[0-6]\.`).Match(ver)
	files, _ := filepath.Glob("testdata/*.caddy")
	for _, name := range files {
		if src, _ := os.ReadFile(name); oldCaddy && bytes.Contains(src, []byte("<<")) {
			t.Logf("%s: skipped, uses heredocs, which caddy %s cannot read", name, bytes.TrimSpace(ver))
			continue
		}
		golden, _ := os.ReadFile(strings.TrimSuffix(name, ".caddy") + ".golden")
		lines := strings.Split(strings.TrimSpace(string(golden)), "\n")
		wantErr := strings.HasPrefix(lines[len(lines)-1], "error @")
		cmd := exec.Command(bin, "adapt", "--config", filepath.Join(dir, name), "--adapter", "caddyfile")
		cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
		out, err := cmd.CombinedOutput()
		switch {
		case wantErr && err == nil:
			t.Errorf("%s: we report an error, but caddy adapt accepts it", name)
		case !wantErr && err != nil:
			t.Errorf("%s: caddy adapt rejects it: %v\n%s", name, err, out)
		}
	}
}

// benchInput is a template of 200 sites, each with a snippet import, a
// placeholder with two values, a matcher, nested handles and upstreams.
func benchInput() []byte {
	var src bytes.Buffer
	src.WriteString("{\n\temail admin@example.com\n\thttp_port 80\n}\n\n(common) {\n\tencode gzip\n\theader -Server\n}\n\n")
	for i := range 200 {
		fmt.Fprintf(&src, "# Service %d\nsvc%d.@externalDomain@ {\n\timport common\n\tbind @beeIp@\n\t@api%d host api%d.example.com\n\thandle @api%d {\n\t\treverse_proxy 10.0.%d.%d:%d\n\t}\n\treverse_proxy svc%d.orb.local:%d {\n\t\theader_up Host {host}\n\t}\n}\n\n",
			i, i, i, i, i, i/250, i%250, 8000+i, i, 9000+i)
	}
	return src.Bytes()
}

func BenchmarkParseFile(b *testing.B) {
	vars := testVars(b)
	data := benchInput()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ParseFile("templates/Caddyfile.bench", data, vars, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenize is Caddy's own lexer alone on the same input: the
// floor ParseFile is measured against.
func BenchmarkTokenize(b *testing.B) {
	data := benchInput()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := caddyfile.Tokenize(data, "Caddyfile"); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzParseFile: no input makes the reader panic or hang, and every
// error carries a position.
func FuzzParseFile(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.caddy")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		vars := map[string][]facts.Binding{"beeIp": {{Name: "beeIp", Value: "10.0.0.1"}, {Name: "beeIp", Value: "10.0.0.2"}}}
		_, _, err := ParseFile("Caddyfile", data, vars, "")
		if err != nil {
			if fe, ok := err.(*facts.Error); !ok || !fe.Pos.IsValid() {
				t.Errorf("error without position: %v", err)
			}
		}
	})
}

// TestPlaceholders: the hand-written scanner finds what the regexp in
// its comment finds.
func TestPlaceholders(t *testing.T) {
	re := regexp.MustCompile(`@([A-Za-z_][A-Za-z0-9_-]*)@`)
	for _, s := range []string{
		"", "@", "@@", "@a@", "@a@@b@", "@a@b@c@", "x@a-b_1@:@p@/", "@1a@", "@a b@",
		"admin@example.com", "*.@externalDomain@", "@jellyfin", "@@x@", "@_@", "@a-@",
	} {
		var want [][2]int
		for _, m := range re.FindAllStringIndex(s, -1) {
			want = append(want, [2]int{m[0], m[1]})
		}
		if got := placeholders(s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("placeholders(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestCRLF: a file saved with Windows line ends reads to the same facts
// at the same positions.
func TestCRLF(t *testing.T) {
	vars := testVars(t)
	for _, name := range []string{"sites.caddy", "global.caddy", "placeholders.caddy"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		fs, ds, err := ParseFile(name, src, vars, "testdata")
		want := format(name, fs, ds, err)
		crlf := bytes.ReplaceAll(src, []byte("\n"), []byte("\r\n"))
		fs, ds, err = ParseFile(name, crlf, vars, "testdata")
		if got := format(name, fs, ds, err); got != want {
			t.Errorf("%s with CRLF:\n%s\nwant\n%s", name, got, want)
		}
	}
}

// FuzzSpans: our token boundaries agree with Caddy's lexer on any input
// it accepts that has no backslash (escapes have corners where lex falls
// back to searching each token on its line), and lex always gives
// positions inside the text, in order.
func FuzzSpans(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.caddy")
	for _, name := range files {
		data, _ := os.ReadFile(name)
		f.Add(string(data))
	}
	f.Add("a \\\n b \"c\\\"d\" `e` <<X\nx\nX f#g #h\n")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return
		}
		ctoks, err := caddyfile.Tokenize([]byte(s), "f")
		if err != nil {
			return
		}
		toks, err := lex(newSource("f", s, nil))
		if err != nil || len(toks) != len(ctoks) {
			t.Fatalf("lex: %v, %d tokens, want %d", err, len(toks), len(ctoks))
		}
		for i, tk := range toks {
			if tk.off < 0 || tk.off > len(s) || i > 0 && tk.off < toks[i-1].off {
				t.Fatalf("token %d at offset %d, after %d, in %q", i, tk.off, toks[max(i-1, 0)].off, s)
			}
		}
		if strings.Contains(s, `\`) {
			return
		}
		spans := scanSpans(s)
		if len(spans) != len(ctoks) {
			t.Fatalf("%d spans, %d tokens in %q", len(spans), len(ctoks), s)
		}
		for i, ct := range ctoks {
			raw := strings.ReplaceAll(s[spans[i][0]:spans[i][1]], "\r", "")
			unterminated := strings.HasPrefix(raw, `"`) || strings.HasPrefix(raw, "`")
			if !ct.Quoted() && !unterminated && raw != ct.Text {
				t.Fatalf("token %d: raw %q, text %q in %q", i, raw, ct.Text, s)
			}
		}
	})
}

func TestFileWords(t *testing.T) {
	for _, c := range []struct{ name, root, want string }{
		{"templates/Caddyfile.mini", "", "mini"},
		{"machines/mini-vm/caddy.nix", "/repo", "mini-vm mini vm"},
		{"/repo/hosts/bee/Caddyfile", "/repo", "bee"},
		{"/home/someone/src/homelab/templates/Caddyfile.bee", "", "homelab bee"},
	} {
		if got := strings.Join(fileWords(c.name, c.root), " "); got != c.want {
			t.Errorf("fileWords(%q, %q) = %q, want %q", c.name, c.root, got, c.want)
		}
	}
}

// TestSnippetWarnsOnce: a warning inside a snippet is reported once, however
// often the snippet is imported.
func TestSnippetWarnsOnce(t *testing.T) {
	src := "(s) {\n\timport ../outside.caddy\n\treverse_proxy @nope@:80\n}\na.example.com {\n\timport s\n}\nb.example.com {\n\timport s\n}\n"
	fs, ds, err := ParseFile("Caddyfile", []byte(src), nil, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := format("Caddyfile", nil, ds, nil)
	want := "warning @ 2:9 import ../outside.caddy not followed: outside the site root (caddy-import)\n" +
		"warning @ 3:16 unknown placeholder @nope@: no binding named nope, its value is unknown (unknown-placeholder)\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
	if n := len(fs); n != 4 { // two sites, a port for each
		t.Errorf("%d facts, want 4:\n%s", n, format("Caddyfile", fs, nil, nil))
	}
}
