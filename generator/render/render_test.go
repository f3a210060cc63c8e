package render

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"casebook/generator/site"
)

func TestFormatNum(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		in   any
		want string
	}{
		{f(1200), "1200"}, {f(185000), "185,000"}, {f(1.6), "1.6"}, {f(-2500000), "-2,500,000"}, {1500000.0, "1,500,000"}, {(*float64)(nil), ""},
	} {
		if got := formatNum(tc.in); got != tc.want {
			t.Errorf("formatNum(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(1)": "'=HYPERLINK(1)", "+1": "'+1", "-x": "'-x", "@SUM": "'@SUM", "\tx": "'\tx", "ok": "ok", "": ""} {
		if got := neutralize(in); got != want {
			t.Errorf("neutralize(%q) = %q", in, got)
		}
	}
}

func TestPaginate(t *testing.T) {
	studies := make([]*site.Study, 7)
	pages := paginate(&Page{Path: "/tags/x/", Title: "X"}, studies, 3)
	if len(pages) != 3 || pages[0].Path != "/tags/x/" || pages[2].Path != "/tags/x/page/3/" || len(pages[2].Studies) != 1 {
		t.Fatalf("pages %+v", pages)
	}
	if p := pages[1].Pager; p.Prev != "/tags/x/" || p.Next != "/tags/x/page/3/" || p.Current != 2 || pages[1].Title != "X, page 2" {
		t.Errorf("pager %+v", p)
	}
	if empty := paginate(&Page{Path: "/a/"}, nil, 3); len(empty) != 1 || empty[0].Pager.Total != 1 {
		t.Errorf("an empty list still has one page: %+v", empty)
	}
}

func TestChartHasNoTextAlternativeGap(t *testing.T) {
	terms := []*site.Term{{Name: "Business", Studies: make([]*site.Study, 4)}, {Name: "Empty"}, {Name: "<Gov>", Studies: make([]*site.Study, 2)}}
	svg := string(chart("sector", terms))
	if !strings.Contains(svg, `aria-hidden="true"`) || strings.Count(svg, "<rect") != 2 || strings.Contains(svg, "<Gov>") || !strings.Contains(svg, "&lt;Gov&gt;") {
		t.Errorf("chart: %s", svg)
	}
}

func TestOverlay(t *testing.T) {
	lower := fstest.MapFS{"templates/a.html": {Data: []byte("lower a")}, "templates/b.html": {Data: []byte("lower b")}}
	upper := fstest.MapFS{"templates/a.html": {Data: []byte("upper a")}, "templates/c.html": {Data: []byte("upper c")}}
	o := Overlay(upper, lower)
	for name, want := range map[string]string{"templates/a.html": "upper a", "templates/b.html": "lower b", "templates/c.html": "upper c"} {
		if got, err := fs.ReadFile(o, name); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", name, got, err)
		}
	}
	if names, _ := fs.Glob(o, "templates/*.html"); len(names) != 3 {
		t.Errorf("union listing: %v", names)
	}
}
