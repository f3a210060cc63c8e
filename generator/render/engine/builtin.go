package engine

import (
	"reflect"
)

// builtin is one of text/template's predefined functions that a Program
// evaluates itself (text/template's funcs.go, Go 1.26).
type builtin int

const (
	biAnd builtin = iota
	biOr
	biNot
	biEq
	biNe
	biLt
	biLe
	biGt
	biGe
	biLen
	biIndex
)

var builtins = map[string]builtin{
	"and": biAnd, "or": biOr, "not": biNot, "eq": biEq, "ne": biNe,
	"lt": biLt, "le": biLe, "gt": biGt, "ge": biGe, "len": biLen, "index": biIndex,
}

// evalBuiltin applies op's builtin to args and final. The arguments are
// evaluated as text/template evaluates them for a reflect.Value parameter:
// an invalid value stays invalid.
func (s *state) evalBuiltin(dot reflect.Value, op *operand, args []operand, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	b := op.builtin
	n := len(args)
	if hasFinal {
		n++
	}
	switch b {
	case biAnd, biOr:
		if n < 1 {
			return reflect.Value{}, ErrFallback
		}
		var v reflect.Value
		for i := range args {
			var err error
			if v, err = s.evalOperand(dot, &args[i]); err != nil {
				return v, err
			}
			if truth(v) == (b == biOr) {
				return v, nil
			}
		}
		if hasFinal {
			v = final
		}
		return v, nil
	case biNot, biLen:
		if n != 1 {
			return reflect.Value{}, ErrFallback
		}
	case biNe, biLt, biLe, biGt, biGe:
		if n != 2 {
			return reflect.Value{}, ErrFallback
		}
	case biEq, biIndex:
		if n < 2 {
			return reflect.Value{}, ErrFallback // eq needs something to compare, index something to index by
		}
	}
	var buf [4]reflect.Value
	argv := buf[:0]
	for i := range args {
		v, err := s.evalOperand(dot, &args[i]) // nil is refused: html/template takes it
		if err != nil {
			return v, err
		}
		argv = append(argv, v)
	}
	if hasFinal {
		argv = append(argv, final)
	}
	switch b {
	case biNot:
		return reflect.ValueOf(!truth(argv[0])), nil
	case biLen:
		item, isNil := indirect(argv[0])
		if isNil {
			return reflect.Value{}, ErrFallback
		}
		switch item.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(item.Len()), nil
		}
		return reflect.Value{}, ErrFallback
	case biIndex:
		return index(argv[0], argv[1:])
	case biEq:
		t, ok := eq(argv[0], argv[1:])
		return reflect.ValueOf(t), okErr(ok)
	case biNe:
		t, ok := eq(argv[0], argv[1:2])
		return reflect.ValueOf(!t), okErr(ok)
	case biLt:
		t, ok := lt(argv[0], argv[1])
		return reflect.ValueOf(t), okErr(ok)
	case biLe:
		t, ok := lt(argv[0], argv[1])
		if ok && !t {
			t, ok = eq(argv[0], argv[1:2])
		}
		return reflect.ValueOf(t), okErr(ok)
	case biGt:
		t, ok := lt(argv[0], argv[1])
		if ok && !t {
			t, ok = eq(argv[0], argv[1:2])
		}
		return reflect.ValueOf(!t), okErr(ok)
	case biGe:
		t, ok := lt(argv[0], argv[1])
		return reflect.ValueOf(!t), okErr(ok)
	}
	return reflect.Value{}, ErrFallback
}

func okErr(ok bool) error {
	if ok {
		return nil
	}
	return ErrFallback
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// index indexes slices and arrays by ints; maps and the rest are left to
// html/template.
func index(item reflect.Value, indexes []reflect.Value) (reflect.Value, error) {
	item = indirectInterface(item)
	if !item.IsValid() {
		return reflect.Value{}, ErrFallback
	}
	for _, ix := range indexes {
		ix = indirectInterface(ix)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, ErrFallback
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch ix.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				x = ix.Int()
			default:
				return reflect.Value{}, ErrFallback
			}
			if x < 0 || x >= int64(item.Len()) {
				return reflect.Value{}, ErrFallback
			}
			item = item.Index(int(x))
		default:
			return reflect.Value{}, ErrFallback
		}
	}
	return item, nil
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.Complex64, reflect.Complex128:
		return complexKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

// eq is text/template's for basic kinds, nil and the odd int against uint;
// anything else (structs, pointers, incompatible kinds) is not ok.
func eq(arg1 reflect.Value, arg2 []reflect.Value) (truth, ok bool) {
	arg1 = indirectInterface(arg1)
	k1 := basicKind(arg1)
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2 := basicKind(arg)
		t := false
		switch {
		case k1 != k2 && k1 == intKind && k2 == uintKind:
			t = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
		case k1 != k2 && k1 == uintKind && k2 == intKind:
			t = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
		case k1 != k2, k1 == invalidKind:
			return false, false
		case k1 == boolKind:
			t = arg1.Bool() == arg.Bool()
		case k1 == complexKind:
			t = arg1.Complex() == arg.Complex()
		case k1 == floatKind:
			t = arg1.Float() == arg.Float()
		case k1 == intKind:
			t = arg1.Int() == arg.Int()
		case k1 == stringKind:
			t = arg1.String() == arg.String()
		case k1 == uintKind:
			t = arg1.Uint() == arg.Uint()
		}
		if t {
			return true, true
		}
	}
	return false, true
}

func lt(arg1, arg2 reflect.Value) (truth, ok bool) {
	arg1, arg2 = indirectInterface(arg1), indirectInterface(arg2)
	k1, k2 := basicKind(arg1), basicKind(arg2)
	switch {
	case k1 == invalidKind || k2 == invalidKind:
		return false, false
	case k1 != k2 && k1 == intKind && k2 == uintKind:
		return arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint(), true
	case k1 != k2 && k1 == uintKind && k2 == intKind:
		return arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int()), true
	case k1 != k2 || k1 == boolKind || k1 == complexKind:
		return false, false
	case k1 == floatKind:
		return arg1.Float() < arg2.Float(), true
	case k1 == intKind:
		return arg1.Int() < arg2.Int(), true
	case k1 == stringKind:
		return arg1.String() < arg2.String(), true
	}
	return arg1.Uint() < arg2.Uint(), true
}
