package search

import (
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
)

// synth returns a deterministic synthetic portal of n documents with the
// statistics of ../shared/bench/gencorpus (a Zipf vocabulary of 30,000
// pronounceable pseudo-words, domain words, organisations named after
// vocabulary words, bodies of about bodyWords words), built in Go so that the
// tests need nothing outside the repository.
func synth(n, bodyWords int) ([]Doc, []Facet) {
	r := rand.New(rand.NewSource(1))
	vocab := synthVocab(r, 30000)
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	domain := strings.Fields(`partnership partners community communities education teachers students workforce
		green economy energy climate water sanitation health clinics vaccines housing inclusion equity
		innovation ethics rights governance accountability transparency trust youth women girls refugees
		farmers smallholder supply chain livelihoods jobs training apprenticeships digital connectivity
		broadband literacy nutrition schools parks infrastructure procurement contracting subcontractors
		diversity stewardship resilience poverty microenterprises cooperatives municipality ministry
		foundation nonprofit company corporate responsibility reporting disclosure stakeholders co-creation
		capacity indigenous accessibility disability mobility transport sanitation waste recycling circular`)
	word := func() string {
		if r.Intn(12) == 0 {
			return domain[r.Intn(len(domain))]
		}
		return vocab[zipf.Uint64()]
	}
	sentence := func(lo, hi int) string {
		w := make([]string, lo+r.Intn(hi-lo+1))
		for i := range w {
			w[i] = word()
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	suffix := []string{"Inc.", "Group", "City Council", "Foundation", "Alliance", "Cooperative", "University", "Fund", "Programme"}
	orgs := make([]string, n/3+20)
	for i := range orgs {
		w := vocab[40+r.Intn(2000)]
		orgs[i] = strings.ToUpper(w[:1]) + w[1:] + " " + suffix[r.Intn(len(suffix))]
	}
	facets := []Facet{
		{Param: "tag", Name: "Theme", Values: values("innovation", "inclusion", "ethics", "human-rights")},
		{Param: "sector", Name: "Partner sector", Values: values("business", "government", "civil-society", "community", "academia", "philanthropy", "multilateral")},
		{Param: "sdg", Name: "SDG", Values: values(numbers(1, 17)...)},
		{Param: "region", Name: "Region", Values: values("africa", "eastern-africa", "western-africa", "southern-africa", "northern-africa", "americas", "latin-america", "northern-america", "asia", "eastern-asia", "southern-asia", "south-eastern-asia", "europe", "western-europe", "northern-europe", "southern-europe", "oceania")},
		{Param: "status", Name: "Status", Values: values("planned", "active", "completed", "paused", "ended"), Single: true},
		{Param: "engagement", Name: "Community engagement", Values: values("inform", "consult", "involve", "collaborate", "empower"), Single: true},
		{Param: "year", Name: "Start year", Values: values(numbers(2005, 2024)...), Single: true},
	}
	pick := func(m, lo, hi int) []int {
		k := lo + r.Intn(hi-lo+1)
		p := r.Perm(m)[:k]
		slices.Sort(p)
		return p
	}
	docs := make([]Doc, n)
	for i := range docs {
		d := &docs[i]
		title := fmt.Sprintf("%s %s and %s %s", cap1(word()), cap1(word()), cap1(word()), cap1(domain[r.Intn(len(domain))]))
		year := r.Intn(20)
		d.Title, d.Summary = title, sentence(8, 25)
		d.URL = fmt.Sprintf("/case-studies/case-%05d/", i)
		d.Date = fmt.Sprintf("%04d-%02d-%02d", 2005+year+r.Intn(3), 1+r.Intn(12), 1+r.Intn(28))
		for range 2 + r.Intn(4) {
			d.Partners = append(d.Partners, orgs[r.Intn(len(orgs))])
		}
		d.Facets = [][]int{pick(4, 1, 3), pick(7, 2, 4), pick(17, 1, 3), pick(17, 1, 2), {r.Intn(4)}, {r.Intn(5)}, {19 - year}}
		var labels, details []string
		for f, vs := range d.Facets {
			for _, v := range vs {
				labels = append(labels, facets[f].Values[v].Label)
			}
		}
		for range 2 + r.Intn(8) {
			details = append(details, sentence(8, 25))
		}
		var body strings.Builder
		for body.Len() < bodyWords*7 {
			body.WriteString(sentence(8, 25) + " ")
		}
		d.Text = [NumFields]string{d.Title, strings.Join(d.Partners, "\n"), d.Summary, strings.Join(labels, "\n"), strings.Join(details, "\n"), body.String()}
		for f, vs := range d.Facets {
			for _, v := range vs {
				facets[f].Values[v].Count++
			}
		}
	}
	return docs, facets
}

func cap1(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func values(keys ...string) []Value {
	out := make([]Value, len(keys))
	for i, k := range keys {
		out[i] = Value{Key: k, Label: cap1(strings.ReplaceAll(k, "-", " "))}
	}
	return out
}

func numbers(lo, hi int) []string {
	var out []string
	for i := lo; i <= hi; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// synthVocab makes pronounceable pseudo-words as gencorpus does, the
// commonest English function words first.
func synthVocab(r *rand.Rand, n int) []string {
	on := strings.Fields("b c d f g h j k l m n p r s t v w z br cl dr fl gr pl pr st str th tr ch sh")
	nu := strings.Fields("a e i o u ai ea ie io ou")
	co := strings.Fields("n r s t l m nd nt st rk ng ss")
	common := strings.Fields("the of and to in a is that for it as with was on by be are this from or at which an has have not their its were they more been all can also but these into one than other who about")
	seen := map[string]bool{}
	v := append([]string{}, common...)
	for _, w := range common {
		seen[w] = true
	}
	for len(v) < n {
		var b strings.Builder
		for range 1 + r.Intn(3) {
			b.WriteString(on[r.Intn(len(on))] + nu[r.Intn(len(nu))])
		}
		if r.Intn(2) == 0 {
			b.WriteString(co[r.Intn(len(co))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			v = append(v, w)
		}
	}
	return v
}
