// Command bench-search measures casebook's search against Pagefind on the
// same built portal, in headless Chromium, in one run (scripts/bench-search.sh
// prepares the corpus, the casebook binary and Pagefind).
//
// It builds the corpus with casebook (timing the search pass, and the peak
// memory of the whole build), copies the built site for Pagefind with the
// case-study pages marked up for it (data-pagefind-body on the main content,
// data-pagefind-filter for the seven facets, taken from the open-data export),
// runs Pagefind on the copy, then serves both sites from one local server
// that gzips text, sends pre-compressed files as they are, and can throttle
// every response (150 ms, then 1.6 Mbps shared). For each query of a fixed
// set it opens each engine's search page cold and records the gzip bytes
// and the time to the first results and to the facet counts.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"casebook/generator/region"
	"casebook/generator/search"
)

func main() {
	cb := flag.String("casebook", "bin/casebook", "casebook binary")
	pf := flag.String("pagefind", "bin/pagefind/node_modules/.bin/pagefind", "pagefind binary")
	corpus := flag.String("corpus", "", "site folder made by gencorpus")
	out := flag.String("out", "", "work folder for the built sites")
	flag.StringVar(&only, "only", "", "measure only the queries whose name contains this (for work on one query)")
	flag.BoolVar(&trace, "trace", false, "print every request of casebook's runs: start, end and bytes, from the navigation")
	flag.BoolVar(&skipPagefind, "casebook-only", false, "do not index or measure Pagefind (for work on casebook's side)")
	flag.BoolVar(&reuse, "reuse", false, "with -casebook-only: measure the site already built in -out (for work on the script alone)")
	flag.Parse()
	if err := run(*cb, *pf, *corpus, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bench-search:", err)
		os.Exit(1)
	}
}

var (
	only         string
	trace        bool
	skipPagefind bool
	reuse        bool
)

// measured is a command's wall time and peak resident memory.
type measured struct {
	wall   time.Duration
	rssMB  float64
	output string
}

func measure(name string, args ...string) (measured, error) {
	cmd := exec.Command(name, args...)
	start := time.Now()
	outb, err := cmd.CombinedOutput()
	m := measured{wall: time.Since(start), output: string(outb)}
	if err != nil {
		return m, fmt.Errorf("%s: %v\n%s", name, err, outb)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rssMB = float64(ru.Maxrss) / 1024
	}
	// Pagefind's npm wrapper starts the real binary: count its children too.
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru) == nil {
		m.rssMB = math.Max(m.rssMB, float64(ru.Maxrss)/1024)
	}
	return m, nil
}

