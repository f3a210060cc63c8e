package engine

import (
	"reflect"
	"time"
)

// caller calls a function of a known signature without reflect.Value.Call
// (a few hundred nanoseconds a call, with allocations: a page calls the
// theme's url function dozens of times). Its arguments have been evaluated
// to the parameters' types; it reports false when the function returned an
// error.
type caller func(argv []reflect.Value) (reflect.Value, bool)

// typedCaller returns a caller for fn when its signature is one of those
// theme functions commonly have, or nil: fn is then called through
// reflection. TestTypedCallers compares the two ways for each signature.
func typedCaller(fn reflect.Value) caller {
	if fn.Kind() != reflect.Func || fn.IsNil() {
		return nil
	}
	switch f := fn.Interface().(type) {
	case func(string) string:
		return func(a []reflect.Value) (reflect.Value, bool) { return reflect.ValueOf(f(a[0].String())), true }
	case func(string) int:
		return func(a []reflect.Value) (reflect.Value, bool) { return reflect.ValueOf(f(a[0].String())), true }
	case func(int) string:
		return func(a []reflect.Value) (reflect.Value, bool) { return reflect.ValueOf(f(int(a[0].Int()))), true }
	case func(int, int) int:
		return func(a []reflect.Value) (reflect.Value, bool) {
			return reflect.ValueOf(f(int(a[0].Int()), int(a[1].Int()))), true
		}
	case func(int, string, string) string:
		return func(a []reflect.Value) (reflect.Value, bool) {
			return reflect.ValueOf(f(int(a[0].Int()), a[1].String(), a[2].String())), true
		}
	case func(string) (string, error):
		return func(a []reflect.Value) (reflect.Value, bool) {
			s, err := f(a[0].String())
			return reflect.ValueOf(s), err == nil
		}
	case func(time.Time) string:
		return func(a []reflect.Value) (reflect.Value, bool) {
			t, ok := a[0].Interface().(time.Time)
			if !ok {
				return reflect.Value{}, false
			}
			return reflect.ValueOf(f(t)), true
		}
	case func(any) string:
		return func(a []reflect.Value) (reflect.Value, bool) { return reflect.ValueOf(f(a[0].Interface())), true }
	}
	return nil
}

// An Option is given to Compile: a Method, a Func, or Pure.
type Option interface {
	apply(*Program, *compiler)
}

// Pure names functions of the FuncMap whose result depends on their
// arguments alone, for as long as the Program lives. A printed call of one
// on constant arguments ({{url "/tags/"}}) is evaluated once, on the first
// page, and its text written again on the next.
func Pure(names ...string) Option { return pure(names) }

type pure []string

func (p pure) apply(_ *Program, c *compiler) {
	for _, n := range p {
		c.pure[n] = true
	}
}

func (m Method) apply(p *Program, _ *compiler) { p.methods[methodKey{m.recv, m.name}] = m.call }

// A Method is a method of the data's types that a Program calls without
// reflect.Value.Call, which allocates on every call: for the few methods a
// theme calls hundreds of thousands of times in a large build (a card for
// each study of a list page, say). Make one with MethodOf or MethodOfErr.
type Method struct {
	recv reflect.Type
	name string
	call caller
}

type methodKey struct {
	recv reflect.Type
	name string
}

// MethodOf gives the method name of the receiver type R, which takes one
// argument, as its method expression f: engine.MethodOf("Current",
// (*Page).Current). The Program calls f in place of the method: f must be
// the method itself.
func MethodOf[R, A, T any](name string, f func(R, A) T) Method {
	return Method{recv: reflect.TypeFor[R](), name: name, call: func(a []reflect.Value) (reflect.Value, bool) {
		r, ok1 := valueOf[R](a[0])
		x, ok2 := valueOf[A](a[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(r, x)), true
	}}
}

// MethodOfErr is MethodOf for a method that also returns an error; an
// error leaves the page to html/template, which reports it.
func MethodOfErr[R, A, T any](name string, f func(R, A) (T, error)) Method {
	return Method{recv: reflect.TypeFor[R](), name: name, call: func(a []reflect.Value) (reflect.Value, bool) {
		r, ok1 := valueOf[R](a[0])
		x, ok2 := valueOf[A](a[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, false
		}
		t, err := f(r, x)
		if err != nil {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(t), true
	}}
}

// MethodOf0 is MethodOf for a method without arguments:
// engine.MethodOf0("Related", (*site.Study).Related).
func MethodOf0[R, T any](name string, f func(R) T) Method {
	return Method{recv: reflect.TypeFor[R](), name: name, call: func(a []reflect.Value) (reflect.Value, bool) {
		r, ok := valueOf[R](a[0])
		if !ok {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(r)), true
	}}
}

// A Func is a function of the FuncMap that a Program calls without
// reflect.Value.Call, as a Method is. Make one with FuncOf or FuncOf2.
type Func struct {
	name string
	call caller
}

func (f Func) apply(_ *Program, c *compiler) { c.typed[f.name] = f.call }

// FuncOf gives the function name of the FuncMap, which takes one argument,
// as f: engine.FuncOf("related", related). The Program calls f in its
// place: f must be the function itself.
func FuncOf[A, T any](name string, f func(A) T) Func {
	return Func{name: name, call: func(a []reflect.Value) (reflect.Value, bool) {
		x, ok := valueOf[A](a[0])
		if !ok {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(x)), true
	}}
}

// FuncOf2 is FuncOf for a function of two arguments.
func FuncOf2[A, B, T any](name string, f func(A, B) T) Func {
	return Func{name: name, call: func(a []reflect.Value) (reflect.Value, bool) {
		x, ok1 := valueOf[A](a[0])
		y, ok2 := valueOf[B](a[1])
		if !ok1 || !ok2 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(x, y)), true
	}}
}

// valueOf returns v as a T, which it is, having been evaluated for a
// parameter of that type; false when reflection may not hand it out.
func valueOf[T any](v reflect.Value) (T, bool) {
	var zero T
	if !v.IsValid() || !v.CanInterface() {
		return zero, false
	}
	if i := v.Interface(); i != nil {
		t, ok := i.(T)
		return t, ok
	}
	return zero, true // a nil interface value for an interface parameter
}
