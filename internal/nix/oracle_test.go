package nix

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The oracle test runs nix-instantiate --parse on every file of
// testdata/parse and on a few hundred generated programs, and demands that
// we accept exactly what Nix accepts and print exactly what it prints.

// nixInstantiate returns the path of nix-instantiate and an environment
// that lets it run as any user without a daemon or a /nix/var it can
// write: state, home and config point into a temporary directory.
func nixInstantiate(t testing.TB) (bin string, env []string, home string) {
	bin, err := exec.LookPath("nix-instantiate")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nix-instantiate not on PATH (needed under CI=true)")
		}
		t.Skip("nix-instantiate not on PATH; skipping the oracle comparison")
	}
	tmp := t.TempDir()
	home = filepath.Join(tmp, "home")
	for _, d := range []string{home, filepath.Join(tmp, "state"), filepath.Join(tmp, "conf")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env = append(os.Environ(),
		"HOME="+home,
		"NIX_STATE_DIR="+filepath.Join(tmp, "state"),
		"NIX_CONF_DIR="+filepath.Join(tmp, "conf"),
		"NIX_PATH=",
	)
	// The first nix-instantiate creates the state database; several
	// creating it at once (runOracleParallel) leave it "corrupt". One run
	// here creates it before any run in parallel.
	cmd := exec.Command(bin, "--parse", "-E", "1")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nix-instantiate --parse -E 1: %v\n%s", err, out)
	}
	return bin, env, home
}

// oracleResult is Nix's verdict on one file: its printed form, or the
// error it reported.
type oracleResult struct {
	out string
	err string
}

// runOracle parses many files with as few nix-instantiate processes as
// it can: one call takes all remaining files and stops at the first that
// fails; the printed lines before it belong to the files before it.
func runOracle(bin string, env []string, files []string) ([]oracleResult, error) {
	res := make([]oracleResult, len(files))
	for i := 0; i < len(files); {
		args := append([]string{"--parse"}, files[i:]...)
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		lines := strings.SplitAfter(stdout.String(), "\n")
		if len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for _, l := range lines {
			if i >= len(files) {
				break
			}
			res[i].out = strings.TrimSuffix(l, "\n")
			i++
		}
		if err == nil {
			if i < len(files) {
				return nil, fmt.Errorf("nix-instantiate printed %d results for %d files", len(lines), len(files))
			}
			break
		}
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, fmt.Errorf("running nix-instantiate: %v", err)
		}
		if i >= len(files) {
			return nil, fmt.Errorf("nix-instantiate failed after printing every file: %s", stderr.String())
		}
		res[i].err = firstLine(stderr.String())
		if res[i].err == "" {
			res[i].err = "failed"
		}
		i++
	}
	return res, nil
}