func run(cb, pf, corpus, out string) error {
	if corpus == "" || out == "" {
		return fmt.Errorf("usage: bench-search -corpus DIR -out DIR")
	}
	if reuse && !skipPagefind {
		return fmt.Errorf("-reuse measures casebook's site alone: add -casebook-only")
	}
	ours, theirs := filepath.Join(out, "casebook"), filepath.Join(out, "pagefind")
	var build measured
	var searchPass time.Duration
	n := 0
	if reuse {
		ms, err := filepath.Glob(filepath.Join(ours, "case-studies", "*", "index.html"))
		if err != nil || len(ms) == 0 {
			return fmt.Errorf("-reuse: no site built in %s", ours)
		}
		n = len(ms)
		fmt.Fprintf(os.Stderr, "measuring the site already built in %s (%d case studies)…\n", ours, n)
	} else {
		os.RemoveAll(out)
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "building %s with casebook…\n", corpus)
		var err error
		if build, err = measure(cb, "build", "--src", corpus, "--out", ours, "--base-url", "http://127.0.0.1/", "--timings"); err != nil {
			return err
		}
		searchPass = passTime(build.output, "search")
		if n, err = markForPagefind(ours, theirs); err != nil {
			return err
		}
	}
	var pfRun measured
	if !skipPagefind {
		fmt.Fprintf(os.Stderr, "indexing %d case studies with Pagefind…\n", n)
		var err error
		if pfRun, err = measure(pf, "--site", theirs); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(theirs, "pf-search.html"), []byte(pagefindPage), 0o644); err != nil {
		return err
	}
	words, err := pickWords(ours)
	if err != nil {
		return err
	}
	queries := []query{
		{"one word (domain)", "water", nil, nil},
		{"one word (mid frequency)", words[0], nil, nil},
		{"one word (rare)", words[1], nil, nil},
		{"stop word", "the", nil, nil},
		{"two words", "water " + words[0], nil, nil},
		{"typo (one edit)", typo(words[0]), nil, nil},
		{"facets only", "", map[string]string{"sector": "business"}, nil},
		{"query + two facets", "water", map[string]string{"sector": "business", "tag": "ethics"}, nil},
		{"query + two narrow facets", "water", map[string]string{"region": "southern-asia", "year": "2015"}, map[string]string{"region": "Southern Asia"}},
	}
	files, err := countFiles(ours)
	if err != nil {
		return err
	}
	pfFiles := 0
	if !skipPagefind {
		if pfFiles, err = countFiles(filepath.Join(theirs, "pagefind")); err != nil {
			return err
		}
	}

	cbSrv, err := newServer(ours)
	if err != nil {
		return err
	}
	defer cbSrv.Close()
	pfSrv, err := newServer(theirs)
	if err != nil {
		return err
	}
	defer pfSrv.Close()
	ctx, cancel, err := startBrowser()
	if err != nil {
		return err
	}
	defer cancel()

	type row struct {
		name   string
		cb, pf result
	}
	var rows []row
	for _, slow := range []bool{false, true} {
		cbSrv.throttle(slow)
		pfSrv.throttle(slow)
		for _, q := range queries {
			if only != "" && !strings.Contains(q.name+" "+q.q, only) {
				continue
			}
			// unthrottled times vary by tens of milliseconds from run to run on
			// a shared machine: take the median of several, alternating engines
			var cs, ps []result
			for range runs(slow) {
				c, err := cbSrv.measurePage(ctx, "/search/?"+q.ours(), `+(document.getElementById("search-status").textContent.replace(/,/g, "").match(/^\d+/) || [0])[0]`)
				if err != nil {
					return fmt.Errorf("casebook %q: %w", q.q, err)
				}
				if trace {
					fmt.Fprintf(os.Stderr, "%s %q%s: start %.0f, first %.0f, counts %.0f ms\n", q.name, q.q, map[bool]string{true: ", Slow 4G"}[slow], c.startMS, c.firstMS, c.countMS)
					for _, l := range c.log {
						fmt.Fprintln(os.Stderr, "  "+l)
					}
				}
				var p result
				if !skipPagefind {
					if p, err = pfSrv.measurePage(ctx, "/pf-search.html?"+q.pagefind(), `window.__total`); err != nil {
						return fmt.Errorf("pagefind %q: %w", q.q, err)
					}
				}
				cs, ps = append(cs, c), append(ps, p)
			}
			c, p := median(cs), median(ps)
			name := q.name + " " + strconv.Quote(q.q)
			if q.facets != nil {
				name = q.name
			}
			if slow {
				name += ", Slow 4G"
			}
			rows = append(rows, row{name, c, p})
		}
	}

	fmt.Printf("\nSearch bench: %d case studies (gencorpus), Chromium headless, cold cache, gzip bytes on the wire;\nunthrottled times are the median of 5 runs, from the start of the page's navigation, split at the mark where the page's search code starts\n\n", n)
	fmt.Printf("| %-46s | %-22s | %-22s | %-14s |\n", "", "casebook", "Pagefind 1.6.0", "casebook / PF")
	fmt.Printf("|%s|%s|%s|%s|\n", strings.Repeat("-", 48), strings.Repeat("-", 24), strings.Repeat("-", 24), strings.Repeat("-", 16))
	line := func(name, a, b, ratio string) { fmt.Printf("| %-46s | %-22s | %-22s | %-14s |\n", name, a, b, ratio) }
	for _, r := range rows {
		slow := strings.HasSuffix(r.name, "Slow 4G")
		if !slow {
			line(r.name+": bytes to first results", kbs(r.cb.firstBytes), kbs(r.pf.firstBytes), ratio(r.cb.firstBytes, r.pf.firstBytes))
			line(r.name+": bytes to facet counts", kbs(r.cb.countBytes), kbs(r.pf.countBytes), ratio(r.cb.countBytes, r.pf.countBytes))
		}
		// first results from the start of the navigation: the page's own load
		// (HTML, stylesheets, the search script) up to the moment the search
		// code starts, then the search (index files, cards, rendering)
		line(r.name+": first results, from navigation", ms(r.cb.firstMS), ms(r.pf.firstMS), ratio(r.cb.firstMS, r.pf.firstMS))
		line(r.name+":   page load to search code start", ms(r.cb.startMS), ms(r.pf.startMS), ratio(r.cb.startMS, r.pf.startMS))
		line(r.name+":   search code start to first results", ms(r.cb.firstMS-r.cb.startMS), ms(r.pf.firstMS-r.pf.startMS), ratio(r.cb.firstMS-r.cb.startMS, r.pf.firstMS-r.pf.startMS))
		line(r.name+": facet counts", ms(r.cb.countMS), ms(r.pf.countMS), ratio(r.cb.countMS, r.pf.countMS))
		if !slow {
			line(r.name+": results", strconv.Itoa(r.cb.total), strconv.Itoa(r.pf.total), "")
		}
	}
	// with -reuse nothing was built in this run
	built := build.wall > 0
	if built {
		line("index build", fmt.Sprintf("%.1f s (search pass)", searchPass.Seconds()), fmt.Sprintf("%.1f s", pfRun.wall.Seconds()), ratio(searchPass.Seconds(), pfRun.wall.Seconds()))
		line("peak memory", fmt.Sprintf("%.0f MB (whole build)", build.rssMB), fmt.Sprintf("%.0f MB", pfRun.rssMB), ratio(build.rssMB, pfRun.rssMB))
	}
	line("index files", strconv.Itoa(files), strconv.Itoa(pfFiles), ratio(float64(files), float64(pfFiles)))
	if built {
		fmt.Printf("\ncasebook build of the whole portal: %.1f s; search pass %.2f ms a case study\n", build.wall.Seconds(), float64(searchPass.Microseconds())/1000/float64(n))
	}
	return nil
}

