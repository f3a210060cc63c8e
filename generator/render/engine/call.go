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
