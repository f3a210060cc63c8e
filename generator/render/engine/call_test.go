package engine

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestTypedCallers calls a function of each signature typedCaller knows
// both ways, and requires the same value and type, and an error reported.
func TestTypedCallers(t *testing.T) {
	when := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		fn   any
		args []any
		fail bool
	}{
		{strings.ToUpper, []any{"abc"}, false},
		{func(s string) int { return len(s) }, []any{"abcd"}, false},
		{func(n int) string { return fmt.Sprint(n * 2) }, []any{21}, false},
		{func(a, b int) int { return a - b }, []any{7, 9}, false},
		{func(n int, one, many string) string { return fmt.Sprint(n, one, many) }, []any{2, "x", "xs"}, false},
		{func(s string) (string, error) { return s + "!", nil }, []any{"ok"}, false},
		{func(s string) (string, error) { return "", errors.New("no") }, []any{"bad"}, true},
		{func(d time.Time) string { return d.Format("2006-01-02") }, []any{when}, false},
		{func(v any) string { return fmt.Sprint(v) }, []any{3.5}, false},
	} {
		fn := reflect.ValueOf(c.fn)
		call := typedCaller(fn)
		if call == nil {
			t.Errorf("%T: no typed caller", c.fn)
			continue
		}
		argv := make([]reflect.Value, len(c.args))
		for i, a := range c.args {
			argv[i] = reflect.ValueOf(a).Convert(fn.Type().In(i))
		}
		got, ok := call(argv)
		want := fn.Call(argv)
		if failed := len(want) == 2 && !want[1].IsNil(); ok == failed || failed != c.fail {
			t.Errorf("%T%v: typed call ok %v, reflected call failed %v", c.fn, c.args, ok, failed)
			continue
		}
		if ok && (got.Type() != want[0].Type() || got.Interface() != want[0].Interface()) {
			t.Errorf("%T%v: typed %v (%s), reflected %v (%s)", c.fn, c.args, got, got.Type(), want[0], want[0].Type())
		}
	}
	if typedCaller(reflect.ValueOf(func(a, b string) string { return a + b })) != nil {
		t.Error("a signature typedCaller does not know got a caller")
	}
}

// greeter has methods a Program is given typed callers for.
type greeter struct{ name string }

func (g *greeter) Hello(to string) string { return "<hello " + to + " from " + g.name + ">" }

func (g *greeter) Count(n int) (int, error) {
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n * 2, nil
}

func (g *greeter) Plain(to string) string { return "plain " + to }

func (g *greeter) Name() []string { return []string{g.name, "<" + g.name + ">"} }

// TestMethods executes methods given to Compile both ways: the typed
// callers are used, write what reflection writes, and an error leaves the
// page to html/template; a method not given is still called by reflection.
func TestMethods(t *testing.T) {
	calls := 0
	methods := []Option{
		MethodOf("Hello", func(g *greeter, to string) string { calls++; return g.Hello(to) }),
		MethodOfErr("Count", func(g *greeter, n int) (int, error) { calls++; return g.Count(n) }),
	}
	const src = `<p title="{{.Hello "you"}}">{{.Hello "me"}} {{.Count 21}} {{.Plain "x"}}</p>`
	bothWays(t, template.Must(template.New("page").Parse(src)), nil, methods, &calls, 3)
	failing := template.Must(template.New("page").Parse(`{{.Count -1}}`))
	p, err := Compile(failing, "page", nil, methods...)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Execute(&b, &greeter{"g"}); !errors.Is(err, ErrFallback) {
		t.Errorf("a method's error: %v, want ErrFallback", err)
	}
}

// TestFuncs executes a zero-argument method and functions of one and two
// arguments given to Compile both ways: the typed callers are used, and
// write what reflection writes; a function not given is still called by
// reflection.
func TestFuncs(t *testing.T) {
	calls := 0
	twice := func(v []string) []string { return append(v, v...) }
	pair := func(a string, n int) string { return a + "#" + strconv.Itoa(n) }
	funcs := template.FuncMap{"twice": twice, "pair": pair, "other": func(s []string) int { return len(s) }}
	given := []Option{
		MethodOf0("Name", func(g *greeter) []string { calls++; return g.Name() }),
		FuncOf("twice", func(v []string) []string { calls++; return twice(v) }),
		FuncOf2("pair", func(a string, n int) string { calls++; return pair(a, n) }),
	}
	const src = `{{range twice .Name}}<i title="{{pair . 2}}">{{.}}</i>{{end}} {{other .Name}}`
	// Name twice, twice once, pair for each of the four names.
	bothWays(t, template.Must(template.New("page").Funcs(funcs).Parse(src)), funcs, given, &calls, 7)
}

// bothWays executes set's "page" on a greeter compiled without and with
// the typed callers given, which count their calls in calls: both must
// write what html/template writes, and the callers run want times when
// given, never when not.
func bothWays(t *testing.T, set *template.Template, funcs template.FuncMap, given []Option, calls *int, want int) {
	t.Helper()
	var html bytes.Buffer
	if err := set.Execute(&html, &greeter{"g"}); err != nil {
		t.Fatal(err)
	}
	for _, opts := range [][]Option{nil, given} {
		*calls = 0
		p, err := Compile(set, "page", funcs, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := p.Execute(&got, &greeter{"g"}); err != nil {
			t.Fatalf("%d given: %v", len(opts), err)
		}
		if got.String() != html.String() {
			t.Errorf("%d given: engine wrote\n%s\nhtml/template\n%s", len(opts), &got, &html)
		}
		if w := want * min(1, len(opts)); *calls != w {
			t.Errorf("%d given: the typed callers ran %d times, want %d", len(opts), *calls, w)
		}
	}
}

// TestPure executes a page twice: a printed call of a function given with
// Pure on a constant is made once and its text written both times, the
// same call on a field is made every time, and a function not given is
// called every time.
func TestPure(t *testing.T) {
	calls := map[string]int{}
	funcs := template.FuncMap{
		"link":  func(s string) string { calls["link "+s]++; return "/base" + s },
		"other": func(s string) string { calls["other"]++; return s + "?" },
	}
	const src = `<a href="{{link "/tags/"}}">{{link "/a b/"}}</a><a href="{{link .}}">{{other "x"}}</a>`
	set := template.Must(template.New("page").Funcs(funcs).Parse(src))
	var want bytes.Buffer
	if err := set.Execute(&want, "/p/"); err != nil {
		t.Fatal(err)
	}
	p, err := Compile(set, "page", funcs, Pure("link"))
	if err != nil {
		t.Fatal(err)
	}
	clear(calls)
	for range 2 {
		var got bytes.Buffer
		if err := p.Execute(&got, "/p/"); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("engine wrote\n%s\nhtml/template\n%s", &got, &want)
		}
	}
	if want := map[string]int{"link /tags/": 1, "link /a b/": 1, "link /p/": 2, "other": 2}; !reflect.DeepEqual(calls, want) {
		t.Errorf("calls %v, want %v", calls, want)
	}
}
