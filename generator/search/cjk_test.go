package search

import (
	"context"
	"testing"
)

// TestCJK searches, with the script in Chromium, case studies written in
// Chinese and Japanese, which put no spaces between words: a query finds
// the case study that holds it, first.
func TestCJK(t *testing.T) {
	docs, facets := synth(300, 60)
	texts := map[int][2]string{
		7:   {"清华大学与腾讯的教育合作", "清华大学和腾讯在云南山区学校推动数字教育，培训了三百名教师。"},
		42:  {"東京のコーヒー農家支援", "東京の企業がコーヒー農家と協力し、公正な取引と水の管理を改善した。"},
		199: {"Water for Seoul schools", "서울 학교 물 관리 협력 프로젝트"},
	}
	for i, tx := range texts {
		docs[i].Title, docs[i].Summary = tx[0], tx[1]
		docs[i].Text[FieldTitle], docs[i].Text[FieldSummary] = tx[0], tx[1]
	}
	files, err := Index(context.Background(), docs, facets, Defaults())
	if err != nil {
		t.Fatal(err)
	}
	srv := newCountingServer(t, files)
	ctx := openServer(t, srv)
	for q, want := range map[string]int{
		"清华大学":   7,   // the title's first characters
		"腾讯 教育":  7,   // characters apart
		"数字教育":   7,   // in the summary only
		"コーヒー農家": 42,  // Katakana and Han
		"東京":     42,  // 東 and 京 are in no other case study
		"水":      42,  // one character
		"서울 학교":  199, // Hangul, written with spaces
	} {
		if got := top10(t, ctx, q); len(got) == 0 || got[0] != docs[want].URL {
			t.Errorf("%q: first %q, want %s", q, got, docs[want].URL)
		}
	}
}
