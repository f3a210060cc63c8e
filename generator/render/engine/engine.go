// Package engine executes html/template templates with the output
// html/template gives, several times faster than text/template's
// interpreter.
//
// Compile takes a template set, has html/template escape it, and turns the
// escaped trees reachable from one template into a Program: the same
// nodes, but with each field or method looked up by name once per receiver
// type and kept (text/template looks it up through reflection on every
// execution), html/template's escapers called directly rather than through
// reflect.Value.Call with a slice of arguments, and the builtins and, or,
// not, eq, ne, lt, le, gt, ge, len and index evaluated in place.
//
// A Program does not cover all of text/template. Compile refuses a tree
// that holds anything else (other builtins, break and continue, method
// chains on parenthesised pipelines, ...), and Execute returns ErrFallback
// whenever it is not sure to write what html/template would (an execution
// error, a value an escaper would format with fmt, a range over a map):
// the caller then executes the page with html/template, which writes its
// own output or returns its own error. Template functions have no side
// effects, so running a page a second time is safe.
//
// A Program is immutable but for its lookup caches, which are atomic; it is
// safe for concurrent use.
package engine

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// ErrFallback is returned by Execute for a page it leaves to html/template.
var ErrFallback = errors.New("engine: page left to html/template")

// Program is a compiled template.
type Program struct {
	entry   *tmpl
	methods map[methodKey]caller
}

type tmpl struct{ root []node }

// Compile escapes set, as its first execution would, and compiles the
// template name and those it calls. funcs must be the functions set was
// parsed with. An error from html/template's escaper is returned as it is;
// any other error means the template uses what Program does not cover.
// opts give methods to call without reflection (see Method) and functions
// whose result depends on their arguments alone (see Pure).
func Compile(set *template.Template, name string, funcs template.FuncMap, opts ...Option) (*Program, error) {
	// html/template escapes a template, and those it calls, before
	// executing it; there is no other way to ask for it. Without data the
	// execution stops or prints nothing of use, into io.Discard.
	if err := set.ExecuteTemplate(io.Discard, name, nil); err != nil {
		var escErr *template.Error
		if errors.As(err, &escErr) {
			return nil, err
		}
	}
	p := &Program{methods: map[methodKey]caller{}}
	c := &compiler{set: set, funcs: map[string]reflect.Value{}, done: map[string]*tmpl{}, pure: map[string]bool{}, typed: map[string]caller{}}
	for _, o := range opts {
		o.apply(p, c)
	}
	for k, f := range funcs {
		c.funcs[k] = reflect.ValueOf(f)
	}
	t, err := c.template(name)
	if err != nil {
		return nil, fmt.Errorf("engine: %s: %w", name, err)
	}
	p.entry = t
	return p, nil
}

// Execute writes the template applied to data into w. On an error, w may
// hold part of the page; the caller truncates it.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if recover() != nil {
			err = ErrFallback
		}
	}()
	v := reflect.ValueOf(data)
	s := &state{w: w, vars: make([]variable, 1, 16), methods: p.methods}
	s.vars[0] = variable{"$", v}
	return s.walk(v, p.entry.root)
}

// state is one execution.
type state struct {
	w     *bytes.Buffer
	vars  []variable // the current template's from base on
	base  int
	depth int
	// args holds the arguments of the calls being made, one call's above
	// its caller's: a call's own array escaped to the heap, 80 MB of a 10k
	// build.
	args    []reflect.Value
	methods map[methodKey]caller // the Program's
}

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) walk(dot reflect.Value, nodes []node) error {
	for _, n := range nodes {
		if err := n.exec(s, dot); err != nil {
			return err
		}
	}
	return nil
}

// variable returns the innermost variable called name in the current
// template, or nil.
func (s *state) variable(name string) *variable {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return &s.vars[i]
		}
	}
	return nil
}

func (s *state) varValue(name string) (reflect.Value, error) {
	if v := s.variable(name); v != nil {
		return v.value, nil
	}
	return reflect.Value{}, ErrFallback
}

func (s *state) setVar(name string, value reflect.Value) error {
	v := s.variable(name)
	if v == nil {
		return ErrFallback
	}
	v.value = value
	return nil
}

type node interface {
	exec(s *state, dot reflect.Value) error
}

type textNode []byte

func (t textNode) exec(s *state, _ reflect.Value) error {
	s.w.Write(t)
	return nil
}

type actionNode struct {
	pipe *pipeline
	// memo, for a pipeline whose text is the same on every page (see
	// compiler.constant), holds it once written.
	memo *atomic.Pointer[string]
}

func (a *actionNode) exec(s *state, dot reflect.Value) error {
	if a.memo == nil {
		return a.write(s, dot)
	}
	if text := a.memo.Load(); text != nil {
		s.w.WriteString(*text)
		return nil
	}
	start := s.w.Len()
	if err := a.write(s, dot); err != nil {
		return err
	}
	text := string(s.w.Bytes()[start:])
	a.memo.Store(&text)
	return nil
}

