package engine

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

type inner struct {
	Name  string
	Count int
	tags  []string
}

func (i *inner) Upper() string        { return strings.ToUpper(i.Name) }
func (i inner) Greet(s string) string { return "hi " + s + " " + i.Name }

type status string

type stringer int

func (s stringer) String() string { return fmt.Sprintf("S%d", int(s)) }

type data struct {
	*inner
	Title  string
	Items  []*inner
	Plain  []inner
	Empty  []string
	Nil    *inner
	Map    map[string]int
	Any    any
	HTML   template.HTML
	URL    template.URL
	JS     template.JS
	Status status
	Str    stringer
	N      int
	U      uint
	F      float64
	B      bool
	Err    error
}

func (d *data) Fail() (string, error)   { return "", errors.New("failed") }
func (d *data) Pair(a, b string) string { return a + "+" + b }
func (d *data) Panic() string           { panic("boom") }

var funcs = template.FuncMap{
	"upper":  strings.ToUpper,
	"join":   strings.Join,
	"add":    func(a, b int) int { return a + b },
	"sprint": func(args ...any) string { return fmt.Sprint(args...) },
	"pair":   func(a string, b ...string) string { return a + strings.Join(b, ",") },
	"fails":  func() (string, error) { return "", errors.New("no") },
	"ptr":    func(i *inner) string { return i.Name },
	"val":    func(i inner) string { return i.Name },
}

func sampleData() *data {
	return &data{
		inner:  &inner{Name: "root", Count: 3, tags: []string{"x"}},
		Title:  `Tom & "Jerry" <b>'s</b> +1`,
		Items:  []*inner{{Name: "a<b", Count: 1}, {Name: "c", Count: 0}, nil},
		Plain:  []inner{{Name: "p1"}, {Name: "p2"}},
		Map:    map[string]int{"k": 2},
		Any:    "any string",
		HTML:   "<em>safe</em> & sound",
		URL:    "javascript:alert(1)",
		JS:     `{"a":"<\/script>"}`,
		Status: "active",
		Str:    7,
		N:      -4,
		U:      9,
		F:      1.5,
		B:      true,
	}
}

// cases are templates over sampleData; covered says the engine must run
// them itself rather than leave them to html/template.
var cases = []struct {
	src     string
	covered bool
}{
	{`<p>{{.Title}}</p>`, true},
	{`<a title="{{.Title}}" href="{{.URL}}">x</a>`, true},
	{`<a href="/s?q={{.Title}}&amp;n={{.N}}">x</a>`, true},
	{`<a href="{{.Name}}/{{.Title}}">{{.Name}}</a>`, true},
	{`<textarea>{{.Title}}{{.HTML}}</textarea>`, true},
	{`<script>var x = {{.JS}};</script>`, true},
	{`{{.HTML}} {{.N}} {{.U}} {{.B}} {{.Status}} {{.Count}}`, true},
	{`{{.Upper}} {{.Greet "you"}} {{.Pair "a" .Title}} {{.Map.k}}|{{.Map.missing}}|`, true},
	{`{{range $i, $x := .Items}}{{if $i}}, {{end}}{{with $x}}{{.Name}}{{.Upper}}{{else}}none{{end}}{{end}}`, true},
	{`{{range .Plain}}{{.Name}}{{.Upper}}{{.Greet "p"}}{{end}}{{range .Empty}}x{{else}}empty{{end}}`, true},
	{`{{range $x := .Plain}}{{$x.Name}}{{$.Title}}{{end}}`, true},
	{`{{$n := len .Items}}{{if gt $n 2}}many{{else if eq $n 1}}one{{end}} {{$n = add $n 1}}{{$n}}`, true},
	{`{{if and .B (not .Empty) (eq .Status "active" "x")}}yes{{end}}{{or .Empty .Title}}{{and .B .N}}`, true},
	{`{{if ne .N 3}}a{{end}}{{if lt .N 0}}b{{end}}{{if le .U 9}}c{{end}}{{if ge .F 1.5}}d{{end}}{{if lt .N .U}}e{{end}}`, true},
	{`{{index .Plain 1}}`, false},                           // a struct printed with fmt
	{`{{index .Items 0 | ptr}}{{index .Items 1 2}}`, false}, // a pointer indexed
	{`{{index .Items 0 | ptr}}{{with index .Plain 1}}{{.Name}}{{end}}`, true},
	{`{{(index .Plain 1).Name}}`, false}, // a chain
	{`{{upper .Title | printf "%s"}}`, false},
	{`{{join .Empty ","}}{{upper .Title}}{{pair "a"}}{{pair "a" "b" "c"}}{{.Title | pair "z"}}`, true},
	{`{{sprint .N "x" .Title}}`, true},
	{`{{define "t"}}[{{.}}|{{$}}]{{end}}{{template "t" .Title}}{{template "t" .N}}{{block "b" .Name}}<{{.}}>{{end}}`, true},
	{`{{with .Nil}}{{.Name}}{{end}}{{.Nil}}`, false},
	{`{{.Nil.Name}}`, false},
	{`{{.Fail}}`, false},
	{`{{.Panic}}`, false},
	{`{{fails}}`, false},
	{`{{.Str}}`, false},
	{`{{.F}}`, false},
	{`{{.Err}}`, false},
	{`{{.Any}}`, true},
	{`{{.Missing}}`, false},
	{`{{.tags}}`, false},
	{`{{len .N}}`, false},
	{`{{index .Plain 5}}`, false},
	{`{{eq .Items .Items}}`, false},
	{`{{range .Map}}{{.}}{{end}}`, false},
	{`{{range 3}}{{.}}{{end}}`, false},
	{`{{val .inner}}`, false},
	{`<a onclick="f({{.Title}})">x</a>`, false},
}