// runs is how many times each query is measured: the median of 5
// unthrottled, one run on Slow 4G, where the throttle dominates.
func runs(slow bool) int {
	if slow {
		return 1
	}
	return 5
}

// median takes each time's median over the runs (bytes and totals are the
// same every run).
func median(rs []result) result {
	m := rs[0]
	for _, f := range []func(*result) *float64{
		func(r *result) *float64 { return &r.startMS },
		func(r *result) *float64 { return &r.firstMS },
		func(r *result) *float64 { return &r.countMS },
	} {
		var v []float64
		for i := range rs {
			v = append(v, *f(&rs[i]))
		}
		slices.Sort(v)
		*f(&m) = v[len(v)/2]
	}
	return m
}

type query struct {
	name, q string
	facets  map[string]string
	labels  map[string]string // Pagefind's names of values label does not make
}

func (q query) ours() string {
	v := []string{"q=" + q.q}
	for _, k := range sortedKeys(q.facets) {
		v = append(v, k+"="+q.facets[k])
	}
	return strings.Join(v, "&")
}

// pagefind names the same filters by their labels, as the pages carry them.
func (q query) pagefind() string {
	f := map[string][]string{}
	for k, v := range q.facets {
		if l, ok := q.labels[k]; ok {
			f[k] = []string{l}
		} else {
			f[k] = []string{label(v)}
		}
	}
	b, _ := json.Marshal(f)
	return "q=" + q.q + "&f=" + string(b)
}

func sortedKeys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func label(k string) string {
	k = strings.ReplaceAll(k, "-", " ")
	return strings.ToUpper(k[:1]) + k[1:]
}

func kbs(b float64) string { return fmt.Sprintf("%.1f KB", b/1024) }
func ms(v float64) string  { return fmt.Sprintf("%.0f ms", v) }
func ratio(a, b float64) string {
	if b == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// passTime reads a pass's time from casebook build --timings.
func passTime(out, pass string) time.Duration {
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		for i, w := range f {
			if strings.TrimSuffix(w, ":") == pass && i+1 < len(f) {
				if d, err := time.ParseDuration(f[i+1]); err == nil {
					return d
				}
			}
		}
	}
	return 0
}

func countFiles(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (!strings.Contains(p, string(filepath.Separator)+"search"+string(filepath.Separator)) || !strings.HasSuffix(p, "index.html")) {
			if strings.Contains(p, "/search/") || strings.Contains(dir, "pagefind") {
				n++
			}
		}
		return err
	})
	return n, err
}