// write evaluates the pipeline and writes its text.
func (a *actionNode) write(s *state, dot reflect.Value) error {
	// In an escaped template every printed pipeline ends in an escaper.
	// When that is all of its last command, its text is written as it is
	// made, not boxed in a reflect.Value first (a small allocation for
	// every value printed, 30 MB of a 10k build).
	if cmds := a.pipe.cmds; len(cmds) > 1 && len(a.pipe.decl) == 0 {
		if last := cmds[len(cmds)-1]; len(last) == 1 && last[0].kind == opEscaper {
			v, err := s.evalCommands(dot, cmds[:len(cmds)-1])
			if err != nil {
				return err
			}
			out, ok := last[0].esc.escape(v)
			if !ok {
				return ErrFallback
			}
			s.w.WriteString(out)
			return nil
		}
	}
	v, err := s.evalPipeline(dot, a.pipe)
	if err != nil || len(a.pipe.decl) > 0 {
		return err
	}
	if !v.IsValid() || v.Type() != stringType {
		return ErrFallback
	}
	s.w.WriteString(v.String())
	return nil
}

// ifNode is an if or, when with is true, a with.
type ifNode struct {
	with      bool
	pipe      *pipeline
	list, els []node
	hasElse   bool
}

func (n *ifNode) exec(s *state, dot reflect.Value) error {
	mark := len(s.vars)
	v, err := s.evalPipeline(dot, n.pipe)
	if err == nil {
		truth, ok := isTrue(indirectInterface(v))
		switch {
		case !ok:
			err = ErrFallback
		case truth && n.with:
			err = s.walk(v, n.list)
		case truth:
			err = s.walk(dot, n.list)
		case n.hasElse:
			err = s.walk(dot, n.els)
		}
	}
	s.vars = s.vars[:mark]
	return err
}

type rangeNode struct {
	pipe      *pipeline
	list, els []node
	hasElse   bool
}

func (n *rangeNode) exec(s *state, dot reflect.Value) error {
	mark := len(s.vars)
	defer func() { s.vars = s.vars[:mark] }()
	val, err := s.evalPipeline(dot, n.pipe)
	if err != nil {
		return err
	}
	val, _ = indirect(val)
	inner := len(s.vars) // the range's own variables are the last one or two
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := range val.Len() {
			elem := val.Index(i)
			if len(n.pipe.decl) > 0 {
				s.vars[inner-1].value = elem
			}
			if len(n.pipe.decl) > 1 {
				s.vars[inner-2].value = reflect.ValueOf(i)
			}
			err := s.walk(elem, n.list)
			s.vars = s.vars[:inner]
			if err != nil {
				return err
			}
		}
		return nil
	case reflect.Invalid:
	default:
		return ErrFallback // maps, numbers, channels and iterators
	}
	if n.hasElse {
		return s.walk(dot, n.els)
	}
	return nil
}

type templateNode struct {
	pipe   *pipeline
	target *tmpl
}

func (n *templateNode) exec(s *state, dot reflect.Value) error {
	v, err := s.evalPipeline(dot, n.pipe)
	if err != nil {
		return err
	}
	if s.depth >= 1000 {
		return ErrFallback
	}
	base := s.base
	s.base = len(s.vars)
	s.vars = append(s.vars, variable{"$", v})
	s.depth++
	err = s.walk(v, n.target.root)
	s.depth--
	s.vars = s.vars[:s.base]
	s.base = base
	return err
}

// compiler turns parse trees into nodes.
type compiler struct {
	set   *template.Template
	funcs map[string]reflect.Value
	done  map[string]*tmpl
	pure  map[string]bool   // functions given with Pure
	typed map[string]caller // functions given as a Func
}

var errUnsupported = errors.New("not covered")

func (c *compiler) template(name string) (*tmpl, error) {
	if t := c.done[name]; t != nil {
		return t, nil
	}
	ht := c.set.Lookup(name)
	if ht == nil || ht.Tree == nil || ht.Tree.Root == nil {
		return nil, fmt.Errorf("no template %q: %w", name, errUnsupported)
	}
	t := &tmpl{}
	c.done[name] = t // before the body, which may call it
	root, err := c.list(ht.Tree.Root)
	t.root = root
	return t, err
}

// constant reports whether a printed pipeline writes the same text every
// time: a call of a function given with Pure on constant arguments, then
// escapers alone ({{url "/tags/"}}). The base template of a page has a
// dozen of them.
func (c *compiler) constant(p *pipeline) bool {
	if len(p.decl) > 0 || len(p.cmds) == 0 {
		return false
	}
	first := p.cmds[0]
	if first[0].kind != opFunc || !c.pure[first[0].name] {
		return false
	}
	for _, arg := range first[1:] {
		if arg.kind != opString && arg.kind != opBool && arg.kind != opNumber {
			return false
		}
	}
	for _, cmd := range p.cmds[1:] {
		if len(cmd) != 1 || cmd[0].kind != opEscaper {
			return false
		}
	}
	return true
}

