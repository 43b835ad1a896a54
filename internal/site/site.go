// Package site reads a site's configuration, site.toml, into a Config with
// defaults filled in and every directory resolved to an absolute path.
//
// All keys are optional, so a bare folder of Markdown files is a site.
// Unknown keys and values of the wrong type are errors that point at the
// key: "site.toml:12:1: unknown key validate.strct".
package site

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/docsite/docsite/internal/facts"
)

// FileName is the name of the configuration file at a site's root.
const FileName = "site.toml"

// Config is a site's configuration. Directory fields are absolute paths.
type Config struct {
	// File is the absolute path of the site.toml read, or "" when the
	// configuration is Default's.
	File string

	Title      string
	Root       string // folder holding site.toml
	Content    string // Markdown sources
	Output     string // built site
	Theme      string // a site's theme overrides (may not exist)
	Static     string // copied verbatim to Output (may not exist)
	BasePath   string // path prefix the site is served under, "/…/"
	UnsafeHTML bool   // pass raw HTML in Markdown through

	// IndexLinks makes links to pages end in "index.html"
	// ("mini-vm/index.html") rather than "/" ("mini-vm/"). It is the
	// default because a link to a folder on file:// shows a listing, not
	// the page; set pretty_links = true when the site is always served by
	// an HTTP server.
	IndexLinks bool

	Serve    Serve
	Validate Validate
}

// Serve configures the development server.
type Serve struct {
	Bind              string
	Port              int
	NavigateToChanged bool
}

// Validate configures fact checking.
type Validate struct {
	Enabled bool
	Strict  bool
	Nix     []string // globs relative to Root
	Caddy   []string // globs relative to Root
	Exclude []string // globs relative to Root
	Ignore  []string // values never judged
	Aliases map[string][]string
	Rules   []Rule
}

// Rule suppresses claims on pages whose path matches.
type Rule struct {
	Path   string
	Values []string // empty: every claim on matching pages
	Reason string
	Pos    facts.Pos // where the rule is written, for reporting unused rules
}

// Error is a configuration error at a position in site.toml.
type Error struct {
	Pos facts.Pos
	Msg string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Default returns the configuration of a site at root that has no
// site.toml.
func Default(root string) (*Config, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	c := &Config{
		Title:      filepath.Base(abs),
		Root:       abs,
		BasePath:   "/",
		IndexLinks: true,
		Serve:      Serve{Bind: "0.0.0.0", Port: 1313, NavigateToChanged: true},
		Validate:   Validate{Enabled: true},
	}
	c.resolve("", "", "", "")
	return c, nil
}

// Load reads the site.toml at path. The directory holding it is the site's
// root; relative directories in it are resolved against that root.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c, err := Default(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	c.File = abs
	if err := c.parse(path, src); err != nil {
		return nil, err
	}
	return c, nil
}

// Find loads dir/site.toml, or returns Default(dir) when there is none.
func Find(dir string) (*Config, error) {
	p := filepath.Join(dir, FileName)
	if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
		return Default(dir)
	}
	return Load(p)
}

