package region

import (
	"casebook/generator/slug"
	"sort"
	"testing"
)

func TestLookupKnown(t *testing.T) {
	tests := []struct {
		code, name, region, sub string
	}{
		{"US", "United States of America", "Americas", "Northern America"},
		{"CA", "Canada", "Americas", "Northern America"},
		{"GL", "Greenland", "Americas", "Northern America"},
		{"BR", "Brazil", "Americas", "Latin America and the Caribbean"},
		{"MX", "Mexico", "Americas", "Latin America and the Caribbean"},
		{"JM", "Jamaica", "Americas", "Latin America and the Caribbean"},
		{"KE", "Kenya", "Africa", "Sub-Saharan Africa"},
		{"ZA", "South Africa", "Africa", "Sub-Saharan Africa"},
		{"NG", "Nigeria", "Africa", "Sub-Saharan Africa"},
		{"EG", "Egypt", "Africa", "Northern Africa"},
		{"SD", "Sudan", "Africa", "Northern Africa"},
		{"SS", "South Sudan", "Africa", "Sub-Saharan Africa"},
		{"IN", "India", "Asia", "Southern Asia"},
		{"IR", "Iran (Islamic Republic of)", "Asia", "Southern Asia"},
		{"CN", "China", "Asia", "Eastern Asia"},
		{"TW", "Taiwan", "Asia", "Eastern Asia"},
		{"JP", "Japan", "Asia", "Eastern Asia"},
		{"ID", "Indonesia", "Asia", "South-eastern Asia"},
		{"KZ", "Kazakhstan", "Asia", "Central Asia"},
		{"TR", "Türkiye", "Asia", "Western Asia"},
		{"CY", "Cyprus", "Asia", "Western Asia"},
		{"DE", "Germany", "Europe", "Western Europe"},
		{"FR", "France", "Europe", "Western Europe"},
		{"GB", "United Kingdom of Great Britain and Northern Ireland", "Europe", "Northern Europe"},
		{"RU", "Russian Federation", "Europe", "Eastern Europe"},
		{"IT", "Italy", "Europe", "Southern Europe"},
		{"AU", "Australia", "Oceania", "Australia and New Zealand"},
		{"NZ", "New Zealand", "Oceania", "Australia and New Zealand"},
		{"FJ", "Fiji", "Oceania", "Melanesia"},
		{"GU", "Guam", "Oceania", "Micronesia"},
		{"WS", "Samoa", "Oceania", "Polynesia"},
		{"BV", "Bouvet Island", "Americas", "Latin America and the Caribbean"},
		{"IO", "British Indian Ocean Territory", "Africa", "Sub-Saharan Africa"},
		{"UM", "United States Minor Outlying Islands", "Oceania", "Micronesia"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := Lookup(tt.code)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tt.code)
			}
			want := Country{Code: tt.code, Name: tt.name, Region: tt.region, SubRegion: tt.sub}
			if got != want {
				t.Errorf("Lookup(%q) = %+v, want %+v", tt.code, got, want)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	for _, code := range []string{"", "XX", "us", "Us", "AQ", "USA", "U", " US", "ZZ"} {
		if got, ok := Lookup(code); ok || got != (Country{}) {
			t.Errorf("Lookup(%q) = %+v, %v; want zero, false", code, got, ok)
		}
	}
}

func TestEveryEntryConsistent(t *testing.T) {
	regions := map[string]bool{}
	for _, r := range Regions() {
		regions[r] = true
	}
	for _, code := range Codes() {
		c, ok := Lookup(code)
		if !ok {
			t.Errorf("Codes() lists %q but Lookup fails", code)
			continue
		}
		if c.Code != code || c.Name == "" {
			t.Errorf("Lookup(%q) = %+v: bad code or empty name", code, c)
		}
		if !regions[c.Region] {
			t.Errorf("%s: region %q is not an M49 region", code, c.Region)
		}
		found := false
		for _, s := range SubRegions(c.Region) {
			if s == c.SubRegion {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: sub-region %q does not belong to region %q", code, c.SubRegion, c.Region)
		}
	}
}

func TestCodes(t *testing.T) {
	codes := Codes()
	if n := len(codes); n != 248 && n != 249 {
		t.Fatalf("len(Codes()) = %d, want 248 or 249", n)
	}
	if !sort.StringsAreSorted(codes) {
		t.Error("Codes() is not sorted")
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			t.Errorf("code %q is not two upper-case ASCII letters", c)
		}
		if seen[c] {
			t.Errorf("duplicate code %q", c)
		}
		seen[c] = true
	}
	// The result is a copy: modifying it must not affect later calls.
	codes[0] = "!!"
	if Codes()[0] == "!!" {
		t.Error("Codes() exposes internal state")
	}
}

func TestRegions(t *testing.T) {
	want := []string{"Africa", "Americas", "Asia", "Europe", "Oceania"}
	got := Regions()
	if !equal(got, want) {
		t.Fatalf("Regions() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if Regions()[0] != "Africa" {
		t.Error("Regions() exposes internal state")
	}
}

func TestSubRegions(t *testing.T) {
	tests := []struct {
		region string
		want   []string
	}{
		{"Africa", []string{"Northern Africa", "Sub-Saharan Africa"}},
		{"Americas", []string{"Latin America and the Caribbean", "Northern America"}},
		{"Asia", []string{"Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"}},
		{"Europe", []string{"Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"}},
		{"Oceania", []string{"Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"}},
		{"Antarctica", nil},
		{"africa", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			got := SubRegions(tt.region)
			if !equal(got, tt.want) {
				t.Errorf("SubRegions(%q) = %q, want %q", tt.region, got, tt.want)
			}
			if !sort.StringsAreSorted(got) {
				t.Errorf("SubRegions(%q) not sorted: %q", tt.region, got)
			}
		})
	}
}

func TestSubRegionsCompleteAndUsed(t *testing.T) {
	all := map[string]string{}
	for _, r := range Regions() {
		for _, s := range SubRegions(r) {
			if prev, dup := all[s]; dup {
				t.Errorf("sub-region %q in both %q and %q", s, prev, r)
			}
			all[s] = r
		}
	}
	if len(all) != 17 {
		t.Errorf("got %d sub-regions, want 17", len(all))
	}
	used := map[string]bool{}
	for _, code := range Codes() {
		c, _ := Lookup(code)
		used[c.SubRegion] = true
	}
	for s := range all {
		if !used[s] {
			t.Errorf("sub-region %q has no countries", s)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Latin America and the Caribbean", "latin-america-and-the-caribbean"},
		{"Sub-Saharan Africa", "sub-saharan-africa"},
		{"South-eastern Asia", "south-eastern-asia"},
		{"Australia and New Zealand", "australia-and-new-zealand"},
		{"Northern America", "northern-america"},
		{"Africa", "africa"},
		{"  Western   Europe  ", "western-europe"},
		{"Lao People's Democratic Republic", "lao-peoples-democratic-republic"},
		{"M49 / Region 419", "m49-region-419"},
		{"", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		if got := slug.Make(tt.in); got != tt.want {
			t.Errorf("slug.Make(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every region and sub-region has a distinct, well-formed slug.
	seen := map[string]string{}
	for _, r := range Regions() {
		for _, name := range append([]string{r}, SubRegions(r)...) {
			s := slug.Make(name)
			for _, c := range s {
				if !(c >= 'a' && c <= 'z' || c == '-') {
					t.Errorf("slug.Make(%q) = %q has invalid character %q", name, s, c)
				}
			}
			if prev, dup := seen[s]; dup {
				t.Errorf("slug.Make(%q) = slug.Make(%q) = %q", name, prev, s)
			}
			seen[s] = name
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
