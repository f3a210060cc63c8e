package slug

import "testing"

func TestMake(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Connected classrooms", "connected-classrooms"},
		{"São Paulo Água", "sao-paulo-agua"},
		{"AT&T", "at-and-t"},
		{"AT & T", "at-and-t"},
		{"People's Trust Inc.", "peoples-trust-inc"},
		{"  --Hello,   World!--  ", "hello-world"},
		{"東京", ""},
		{"SDG 4: Quality Education", "sdg-4-quality-education"},
		{"ﬁne", "fine"},
	} {
		if got := Make(tc.in); got != tc.want {
			t.Errorf("Make(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzMake(f *testing.F) {
	for _, s := range []string{"Hello", "AT&T", "São", "a--b", "&&", "東京 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got != "" && !Valid(got) {
			t.Fatalf("Make(%q) = %q is not a valid slug", s, got)
		}
		if Make(got) != got {
			t.Fatalf("Make is not idempotent on %q: %q then %q", s, got, Make(got))
		}
	})
}
