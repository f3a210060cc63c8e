package config

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	c, diags := Load(fstest.MapFS{})
	if diags != nil {
		t.Fatal(diags)
	}
	if c.Title == "" || c.Language != "en" || c.BaseURL.String() != DefaultBaseURL || !c.Build.Minify || c.BaseURLSet {
		t.Errorf("defaults: %+v", c)
	}
}

func TestParse(t *testing.T) {
	c, diags := Parse([]byte("\ufefftitle = \"Portal\"\nbase_url = \"https://ex.org/portal\"\nlanguage = \"pt-br\"\ntags = [\"climate\"]\n[build]\nminify = false\n[descriptions]\n\"tag:climate\" = \"Climate work\"\n"))
	if diags != nil {
		t.Fatal(diags)
	}
	if c.Title != "Portal" || c.Language != "pt-BR" || c.Build.Minify || len(c.Tags) != 1 || c.Descriptions["tag:climate"] != "Climate work" {
		t.Errorf("got %+v", c)
	}
	if got := c.Abs("/case-studies/x/"); got != "https://ex.org/portal/case-studies/x/" {
		t.Errorf("Abs = %q", got)
	}
	if got := c.Rel("/"); got != "/portal/" {
		t.Errorf("Rel = %q", got)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"titel = \"x\"\n", `casebook.toml:1:1: titel: unknown key "titel"`},
		{"base_url = \"ftp://x\"\n", `casebook.toml:1:12: base_url: "ftp://x" is not an absolute http or https URL`},
		{"\n[build]\nminify = \"yes\"\n", `casebook.toml:3:10: build.minify: expected true or false, found the text "yes"`},
		{"[build]\nminfy = true\n", `casebook.toml:2:1: build.minfy: unknown key "minfy"`},
		{"tags = [\"Climate Action\"]\n", `casebook.toml:1:9: tags[0]: tag "Climate Action" is not in lower case letters, digits and hyphens`},
		{"language = \"english!\"\n", `casebook.toml:1:12: language: "english!" is not a language tag`},
		{"title = \n", `casebook.toml:1:9: TOML syntax error`},
	} {
		_, diags := Parse([]byte(tc.in))
		if len(diags) == 0 || !strings.HasPrefix(diags[0].String(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.in, diags, tc.want)
		}
	}
}

func TestParseSuggestsKey(t *testing.T) {
	_, diags := Parse([]byte("titel = \"x\"\nbase_ur = \"https://x.org\"\n"))
	if len(diags) != 2 {
		t.Fatalf("want both errors in one run, got %v", diags)
	}
	if diags[0].Hint != `did you mean the key "title"?` || diags[1].Hint != `did you mean the key "base_url"?` {
		t.Errorf("hints: %q, %q", diags[0].Hint, diags[1].Hint)
	}
}
