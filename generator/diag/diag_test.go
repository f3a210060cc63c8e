package diag

import (
	"bytes"
	"testing"
)

func TestFormat(t *testing.T) {
	l := List{
		{Pos: Pos{"b.md", 3, 7}, Field: "status", Msg: `"actve" is not allowed`, Hint: `did you mean "active"?`},
		{Pos: Pos{"a.md", 10, 1}, Field: "partners[1].sector", Msg: "x", Also: []Pos{{"c.md", 2, 13}}},
		{Pos: Pos{"a.md", 2, 5}, Msg: "old", Severity: Warning},
		{Pos: Pos{File: "casebook.toml"}, Msg: "file-level"},
	}
	l.Sort()
	var b bytes.Buffer
	if err := l.Format(&b); err != nil {
		t.Fatal(err)
	}
	want := `a.md:2:5: warning: old
a.md:10:1: partners[1].sector: x
  see: c.md:2:13
b.md:3:7: status: "actve" is not allowed
  hint: did you mean "active"?
casebook.toml: file-level
3 errors, 1 warning
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	if l.Errors() != 3 || l.Err(false) == nil {
		t.Error("errors not counted")
	}
	warn := List{{Severity: Warning, Msg: "w"}}
	if warn.Err(false) != nil || warn.Err(true) == nil {
		t.Error("warnings must fail only in strict mode")
	}
}