func TestAsHTMLTemplate(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.src, func(t *testing.T) {
			want, wantErr := run(t, tc.src, false)
			got, err := run(t, tc.src, true)
			switch {
			case errors.Is(err, errUnsupported):
				if tc.covered {
					t.Fatalf("not compiled: %v", err)
				}
			case errors.Is(err, ErrFallback):
				if tc.covered {
					t.Fatalf("left to html/template; html/template writes %q, %v", want, wantErr)
				}
			case err != nil:
				t.Fatal(err)
			case wantErr != nil:
				t.Fatalf("engine wrote %q where html/template fails: %v", got, wantErr)
			case got != want:
				t.Fatalf("engine wrote\n%q\nhtml/template\n%q", got, want)
			case !tc.covered:
				t.Fatalf("covered after all: %q", got)
			}
		})
	}
}

// run executes src over sampleData with html/template or the engine.
func run(t *testing.T, src string, engine bool) (string, error) {
	t.Helper()
	set := template.Must(template.New("page").Funcs(funcs).Parse(src))
	var b bytes.Buffer
	if !engine {
		err := set.Execute(&b, sampleData())
		return b.String(), err
	}
	p, err := Compile(set, "page", funcs)
	if err != nil {
		return "", err
	}
	err = p.Execute(&b, sampleData())
	return b.String(), err
}

func TestCompileReportsEscapeErrors(t *testing.T) {
	set := template.Must(template.New("page").Parse(`<a href="{{if .}}x">{{end}}`))
	_, err := Compile(set, "page", nil)
	var escErr *template.Error
	if !errors.As(err, &escErr) {
		t.Fatalf("got %v, want html/template's escape error", err)
	}
}

// contexts are where the escapers are put to work on a value.
var contexts = []string{
	`<p>{{.}}</p>`, `<p title="{{.}}">`, `<p title='{{.}}'>`, `<a href="{{.}}">`, `<a href="/x/{{.}}?q={{.}}">`,
	`<textarea>{{.}}</textarea>`, `<title>{{.}}</title>`, `<script>var x = {{.}};</script>`,
}

// covered reports whether the engine escapes v in context c itself: all
// but JavaScript values other than template.JS, and HTML in an attribute
// (html/template strips its tags first).
func covered(v any, c string) bool {
	switch {
	case strings.HasPrefix(c, "<script"):
		_, js := v.(template.JS)
		return js
	case strings.Contains(c, "title="):
		_, html := v.(template.HTML)
		return !html
	}
	return true
}

// FuzzEscapers compares the engine with html/template on every context
// with a string, and with that string as HTML, a URL and JavaScript.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a&b", `<x y="z">'+'`, "javascript:alert(1)", "/a b/?q=%zz&r=%41", "\x00\xff\u2028é", "mailto:a@b", "http://x/#y"} {
		f.Add(s)
	}
	sets := map[string]*Program{}
	stdlib := map[string]*template.Template{}
	for _, c := range contexts {
		set := template.Must(template.New("c").Parse(c))
		p, err := Compile(set, "c", nil)
		if err != nil {
			f.Fatal(err)
		}
		sets[c], stdlib[c] = p, set
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, template.HTML(s), template.URL(s), template.JS(s), status(s)} {
			for _, c := range contexts {
				var want, got bytes.Buffer
				wantErr := stdlib[c].Execute(&want, v)
				err := sets[c].Execute(&got, v)
				if err != nil {
					if covered(v, c) {
						t.Fatalf("%T %q in %s left to html/template", v, s, c)
					}
					continue
				}
				if wantErr != nil || got.String() != want.String() {
					t.Fatalf("%T %q in %s: engine %q, html/template %q (%v)", v, s, c, got.String(), want.String(), wantErr)
				}
			}
		}
	})
}
