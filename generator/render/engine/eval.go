package engine

import (
	"reflect"
	"slices"
	"sync/atomic"
	"text/template/parse"
)

// The evaluation below follows text/template's exec.go (Go 1.26) step by
// step, with its errors turned into ErrFallback.

type pipeline struct {
	decl   []string
	assign bool
	cmds   [][]operand
}

type opKind int

const (
	opField    opKind = iota // .A.B
	opVariable               // $x or $x.A.B
	opFunc                   // a function of the theme
	opEscaper                // an escaper html/template added
	opBuiltin
	opPipe // (a parenthesised pipeline)
	opDot
	opNil
	opString
	opBool
	opNumber
)

type operand struct {
	kind    opKind
	name    string   // variable, function or string constant
	names   []string // fields, after the variable if any
	caches  []fieldCache
	fn      reflect.Value
	call    caller // fn's, when its signature is a common one
	esc     escaper
	builtin builtin
	pipe    *pipeline
	value   reflect.Value // of a constant, as an argument of type any
	num     *parse.NumberNode
}

// fieldCache remembers how a field name resolves on the last receiver
// type it met.
type fieldCache struct{ p atomic.Pointer[resolved] }

type resolved struct {
	typ      reflect.Type // of the receiver or its address, as looked up
	method   int          // index of the exported method, or -1
	call     caller       // the method's, given the receiver first (see Method); nil to reflect
	field    []int        // of a struct field
	fieldOK  bool
	exported bool
}

func (c *fieldCache) resolve(t reflect.Type, name string, methods map[methodKey]caller) *resolved {
	if r := c.p.Load(); r != nil && r.typ == t {
		return r
	}
	r := &resolved{typ: t, method: -1}
	if m, ok := t.MethodByName(name); ok {
		r.method = m.Index
		r.call = methods[methodKey{t, name}]
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		if f, ok := st.FieldByName(name); ok {
			r.field, r.fieldOK, r.exported = f.Index, true, f.IsExported()
		}
	}
	c.p.Store(r)
	return r
}

var (
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

func (s *state) evalPipeline(dot reflect.Value, p *pipeline) (reflect.Value, error) {
	if p == nil {
		return reflect.Value{}, nil
	}
	v, err := s.evalCommands(dot, p.cmds)
	if err != nil {
		return v, err
	}
	for _, d := range p.decl {
		if p.assign {
			if err := s.setVar(d, v); err != nil {
				return v, err
			}
		} else {
			s.vars = append(s.vars, variable{d, v})
		}
	}
	return v, nil
}

// evalCommands evaluates a pipeline's commands, each given the value of
// the one before it.
func (s *state) evalCommands(dot reflect.Value, cmds [][]operand) (reflect.Value, error) {
	var v reflect.Value
	var err error
	for i, cmd := range cmds {
		if v, err = s.evalCommand(dot, &cmd[0], cmd[1:], v, i > 0); err != nil {
			return v, err
		}
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = reflect.ValueOf(v.Interface())
		}
	}
	return v, nil
}

// evalCommand evaluates a command: first with its arguments args, and
// final, the value of the commands before it in the pipeline, when
// hasFinal.
func (s *state) evalCommand(dot reflect.Value, first *operand, args []operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	notAFunction := len(args) > 0 || hasFinal
	switch first.kind {
	case opField:
		return s.evalFieldChain(dot, dot, first, args, final, hasFinal)
	case opVariable:
		v, err := s.varValue(first.name)
		if err != nil || len(first.names) == 0 {
			if notAFunction {
				return v, ErrFallback
			}
			return v, err
		}
		return s.evalFieldChain(dot, v, first, args, final, hasFinal)
	case opFunc:
		return s.evalCall(dot, first.fn, first.call, args, final, hasFinal, reflect.Value{})
	case opEscaper:
		if len(args) > 0 || !hasFinal {
			return reflect.Value{}, ErrFallback
		}
		out, ok := first.esc.escape(final)
		if !ok {
			return reflect.Value{}, ErrFallback
		}
		return reflect.ValueOf(out), nil
	case opBuiltin:
		return s.evalBuiltin(dot, first, args, final, hasFinal)
	case opPipe:
		if notAFunction {
			return reflect.Value{}, ErrFallback
		}
		return s.evalPipeline(dot, first.pipe)
	case opDot:
		if notAFunction {
			return reflect.Value{}, ErrFallback
		}
		return dot, nil
	case opString, opBool, opNumber:
		if notAFunction {
			return reflect.Value{}, ErrFallback
		}
		return first.value, nil
	}
	return reflect.Value{}, ErrFallback // nil is not a command
}

// evalOperand evaluates an operand as an argument: a command of its own,
// without arguments.
func (s *state) evalOperand(dot reflect.Value, op *operand) (reflect.Value, error) {
	return s.evalCommand(dot, op, nil, reflect.Value{}, false)
}

// evalFieldChain evaluates op's fields from receiver; the last gets the
// command's arguments args and final.
func (s *state) evalFieldChain(dot, receiver reflect.Value, op *operand, args []operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	n := len(op.names)
	var err error
	for i := range n - 1 {
		if receiver, err = s.evalField(dot, op, i, receiver, nil, reflect.Value{}, false); err != nil {
			return receiver, err
		}
	}
	return s.evalField(dot, op, n-1, receiver, args, final, hasFinal)
}