// runOracleParallel splits the files among n concurrent runOracle calls:
// every rejected file costs a new nix-instantiate start.
func runOracleParallel(t *testing.T, bin string, env []string, files []string, n int) []oracleResult {
	res := make([]oracleResult, len(files))
	errs := make([]error, n)
	var wg sync.WaitGroup
	size := (len(files) + n - 1) / n
	for k := 0; k < n; k++ {
		lo, hi := k*size, min((k+1)*size, len(files))
		if lo >= hi {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r []oracleResult
			r, errs[k] = runOracle(bin, env, files[lo:hi])
			copy(res[lo:hi], r)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return res
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestOracle(t *testing.T) {
	bin, env, home := nixInstantiate(t)
	dir := t.TempDir()
	var files []string
	var names []string

	corpus, err := filepath.Glob(filepath.Join("testdata", "parse", "*.nix"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(corpus)
	for _, c := range corpus {
		src, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		// Copy into the temp dir so relative paths print the same for
		// both of us whatever the checkout's location.
		dst := filepath.Join(dir, filepath.Base(c))
		if err := os.WriteFile(dst, src, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, dst)
		names = append(names, c)
	}
	gen := filepath.Join(dir, "gen")
	if err := os.Mkdir(gen, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, src := range generatePrograms(1, 300) {
		dst := filepath.Join(gen, fmt.Sprintf("g%03d.nix", i))
		if err := os.WriteFile(dst, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, dst)
		names = append(names, fmt.Sprintf("generated program %d", i))
	}

	results := runOracleParallel(t, bin, env, files, 8)
	accepted, rejected := 0, 0
	for i, file := range files {
		src, _ := os.ReadFile(file)
		want := results[i]
		f, err := ParseFile(file, src)
		if want.err != "" {
			rejected++
			if err == nil {
				t.Errorf("%s: nix rejects (%s), we accept:\n%s", names[i], want.err, src)
			}
			continue
		}
		accepted++
		if err != nil {
			t.Errorf("%s: nix accepts, we reject: %v\n%s", names[i], err, src)
			continue
		}
		var buf bytes.Buffer
		pr := &Printer{BaseDir: filepath.Dir(file), Home: home}
		if err := pr.Fprint(&buf, f); err != nil {
			t.Errorf("%s: print: %v", names[i], err)
			continue
		}
		got := buf.String()
		if normOracle(got) != normOracle(want.out) {
			t.Errorf("%s: printed forms differ\nsource: %s\nnix:  %s\nours: %s", names[i], src, want.out, got)
		}
	}
	t.Logf("%d files: nix accepted %d, rejected %d", len(files), accepted, rejected)
}

// normOracle removes the differences that come from Nix printing some
// lists in the order of its symbol table's memory addresses, which we
// cannot reproduce: let bindings and function formals are sorted.
func normOracle(s string) string { return normLet(normFormals(s)) }

// normFormals sorts the names of every `{ a, b ? e, ... }:` pattern.
func normFormals(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			j := skipString(s, i)
			b.WriteString(s[i:min(j+1, len(s))])
			i = j
			continue
		case strings.HasPrefix(s[i:], "{ "):
			end := matchBrace(s, i)
			if end > 0 && (strings.HasPrefix(s[end+1:], ": ") || strings.HasPrefix(s[end+1:], " @ ")) && end-1 >= i+2 {
				inner := s[i+2 : end-1]
				parts := splitTop(inner)
				for k := range parts {
					parts[k] = normFormals(parts[k])
				}
				sort.Slice(parts, func(a, c int) bool {
					if parts[a] == "..." || parts[c] == "..." {
						return parts[c] == "..."
					}
					return parts[a] < parts[c]
				})
				b.WriteString("{ " + strings.Join(parts, ", ") + " }")
				i = end
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// matchBrace returns the index of the } closing the { at i, or -1.
func matchBrace(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = skipString(s, i)
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// splitTop splits s at ", " outside brackets and strings.
func splitTop(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = skipString(s, i)
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case ',':
			if depth == 0 && i+1 < len(s) && s[i+1] == ' ' {
				parts = append(parts, s[start:i])
				start = i + 2
			}
		}
	}
	return append(parts, s[start:])
}

// normLet sorts the bindings of every `(let ... in` in a printed
// expression. Nix prints let bindings in the order of its symbol table's
// memory addresses, which we cannot reproduce; we print them sorted.
func normLet(s string) string {
	var b strings.Builder
	for {
		i := indexOutsideStrings(s, "(let ")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i+5])
		s = s[i+5:]
		var binds []string
		for !strings.HasPrefix(s, "in ") && s != "" {
			n := bindingLen(s)
			binds = append(binds, normLet(s[:n]))
			s = s[n:]
		}
		sort.Strings(binds)
		b.WriteString(strings.Join(binds, ""))
	}
}

// bindingLen is the length of the first `name = value; ` or
// `inherit name; ` of s: up to the first "; " outside brackets and
// strings that no `assert` claims.
func bindingLen(s string) int {
	depth, asserts := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			i = skipString(s, i)
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case 'a':
			if depth == 0 && strings.HasPrefix(s[i:], "assert ") && (i == 0 || s[i-1] == ' ') {
				asserts++
			}
		case ';':
			if depth == 0 && i+1 < len(s) && s[i+1] == ' ' {
				if asserts > 0 {
					asserts--
					continue
				}
				return i + 2
			}
		}
	}
	return len(s)
}

func skipString(s string, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return i
}

func indexOutsideStrings(s, sub string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			i = skipString(s, i)
			continue
		}
		if strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}
