package validate

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docsite/docsite/internal/site"
)

func TestDevRepo(t *testing.T) {
	root := os.Getenv("REPO")
	if root == "" {
		t.Skip()
	}
	cfg, err := site.Find(root)
	if err != nil {
		t.Fatal(err)
	}
	inv, ds := LoadInventory(cfg)
	for _, d := range ds {
		t.Log(d)
	}
	for _, f := range inv.Facts {
		t.Logf("%s %s %s %s %v %q", f.Pos, f.Kind, f.Value, f.Path, Words(f), f.Note)
	}
	t.Log(inv.Hosts(), len(inv.Sources), inv.Sources)
}

func TestDevCheck(t *testing.T) {
	root := os.Getenv("REPO")
	if root == "" {
		t.Skip()
	}
	cfg, _ := site.Find(root)
	inv, _ := LoadInventory(cfg)
	var claims []Claim
	filepath.WalkDir(cfg.Content, func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".md") {
			src, _ := os.ReadFile(p)
			claims = append(claims, inv.Claims(cfg.Rel(p), src, parseMD(src))...)
		}
		return nil
	})
	rep := Check(claims, inv, cfg)
	WriteText(os.Stdout, rep, TextOptions{Root: root})
	if os.Getenv("ALL") != "" {
		for _, r := range rep.Results {
			fmt.Printf("%s %s %s %s %s | %s\n", r.Claim.Pos, r.Claim.Kind, r.Claim.Value, r.Verdict, r.Rule, r.Message)
		}
	}
	fmt.Println(Summary(rep))
}