// evalField evaluates the field op.names[i] of receiver: a method, called
// with args (the command's arguments after the field, for the last field)
// and final, or a struct field or map key, which take none.
func (s *state) evalField(dot reflect.Value, op *operand, i int, receiver reflect.Value, args []operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !receiver.IsValid() {
		return reflect.Value{}, nil // text/template's missingkey=default
	}
	receiver, isNil := indirect(receiver)
	if receiver.Kind() == reflect.Interface && isNil {
		return reflect.Value{}, ErrFallback
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	name := op.names[i]
	r := op.caches[i].resolve(ptr.Type(), name, s.methods)
	if r.method >= 0 {
		var recv reflect.Value
		if r.call != nil {
			recv = ptr
		}
		return s.evalCall(dot, ptr.Method(r.method), r.call, args, final, hasFinal, recv)
	}
	hasArgs := len(args) > 0 || hasFinal
	switch receiver.Kind() {
	case reflect.Struct:
		if r.fieldOK && r.exported && !hasArgs {
			f, err := receiver.FieldByIndexErr(r.field)
			if err != nil {
				return reflect.Value{}, ErrFallback
			}
			return f, nil
		}
	case reflect.Map:
		key := reflect.ValueOf(name)
		if key.Type().AssignableTo(receiver.Type().Key()) && !hasArgs {
			return receiver.MapIndex(key), nil // invalid when missing
		}
	}
	return reflect.Value{}, ErrFallback
}

// evalCall calls fun with args (the command's, after the function) and
// final. recv, when valid, is the receiver of the method fun, which call
// is given before the arguments.
func (s *state) evalCall(dot, fun reflect.Value, call caller, args []operand, final reflect.Value, hasFinal bool, recv reflect.Value) (reflect.Value, error) {
	typ := fun.Type()
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return reflect.Value{}, ErrFallback
		}
	} else if numIn != typ.NumIn() {
		return reflect.Value{}, ErrFallback
	}
	if n := typ.NumOut(); n != 1 && (n != 2 || typ.Out(1) != errorType) {
		return reflect.Value{}, ErrFallback
	}
	base, r := len(s.args), 0
	if recv.IsValid() {
		r = 1
	}
	s.args = slices.Grow(s.args, r+numIn)[:base+r+numIn]
	// A call made while evaluating an argument may grow args into another
	// array; argv stays in this one.
	withRecv := s.args[base : base+r+numIn : base+r+numIn]
	argv := withRecv[r:]
	defer func() { clear(withRecv); s.args = s.args[:base] }()
	var err error
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		if argv[i], err = s.evalArg(dot, typ.In(i), &args[i]); err != nil {
			return reflect.Value{}, err
		}
	}
	if typ.IsVariadic() {
		argType := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			if argv[i], err = s.evalArg(dot, argType, &args[i]); err != nil {
				return reflect.Value{}, err
			}
		}
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		if argv[i], err = validateType(final, t); err != nil {
			return reflect.Value{}, err
		}
	}
	if call != nil {
		if r == 1 {
			withRecv[0] = recv
			argv = withRecv
		}
		v, ok := call(argv) // a panic is recovered by Execute
		if !ok {
			return reflect.Value{}, ErrFallback
		}
		return v, nil
	}
	out := fun.Call(argv) // a panic is recovered by Execute
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, ErrFallback
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// evalArg evaluates an argument for a parameter of type typ.
func (s *state) evalArg(dot reflect.Value, typ reflect.Type, op *operand) (reflect.Value, error) {
	switch op.kind {
	case opDot:
		return validateType(dot, typ)
	case opNil:
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return reflect.Value{}, ErrFallback
	case opField, opVariable, opPipe, opFunc, opBuiltin, opEscaper:
		v, err := s.evalOperand(dot, op)
		if err != nil {
			return v, err
		}
		return validateType(v, typ)
	}
	switch typ.Kind() {
	case reflect.Bool:
		if op.kind == opBool {
			v := reflect.New(typ).Elem()
			v.SetBool(op.value.Bool())
			return v, nil
		}
	case reflect.Float32, reflect.Float64:
		if op.kind == opNumber && op.num.IsFloat {
			v := reflect.New(typ).Elem()
			v.SetFloat(op.num.Float64)
			return v, nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if op.kind == opNumber && op.num.IsInt {
			if typ == intType {
				return reflect.ValueOf(int(op.num.Int64)), nil
			}
			v := reflect.New(typ).Elem()
			v.SetInt(op.num.Int64)
			return v, nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if op.kind == opNumber && op.num.IsUint {
			v := reflect.New(typ).Elem()
			v.SetUint(op.num.Uint64)
			return v, nil
		}
	case reflect.String:
		if op.kind == opString {
			if typ == stringType {
				return op.value, nil
			}
			v := reflect.New(typ).Elem()
			v.SetString(op.name)
			return v, nil
		}
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return op.value, nil // the constant, as text/template's evalEmptyInterface makes it
		}
	}
	return reflect.Value{}, ErrFallback
}

var intType = reflect.TypeFor[int]()

// validateType is text/template's: value made fit for a parameter of
// type typ.
func validateType(value reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return value, ErrFallback
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value), nil
	}
	if !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value, nil
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				return value, ErrFallback
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			return value, ErrFallback
		}
	}
	return value, nil
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return false, false
	}
	return truth, true
}