// Rel returns p relative to the site root with forward slashes, the form
// diagnostics print. Paths outside the root are returned as they are.
func (c *Config) Rel(p string) string {
	r, err := filepath.Rel(c.Root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// resolve turns the configured directories (relative to Root, "" for the
// default) into absolute paths and fills in the defaults that depend on
// what is on disk.
func (c *Config) resolve(content, output, theme, static string) {
	abs := func(p, def string) string {
		if p == "" {
			p = def
		}
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(c.Root, filepath.FromSlash(p))
	}
	if content == "" {
		content = defaultContent(c.Root)
	}
	c.Content = abs(content, "content")
	c.Output = abs(output, "public")
	c.Theme = abs(theme, "theme")
	c.Static = abs(static, "static")
	if c.Validate.Nix == nil {
		if _, err := os.Stat(filepath.Join(c.Root, "flake.nix")); err == nil {
			c.Validate.Nix = []string{"**/*.nix"}
		}
	}
	if c.Validate.Caddy == nil {
		c.Validate.Caddy = []string{"**/Caddyfile*"}
	}
}

// defaultContent picks the content folder when site.toml names none:
// content/ if it exists, else docs/, else the root itself.
func defaultContent(root string) string {
	for _, d := range []string{"content", "docs"} {
		if fi, err := os.Stat(filepath.Join(root, d)); err == nil && fi.IsDir() {
			return d
		}
	}
	return "."
}

func (c *Config) parse(name string, src []byte) error {
	var raw map[string]any
	_, err := toml.Decode(string(src), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return &Error{Pos: facts.Pos{File: name, Line: pe.Position.Line, Col: pe.Position.Col}, Msg: pe.Message}
		}
		return &Error{Pos: facts.Pos{File: name}, Msg: err.Error()}
	}
	d := &decoder{file: name, keys: locateKeys(src)}
	var content, output, theme, static string
	d.table(raw, "", map[string]func(string, any){
		"title":        d.str(&c.Title),
		"content":      d.str(&content),
		"output":       d.str(&output),
		"theme":        d.str(&theme),
		"static":       d.str(&static),
		"base_path":    d.str(&c.BasePath),
		"unsafe_html":  d.boolean(&c.UnsafeHTML),
		"pretty_links": d.not(&c.IndexLinks),
		"serve": d.sub(map[string]func(string, any){
			"bind":                d.str(&c.Serve.Bind),
			"port":                d.integer(&c.Serve.Port),
			"navigate_to_changed": d.boolean(&c.Serve.NavigateToChanged),
		}),
		"validate": d.sub(map[string]func(string, any){
			"enabled": d.boolean(&c.Validate.Enabled),
			"strict":  d.boolean(&c.Validate.Strict),
			"nix":     d.strs(&c.Validate.Nix),
			"caddy":   d.strs(&c.Validate.Caddy),
			"exclude": d.strs(&c.Validate.Exclude),
			"ignore":  d.strs(&c.Validate.Ignore),
			"aliases": d.aliases(&c.Validate.Aliases),
			"rules":   d.rules(&c.Validate.Rules),
		}),
	})
	if d.err != nil {
		return d.err
	}
	if !strings.HasPrefix(c.BasePath, "/") {
		c.BasePath = "/" + c.BasePath
	}
	if !strings.HasSuffix(c.BasePath, "/") {
		c.BasePath += "/"
	}
	if c.Serve.Port < 0 || c.Serve.Port > 65535 {
		return d.errorf("serve.port", "port %d out of range 0–65535", c.Serve.Port)
	}
	c.resolve(content, output, theme, static)
	return nil
}

// decoder checks a decoded TOML map against the schema and remembers the
// first error, with the position of the offending key.
type decoder struct {
	file string
	keys map[string]facts.Pos // dotted key path → where it is written
	err  error
}

func (d *decoder) errorf(key, format string, args ...any) error {
	if d.err == nil {
		p := d.pos(key)
		p.File = d.file
		d.err = &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
	}
	return d.err
}

// pos returns where key is written; keys of inline tables are not located,
// so it falls back to the nearest enclosing key that is.
func (d *decoder) pos(key string) facts.Pos {
	for key != "" {
		if p, ok := d.keys[key]; ok {
			return p
		}
		if p, ok := d.keys[stripIndexes(key)]; ok {
			return p
		}
		i := strings.LastIndexAny(key, ".[")
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return facts.Pos{Line: 1, Col: 1}
}

func (d *decoder) table(m map[string]any, prefix string, fields map[string]func(string, any)) {
	// Sorted so the first error reported is the first in the file.
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sortByPos(keys, func(k string) facts.Pos { return d.pos(prefix + k) })
	for _, k := range keys {
		full := prefix + k
		f, ok := fields[k]
		if !ok {
			d.errorf(full, "unknown key %s", full)
			return
		}
		f(full, m[k])
		if d.err != nil {
			return
		}
	}
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}

func (d *decoder) str(dst *string) func(string, any) {
	return func(key string, v any) {
		s, ok := v.(string)
		if !ok {
			d.errorf(key, "%s must be a string, not %s", key, typeName(v))
			return
		}
		*dst = s
	}
}

func (d *decoder) boolean(dst *bool) func(string, any) {
	return func(key string, v any) {
		b, ok := v.(bool)
		if !ok {
			d.errorf(key, "%s must be true or false, not %s", key, typeName(v))
			return
		}
		*dst = b
	}
}

func (d *decoder) not(dst *bool) func(string, any) {
	var b bool
	set := d.boolean(&b)
	return func(key string, v any) {
		set(key, v)
		*dst = !b
	}
}

func (d *decoder) integer(dst *int) func(string, any) {
	return func(key string, v any) {
		n, ok := v.(int64)
		if !ok {
			d.errorf(key, "%s must be an integer, not %s", key, typeName(v))
			return
		}
		*dst = int(n)
	}
}

func (d *decoder) strs(dst *[]string) func(string, any) {
	return func(key string, v any) {
		list, ok := v.([]any)
		if !ok {
			d.errorf(key, "%s must be an array of strings, not %s", key, typeName(v))
			return
		}
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := e.(string)
			if !ok {
				d.errorf(key, "%s must be an array of strings, has %s", key, typeName(e))
				return
			}
			out = append(out, s)
		}
		*dst = out
	}
}

func (d *decoder) sub(fields map[string]func(string, any)) func(string, any) {
	return func(key string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			d.errorf(key, "%s must be a table, not %s", key, typeName(v))
			return
		}
		d.table(m, key+".", fields)
	}
}

func (d *decoder) aliases(dst *map[string][]string) func(string, any) {
	return func(key string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			d.errorf(key, "%s must be a table, not %s", key, typeName(v))
			return
		}
		out := make(map[string][]string, len(m))
		for word, syn := range m {
			var list []string
			d.strs(&list)(key+"."+word, syn)
			if d.err != nil {
				return
			}
			out[word] = list
		}
		*dst = out
	}
}

func (d *decoder) rules(dst *[]Rule) func(string, any) {
	return func(key string, v any) {
		list, ok := v.([]map[string]any)
		if !ok {
			d.errorf(key, "%s must be an array of tables ([[%s]]), not %s", key, key, typeName(v))
			return
		}
		for i, m := range list {
			var r Rule
			k := fmt.Sprintf("%s[%d]", key, i)
			d.table(m, k+".", map[string]func(string, any){
				"path":   d.str(&r.Path),
				"values": d.strs(&r.Values),
				"reason": d.str(&r.Reason),
			})
			if d.err != nil {
				return
			}
			r.Pos = d.pos(k)
			r.Pos.File = d.file
			if r.Path == "" {
				d.errorf(k, "%s needs a path", key)
				return
			}
			if strings.TrimSpace(r.Reason) == "" {
				d.errorf(k, "%s for %q needs a reason", key, r.Path)
				return
			}
			if _, err := filepath.Match(r.Path, ""); err != nil {
				d.errorf(k+".path", "bad pattern %q: %v", r.Path, err)
				return
			}
			*dst = append(*dst, r)
		}
	}
}
