package nix

// Inspect walks the tree rooted at n in depth-first order, calling f for
// each node; when f returns false the node's children are skipped. Unlike
// go/ast.Inspect it does not call f(nil) after the children.
// Bindings, formals, attribute names and string parts are visited as nodes.
func Inspect(n Node, f func(Node) bool) {
	if n == nil || isNilNode(n) || !f(n) {
		return
	}
	switch n := n.(type) {
	case *String:
		for _, p := range n.Parts {
			Inspect(p, f)
		}
	case *Path:
		for _, p := range n.Parts {
			Inspect(p, f)
		}
	case *StrPart:
		walkExpr(n.X, f)
	case *List:
		for _, e := range n.Elems {
			Inspect(e, f)
		}
	case *AttrSet:
		walkBinds(n.Binds, f)
	case *Let:
		walkBinds(n.Binds, f)
		walkExpr(n.Body, f)
	case *LegacyLet:
		walkBinds(n.Binds, f)
	case *Lambda:
		if n.Arg != nil {
			Inspect(n.Arg, f)
		}
		if n.Formals != nil {
			Inspect(n.Formals, f)
		}
		walkExpr(n.Body, f)
	case *Formals:
		for _, x := range n.List {
			Inspect(x, f)
		}
	case *Formal:
		if n.Name != nil {
			Inspect(n.Name, f)
		}
		walkExpr(n.Default, f)
	case *With:
		walkExpr(n.Env, f)
		walkExpr(n.Body, f)
	case *Assert:
		walkExpr(n.Cond, f)
		walkExpr(n.Body, f)
	case *If:
		walkExpr(n.Cond, f)
		walkExpr(n.Then, f)
		walkExpr(n.Else, f)
	case *Select:
		walkExpr(n.X, f)
		for _, a := range n.Path {
			Inspect(a, f)
		}
		walkExpr(n.Default, f)
	case *HasAttr:
		walkExpr(n.X, f)
		for _, a := range n.Path {
			Inspect(a, f)
		}
	case *Call:
		walkExpr(n.Fn, f)
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *Unary:
		walkExpr(n.X, f)
	case *Binary:
		walkExpr(n.X, f)
		walkExpr(n.Y, f)
	case *Paren:
		walkExpr(n.X, f)
	case *AttrName:
		walkExpr(n.X, f)
	case *AttrDef:
		for _, a := range n.Path {
			Inspect(a, f)
		}
		walkExpr(n.Value, f)
	case *Inherit:
		walkExpr(n.From, f)
		for _, a := range n.Names {
			Inspect(a, f)
		}
	}
}

func walkExpr(x Expr, f func(Node) bool) {
	if x != nil {
		Inspect(x, f)
	}
}

func walkBinds(bs []Binding, f func(Node) bool) {
	for _, b := range bs {
		Inspect(b, f)
	}
}

// isNilNode catches typed nil pointers stored in a Node interface.
func isNilNode(n Node) bool {
	switch n := n.(type) {
	case *Ident:
		return n == nil
	case *Formals:
		return n == nil
	case *String:
		return n == nil
	}
	return false
}
