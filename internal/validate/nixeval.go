package validate

import (
	"errors"
	"fmt"
	"slices"

	"github.com/docsite/docsite/internal/diag"
	"github.com/docsite/docsite/internal/facts"
	"github.com/docsite/docsite/internal/nix"
)

// nixResult is what the Nix evaluator gives the inventory.
type nixResult struct {
	facts []facts.Fact
	docs  []facts.Doc
	// bindings are all @name@ values; byTemplate those given to one
	// template file, which its placeholders resolve through first.
	bindings   map[string][]facts.Binding
	byTemplate map[string]map[string][]facts.Binding
	machines   []string
	// fileHosts and templateHosts say which machines each Nix file and
	// each template file belongs to.
	fileHosts, templateHosts map[string][]string
	diags                    diag.List
}

// parseNix parses one Nix file; a file that does not parse is skipped.
func parseNix(rel string, src []byte) (any, error) {
	f, err := nix.ParseFile(rel, src)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// evalNix evaluates the parsed files together (references cross files).
func evalNix(parsed []any) nixResult {
	files := make([]*nix.File, 0, len(parsed))
	for _, p := range parsed {
		if f, ok := p.(*nix.File); ok {
			files = append(files, f)
		}
	}
	out := nixResult{bindings: map[string][]facts.Binding{}, byTemplate: map[string]map[string][]facts.Binding{}}
	if len(files) == 0 {
		return out
	}
	res := nix.Evaluate(files)
	out.facts, out.docs = res.Facts, res.Docs
	for _, b := range res.Bindings {
		out.bindings[b.Name] = appendBinding(out.bindings[b.Name], b)
	}
	for _, t := range res.Templates {
		if t.Src == "" {
			continue
		}
		m := out.byTemplate[t.Src]
		if m == nil {
			m = map[string][]facts.Binding{}
			out.byTemplate[t.Src] = m
		}
		for _, b := range t.Bindings {
			m[b.Name] = appendBinding(m[b.Name], b)
		}
	}
	// Most files are one machine's: their lists of one are cut from a
	// block.
	n := 0
	for _, m := range res.Machines {
		n += len(m.Files)
	}
	block := make([]string, 0, n)
	out.fileHosts, out.templateHosts = make(map[string][]string, n), map[string][]string{}
	for _, m := range res.Machines {
		out.machines = append(out.machines, m.Name)
		for _, f := range m.Files {
			if hs, ok := out.fileHosts[f]; ok {
				out.fileHosts[f] = appendUnique(hs, m.Name)
				continue
			}
			block = append(block, m.Name)
			out.fileHosts[f] = block[len(block)-1 : len(block) : len(block)]
		}
	}
	for _, t := range res.Templates {
		if t.Src != "" {
			for _, h := range t.Hosts {
				out.templateHosts[t.Src] = appendUnique(out.templateHosts[t.Src], h)
			}
		}
	}
	for _, err := range res.Errors {
		d := diag.Diagnostic{Severity: diag.Warning, Rule: "nix", Message: err.Error()}
		var fe *facts.Error
		if errors.As(err, &fe) {
			d.Pos, d.Message = fe.Pos, fe.Msg
		}
		out.diags = append(out.diags, d)
	}
	return out
}

func appendBinding(bs []facts.Binding, b facts.Binding) []facts.Binding {
	for _, x := range bs {
		if x.Value == b.Value {
			return bs
		}
	}
	return append(bs, b)
}

// nixErrorPos extracts the first position of a Nix error list.
func nixErrorPos(err error) (facts.Pos, string, bool) {
	var el nix.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		msg := el[0].Msg
		if len(el) > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", len(el)-1)
		}
		return el[0].Pos, msg, true
	}
	var fe *facts.Error
	if errors.As(err, &fe) {
		return fe.Pos, fe.Msg, true
	}
	return facts.Pos{}, "", false
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}