// pickWords picks a mid-frequency and a rare word of the built index, the
// same every run.
func pickWords(site string) ([]string, error) {
	var m struct {
		N  int    `json:"n"`
		K  int    `json:"k"`
		HM int    `json:"hm"`
		H  string `json:"h"`
	}
	data, err := os.ReadFile(filepath.Join(site, "search", "manifest.json"))
	if err != nil {
		return nil, err
	}
	json.Unmarshal(data, &m)
	shards, _ := filepath.Glob(filepath.Join(site, "search", m.H, "d*.bin"))
	slices.Sort(shards)
	var mid, rare string
	for _, s := range shards {
		raw, err := os.ReadFile(s)
		if err != nil {
			return nil, err
		}
		b, err := search.Gunzip(raw)
		if err != nil {
			return nil, err
		}
		es, err := search.DecodeShard(b, m.K, m.HM)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			if e.Prefix || len(e.Key) < 6 || len(e.Key) > 9 || strings.Trim(e.Key, "abcdefghijklmnopqrstuvwxyz") != "" {
				continue
			}
			f := float64(e.DF) / float64(m.N)
			if mid == "" && f > 0.05 && f < 0.2 {
				mid = e.Key
			}
			if rare == "" && f > 0.003 && f < 0.01 {
				rare = e.Key
			}
		}
	}
	if mid == "" || rare == "" {
		return nil, fmt.Errorf("no mid-frequency or rare word in the index")
	}
	return []string{mid, rare}, nil
}

// typo swaps a middle letter for another: one edit.
func typo(w string) string {
	i := len(w) / 2
	c := byte('e')
	if w[i] == 'e' {
		c = 'a'
	}
	return w[:i] + string(c) + w[i+1:]
}

// markForPagefind copies the built site and marks its case-study pages up
// for Pagefind; it returns how many it marked.
func markForPagefind(src, dst string) (int, error) {
	data, err := os.ReadFile(filepath.Join(src, "data", "case-studies.json"))
	if err != nil {
		return 0, err
	}
	var studies []struct {
		Slug     string   `json:"slug"`
		Tags     []string `json:"tags"`
		SDGs     []int    `json:"sdgs"`
		Status   string   `json:"status"`
		Engage   string   `json:"community_engagement"`
		Country  []string `json:"countries"`
		Period   struct{ Start int }
		Partners []struct {
			Sector string `json:"sector"`
		} `json:"partners"`
	}
	if err := json.Unmarshal(data, &studies); err != nil {
		return 0, err
	}
	marks := map[string]string{}
	for _, st := range studies {
		var b strings.Builder
		add := func(f, v string) { fmt.Fprintf(&b, `<span data-pagefind-filter="%s:%s"></span>`, f, v) }
		for _, t := range st.Tags {
			add("tag", label(t))
		}
		seen := map[string]bool{}
		for _, p := range st.Partners {
			if !seen[p.Sector] {
				seen[p.Sector] = true
				add("sector", label(p.Sector))
			}
		}
		for _, s := range st.SDGs {
			add("sdg", strconv.Itoa(s))
		}
		for _, c := range st.Country {
			if r, ok := region.Lookup(c); ok && !seen[r.Region] {
				seen[r.Region], seen[r.SubRegion] = true, true
				add("region", r.Region)
				add("region", r.SubRegion)
			}
		}
		add("status", label(st.Status))
		add("engagement", label(st.Engage))
		add("year", strconv.Itoa(st.Period.Start))
		marks[filepath.Join("case-studies", st.Slug, "index.html")] = b.String()
	}
	n := 0
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if mark, ok := marks[rel]; ok {
			html, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			s := strings.Replace(string(html), `<main id="main"`, `<main data-pagefind-body id="main"`, 1)
			s = strings.Replace(s, `</main>`, `<div hidden>`+mark+`</div></main>`, 1)
			n++
			return os.WriteFile(target, []byte(s), 0o644)
		}
		return os.Link(p, target)
	})
	return n, err
}

// pagefindPage runs one search with Pagefind's API, as its default UI does
// (ten results with their excerpts, then the filter counts), and marks the
// same moments as casebook's page: where the search code starts, the first
// results, the counts.
const pagefindPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Pagefind</title><body><ol id="r"></ol><script type="module">
performance.mark("casebook-search-start");
const p = new URLSearchParams(location.search), q = p.get("q") || null, f = JSON.parse(p.get("f") || "{}");
const filters = {};
for (const [k, v] of Object.entries(f)) filters[k] = { any: v };
const pf = await import("/pagefind/pagefind.js");
await pf.options({ basePath: "/pagefind/" });
const r = await pf.search(q, { filters });
const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
document.getElementById("r").innerHTML = data.map(d => "<li>" + d.meta.title + ": " + d.excerpt).join("");
performance.mark("casebook-search-results");
window.__total = r.results.length;
await pf.filters();
const r2 = await pf.search(q, { filters });
window.__counts = r2.filters;
performance.mark("casebook-search-counts");
</script>`
