package content_test

import (
	"context"
	"io/fs"
	"reflect"
	"testing"

	"casebook/generator/content"
	"casebook/internal/corpus"
)

// TestLoadAsParsedAlone: Load parses front matters in parallel, in
// scratches used again (node.ParseYAMLIn); each study it gives must be the
// one ParseCaseStudy makes of the file alone. (A decoder that kept a node
// would find it overwritten by another document's.)
func TestLoadAsParsedAlone(t *testing.T) {
	fsys := corpus.Site(300)
	opt := content.Options{Tags: content.CoreTags()}
	set, diags := content.Load(context.Background(), fsys, opt)
	if diags.Errors() > 0 {
		t.Fatal(diags)
	}
	if len(set.Studies) < 250 {
		t.Fatalf("%d studies loaded of 300", len(set.Studies))
	}
	for _, cs := range set.Studies {
		src, err := fs.ReadFile(fsys, cs.File)
		if err != nil {
			t.Fatal(err)
		}
		alone, _ := content.ParseCaseStudy(cs.File, src, opt)
		if alone == nil {
			t.Fatalf("%s: not parsed alone", cs.File)
		}
		alone.Dir = cs.Dir
		if alone.Slug == "" {
			alone.Slug = cs.Slug // Load gives a study without one its file's name
		}
		if !reflect.DeepEqual(cs, alone) {
			t.Fatalf("%s loaded:\n%+v\nparsed alone:\n%+v", cs.File, cs, alone)
		}
	}
}