func (c *compiler) list(l *parse.ListNode) ([]node, error) {
	if l == nil {
		return nil, nil
	}
	var out []node
	for _, n := range l.Nodes {
		var cn node
		var err error
		switch n := n.(type) {
		case *parse.TextNode:
			if k := len(out) - 1; k >= 0 {
				if prev, ok := out[k].(textNode); ok {
					out[k] = append(prev[:len(prev):len(prev)], n.Text...)
					continue
				}
			}
			cn = textNode(bytes.Clone(n.Text))
		case *parse.CommentNode:
			continue
		case *parse.ActionNode:
			var p *pipeline
			p, err = c.pipeline(n.Pipe)
			a := &actionNode{pipe: p}
			if err == nil && c.constant(p) {
				a.memo = new(atomic.Pointer[string])
			}
			cn = a
		case *parse.IfNode:
			cn, err = c.branch(false, &n.BranchNode)
		case *parse.WithNode:
			cn, err = c.branch(true, &n.BranchNode)
		case *parse.RangeNode:
			if n.Pipe.IsAssign {
				return nil, errUnsupported
			}
			r := &rangeNode{hasElse: n.ElseList != nil}
			if r.pipe, err = c.pipeline(n.Pipe); err == nil {
				if r.list, err = c.list(n.List); err == nil {
					r.els, err = c.list(n.ElseList)
				}
			}
			cn = r
		case *parse.TemplateNode:
			if n.Pipe != nil && len(n.Pipe.Decl) > 0 {
				return nil, errUnsupported
			}
			t := &templateNode{}
			if t.pipe, err = c.pipeline(n.Pipe); err == nil {
				t.target, err = c.template(n.Name)
			}
			cn = t
		default: // break, continue
			return nil, fmt.Errorf("%s: %w", n, errUnsupported)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, cn)
	}
	return out, nil
}

func (c *compiler) branch(with bool, b *parse.BranchNode) (node, error) {
	n := &ifNode{with: with, hasElse: b.ElseList != nil}
	var err error
	if n.pipe, err = c.pipeline(b.Pipe); err != nil {
		return nil, err
	}
	if n.list, err = c.list(b.List); err != nil {
		return nil, err
	}
	n.els, err = c.list(b.ElseList)
	return n, err
}

func (c *compiler) pipeline(p *parse.PipeNode) (*pipeline, error) {
	if p == nil {
		return nil, nil
	}
	out := &pipeline{assign: p.IsAssign}
	for _, d := range p.Decl {
		out.decl = append(out.decl, d.Ident[0])
	}
	for _, cmd := range p.Cmds {
		var ops []operand
		for _, a := range cmd.Args {
			op, err := c.operand(a)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		}
		out.cmds = append(out.cmds, ops)
	}
	return out, nil
}

func (c *compiler) operand(n parse.Node) (operand, error) {
	switch n := n.(type) {
	case *parse.FieldNode:
		return operand{kind: opField, names: n.Ident, caches: make([]fieldCache, len(n.Ident))}, nil
	case *parse.VariableNode:
		return operand{kind: opVariable, name: n.Ident[0], names: n.Ident[1:], caches: make([]fieldCache, len(n.Ident)-1)}, nil
	case *parse.IdentifierNode:
		if e, ok := escapers[n.Ident]; ok {
			return operand{kind: opEscaper, name: n.Ident, esc: e}, nil
		}
		if f, ok := c.funcs[n.Ident]; ok {
			if f.Kind() != reflect.Func {
				return operand{}, errUnsupported
			}
			call := c.typed[n.Ident]
			if call == nil {
				call = typedCaller(f)
			}
			return operand{kind: opFunc, name: n.Ident, fn: f, call: call}, nil
		}
		if b, ok := builtins[n.Ident]; ok {
			return operand{kind: opBuiltin, name: n.Ident, builtin: b}, nil
		}
		return operand{}, fmt.Errorf("function %s: %w", n.Ident, errUnsupported)
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		return operand{kind: opPipe, pipe: p}, err
	case *parse.DotNode:
		return operand{kind: opDot}, nil
	case *parse.NilNode:
		return operand{kind: opNil}, nil
	case *parse.StringNode:
		return operand{kind: opString, name: n.Text, value: reflect.ValueOf(n.Text)}, nil
	case *parse.BoolNode:
		return operand{kind: opBool, value: reflect.ValueOf(n.True)}, nil
	case *parse.NumberNode:
		op := operand{kind: opNumber, num: n}
		switch {
		case n.IsComplex:
			return operand{}, errUnsupported
		case n.IsFloat && !strings.HasPrefix(n.Text, "0x") && !strings.HasPrefix(n.Text, "0X") && n.Text[0] != '\'' && strings.ContainsAny(n.Text, ".eEpP"):
			op.value = reflect.ValueOf(n.Float64)
		case n.IsInt && int64(int(n.Int64)) == n.Int64:
			op.value = reflect.ValueOf(int(n.Int64))
		default:
			return operand{}, errUnsupported
		}
		return op, nil
	}
	return operand{}, fmt.Errorf("%s: %w", n, errUnsupported)
}
