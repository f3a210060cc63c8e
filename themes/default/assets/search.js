// casebook search: reads the static index that generator/search builds under
// /search/, loading only the parts a query needs. No dependencies, no inline
// script: it works under a script-src 'self' content security policy.
// The formats are documented in generator/search/encode.go.
(() => {
  'use strict';
  // the moment the page's search code starts (scripts/bench-search splits page load from search here)
  globalThis.performance?.mark?.('casebook-search-start');

  // Normalisation: the contract with generator/search/normalize.go. A Han,
  // Hiragana or Katakana character is a word of its own; m: marks within words.
  const cjk = '\\p{sc=Han}\\p{sc=Hira}\\p{sc=Kana}', wordRE = m => {
    const w = `(?:(?![${cjk}])[\\p{L}\\p{N}${m}])+`;
    return new RegExp(`[${cjk}]${m && m + '*'}|${w}(?:&${w})*`, 'gu');
  };
  // ASCII text, the common case, skips the Unicode patterns, which take
  // milliseconds to compile on first use; it splits the same way
  const ascii = /^[\0-\x7f]*$/, asciiRE = /[a-z\d]+(?:&[a-z\d]+)*/gi;
  let plain, withMarks;
  const words = s => ascii.test(s) ? s.toLowerCase().match(asciiRE) || []
    : s.normalize('NFKD').toLowerCase().replace(/ς/g, 'σ').replace(/\p{M}/gu, '').match(plain ||= wordRE('')) || [];

  // ahead marks a fetch started early: its failure surfaces where it is awaited
  const ahead = p => p.catch(() => {});
  // the chosen values of each facet of manifest M in URL parameters p, as value numbers
  const selection = (M, p) => M.f.map(f => p.getAll(f.p).map(k => f.v.findIndex(v => v[0] == k)).filter(i => i >= 0));
  // the term of a name (generator/search.Phrase): its first six words joined by "_"
  const phrase = ws => {
    const p = ws.slice(0, 6).join('_');
    return ws.length > 1 && new TextEncoder().encode(p).length <= 64 && p;
  };
  const td = new TextDecoder();
  const reader = b => {
    let p = 0;
    return {
      v() { let x = 0, m = 1, c; do { c = b[p++]; x += (c & 127) * m; m *= 128 } while (c > 127); return x },
      n(k) { return b.subarray(p, p += k) },
      s() { return td.decode(this.n(this.v())) },
    };
  };
  // a facet column (encode.go) of n documents and C combinations in mode m:
  // 0 a byte or two each, 1 differences, m > 1 m documents a byte, the first
  // in the lowest digit (v: what is left of the byte). It runs before the first
  // results of a filtered search: no powers, no floating-point division.
  const column = (b, n, C, m) => {
    const c = new Uint16Array(n);
    for (let j = 0, x = 0, v = 0; j < n; j++) c[j] = x = m > 1 ? (j % m ? v = (v - x) / C : v = b[j / m | 0]) % C : ((C > 256 ? b[j] | b[n + j] << 8 : b[j]) + (m && x)) % C;
    return c;
  };
  // gunzip: the index's files are gzip streams (RFC 1952, 1951), inflated
  // here at once: DecompressionStream takes several tasks a file, tens of
  // milliseconds when a page of cards arrives together
  const lext = [], lbase = [], dext = [], dbase = [];
  for (let i = 0, l = 3, d = 1; i < 30; i++) {
    lext[i] = i < 8 || i > 27 ? 0 : (i >> 2) - 1; lbase[i] = i > 27 ? 258 : l; l += 1 << lext[i];
    dext[i] = i < 4 ? 0 : (i >> 1) - 1; dbase[i] = d; d += 1 << dext[i];
  }
  // a canonical Huffman code from code lengths: a table by the code's next bits
  // (first bit lowest) of symbol << 4 | length, as long as the longest code
  const huff = lens => {
    const n = new Uint16Array(16), next = new Uint16Array(16);
    let m = 0;
    for (const l of lens) { n[l]++; if (l > m) m = l }
    n[0] = 0;
    for (let l = 1, c = 0; l < 16; l++) next[l] = c = c + n[l - 1] << 1;
    const t = new Uint16Array(1 << m);
    lens.forEach((l, s) => {
      if (!l) return;
      let c = next[l]++, r = 0;
      for (let k = 0; k < l; k++, c >>= 1) r = r << 1 | c & 1;
      for (; r < t.length; r += 1 << l) t[r] = s << 4 | l;
    });
    t.m = m;
    return t;
  };
  let fixed;
  const gunzip = b => {
    if (b[0] != 31 || b[1] != 139) return b;
    const f = b[3], out = new Uint8Array(b[b.length - 4] | b[b.length - 3] << 8 | b[b.length - 2] << 16 | b[b.length - 1] << 24);
    let p = 10, bb = 0, bc = 0, o = 0, last;
    if (f & 4) p += 2 + (b[p] | b[p + 1] << 8);
    if (f & 8) while (b[p++]);
    if (f & 16) while (b[p++]);
    if (f & 2) p += 2;
    const bits = k => {
      while (bc < k) { bb |= b[p++] << bc; bc += 8 }
      const v = bb & (1 << k) - 1;
      bb >>>= k; bc -= k;
      return v;
    };
    const dec = t => {
      while (bc < t.m) { bb |= b[p++] << bc; bc += 8 }
      const v = t[bb & (1 << t.m) - 1], l = v & 15;
      if (!l) throw Error('bad gzip');
      bb >>>= l; bc -= l;
      return v >> 4;
    };
    do {
      last = bits(1);
      const type = bits(2);
      if (!type) {
        // to the byte boundary, giving back the bytes read ahead
        p -= bc >> 3; bb = bc = 0;
        const len = b[p] | b[p + 1] << 8;
        out.set(b.subarray(p += 4, p + len), o); p += len; o += len;
        continue;
      }
      let lit, dist;
      if (type == 1) {
        if (!fixed) {
          const l = [];
          for (let i = 0; i < 288; i++) l[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
          fixed = [huff(l), huff(Array(30).fill(5))];
        }
        [lit, dist] = fixed;
      } else {
        const nl = bits(5) + 257, nd = bits(5) + 1, nc = bits(4) + 4, cl = Array(19).fill(0), l = [];
        for (let i = 0; i < nc; i++) cl[[16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15][i]] = bits(3);
        const c = huff(cl);
        while (l.length < nl + nd) {
          const s = dec(c);
          if (s < 16) l.push(s);
          else l.push(...Array(s == 16 ? bits(2) + 3 : s == 17 ? bits(3) + 3 : bits(7) + 11).fill(s == 16 ? l.at(-1) : 0));
        }
        lit = huff(l.slice(0, nl)); dist = huff(l.slice(nl));
      }
      for (let s; (s = dec(lit)) != 256;) {
        if (s < 256) { out[o++] = s; continue }
        s -= 257;
        const len = lbase[s] + bits(lext[s]), d = dec(dist), back = dbase[d] + bits(dext[d]);
        for (let k = 0; k < len; k++, o++) out[o] = out[o - back];
      }
    } while (!last);
    return out;
  };
  const fetchBytes = u => fetch(u).then(r => {
    if (!r.ok) throw Error(u + ': ' + r.status);
    return r.arrayBuffer();
  }).then(b => gunzip(new Uint8Array(b)));
  // last index i with a[i] <= k (string order is UTF-16 order, as in the index)
  const find = (a, k) => {
    let lo = 0, hi = a.length - 1;
    while (lo < hi) { const m = (lo + hi + 1) >> 1; if (a[m] <= k) lo = m; else hi = m - 1 }
    return lo;
  };
  const osa = (a, b) => {
    const d = [];
    for (let i = 0; i <= a.length; i++) {
      d[i] = [i];
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = i ? Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])) : j;
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.length][b.length];
  };

  // engine reads the index under root ("/search/"): query runs a search,
  // cards fetches result cards. Every file is fetched once.
  const engine = root => {
    let M, K, N, dir;
    const memo = new Map();
    const once = (key, f) => {
      let p = memo.get(key);
      if (!p) memo.set(key, p = f().catch(e => { memo.delete(key); throw e }));
      return p;
    };
    // the search page carries the manifest inline; other pages fetch it
    const inline = globalThis.document?.getElementById('search-manifest');
    const manifest = () => once('m', async () => {
      const m = inline ? JSON.parse(inline.textContent) : await fetch(root + 'manifest.json').then(r => {
        if (!r.ok) throw Error('manifest: ' + r.status);
        return r.json();
      });
      M = m; K = m.k; N = m.n; dir = root + m.h + '/';
      return m;
    });
    const part = name => once(name, () => M.a ? once('all', () => fetchBytes(dir + 'all.bin').then(b => {
      const r = reader(b), toc = [], parts = new Map();
      for (let i = r.v(); i--;) toc.push([r.s(), r.v()]);
      for (const [k, n] of toc) parts.set(k, r.n(n));
      return parts;
    })).then(ps => ps.get(name)) : fetchBytes(dir + name + '.bin'));
    const parsed = (name, f) => once('P' + name, () => part(name).then(f));
    // a gzip member of a full-postings file: fetched alone with a Range
    // request; a host that ignores Range sends the whole file, kept for the
    // file's other members
    const member = (f, off, len) => once('p' + f + ':' + off, async () => {
      const name = 'p' + f, cut = b => gunzip(b.subarray(off, off + len));
      if (M.a || memo.has(name)) return cut(await part(name));
      const r = await fetch(dir + name + '.bin', { headers: { Range: 'bytes=' + off + '-' + (off + len - 1) } });
      if (!r.ok) throw Error(name + ': ' + r.status);
      const b = new Uint8Array(await r.arrayBuffer());
      if (r.status == 206) return gunzip(b);
      memo.set(name, Promise.resolve(b));
      return cut(b);
    });

    const top = (r, df) => {
      const k = Math.min(df, K), d = [];
      for (let i = 0; i < k; i++) d.push(r.v());
      return { d, i: r.n(k) };
    };
    // a dictionary shard: key → entry {k, g, df, t: top postings, l: full postings' place, h: their head's, s: surfaces of the group}
    const shard = i => parsed('d' + i, b => {
      const r = reader(b), lines = r.s().split('\n'), map = new Map(), groups = new Map();
      lines.pop();
      for (const line of lines) {
        if (line.includes('*')) {
          const [k, ...c] = line.split(' '), df = r.v();
          map.set(k, { k: k.slice(0, -1), c, df, t: top(r, df), p: 1 });
          continue;
        }
        const x = r.v(), g = Math.floor(x / 2);
        let e = groups.get(g);
        if (!(x & 1)) {
          const df = r.v();
          e = { g, df, t: top(r, df), s: [] };
          // full postings [n, file, member offset, member length, list offset]; a head [n, file, offset, length]
          if (df > K) e.l = [df, r.v(), r.v(), r.v(), r.v()];
          if (df >= M.hm) e.l[0] -= (e.h = [r.v(), r.v(), r.v(), r.v()])[0];
          groups.set(g, e);
        }
        e.s.push(line);
        map.set(line, { ...e, k: line });
      }
      // the title table's part: [hash of a title's phrase, document]
      const t = [];
      for (let n = r.v(), h = 0; n--;) t.push([h += r.v(), r.v()]);
      return { map, keys: lines.map(l => l.split(' ')[0]), t };
    });
    const lookup = w => shard(find(M.d, w)).then(s => s.map.get(w));
    // the words of a shard that start with p, by group, most frequent first
    const scan = (s, p) => {
      const seen = new Set(), out = [];
      for (const k of s.keys) {
        const e = s.map.get(k);
        if (k.startsWith(p) && !e.p && !seen.has(e.g)) { seen.add(e.g); out.push(e) }
      }
      return out.sort((a, b) => b.df - a.df);
    };
    const completions = async w => {
      const s = await shard(find(M.d, w + '*')), v = s.map.get(w + '*');
      return v ? [v] : scan(s, w).slice(0, 4);
    };
    // the correction of a word with no match: one edit for 4–7 letters, two
    // for 8 or more, first letter fixed; candidates share the word's first
    // half (dictionary) or its second half (reversed words)
    const typo = async w => {
      const c = [...w], n = c.length, max = n < 8 ? 1 : 2, a = Math.ceil(n / 2);
      if (n < 4) return;
      const cands = new Map(), add = (k, df) => { if (!cands.has(k)) cands.set(k, df) };
      // every shard a correction may need, fetched at once: the dictionary
      // shards of the first half, the reversed-word shards of the second, the swap's shard
      const pre = c.slice(0, a).join(''), key = c[0] + c.slice(a).reverse().join(''), sw = c.slice(), x = sw[a - 1];
      sw[a - 1] = sw[a]; sw[a] = x;
      const next = (A, p) => { const i = find(A, p); return A.length ? [i, i + 1].filter(j => j < A.length && (j == i || A[j].startsWith(p))) : [] };
      const pick = () => {
        let best, bd = max + 1, bdf = 0;
        for (const [k, df] of cands) {
          const kc = [...k];
          if (kc[0] != c[0] || Math.abs(kc.length - n) > max) continue;
          const dist = osa(c, kc);
          if (dist < bd || dist == bd && df > bdf) { best = k; bd = dist; bdf = df }
        }
        return best;
      };
      // the likeliest correction is in the word's own shard, loaded already: its best
      // document's card is fetched with the other shards
      const own = new Map();
      for (const e of scan(await shard(find(M.d, w)), pre)) for (const k of e.s) { own.set(k, e); add(k, e.df) }
      const guess = pick();
      if (guess) ahead(cards(own.get(guess).t.d.slice(0, 1)));
      cands.clear();
      const [ds, rs, t] = await Promise.all([Promise.all(next(M.d, pre).map(shard)), Promise.all(next(M.r, key).map(i => part('r' + i))), lookup(sw.join(''))]);
      for (const s of ds) for (const e of scan(s, pre)) for (const k of e.s) add(k, e.df);
      for (const b of rs) {
        const r = reader(b), keys = r.s().split('\n');
        keys.pop();
        for (const k of keys) {
          const df = r.v(), kc = [...k];
          if (k.startsWith(key)) add(kc[0] + kc.slice(1).reverse().join(''), df);
        }
      }
      if (t) add(t.k, t.df);
      const best = pick();
      return best && lookup(best);
    };
    // a query word → {w: the word searched, f: corrected, a: [{e: entry, wt: weight}]}
    const resolve = async (w, live) => {
      // as you type, the completions are fetched with the word
      const [e, c] = await Promise.all([lookup(w), live && completions(w)]), a = e ? [{ e, wt: 1 }] : [];
      if (live || !e) {
        // the most frequent completions weigh most: what the reader is most likely typing
        const cs = (c || await completions(w)).filter(x => !e || x.g != e.g), top = Math.max(...cs.map(x => x.df));
        for (const x of cs) a.push({ e: x, wt: (e ? .5 : .8) * Math.sqrt(x.df / top) * idf(top) / idf(x.df) });
      }
      if (a.length) return [{ w, a }];
      if (w.includes('&')) return (await Promise.all(w.split('&').map(p => resolve(p)))).flat();
      const t = await typo(w);
      return [t ? { w: t.k, f: 1, a: [{ e: t, wt: .6 }] } : { w, a: [] }];
    };
    // full postings of an entry: {d: doc ids, i: impacts}, in no particular order;
    // a list with a head: the two, which hold different documents; a prefix
    // entry: its completions', each document once with its best impact
    const full = async e => {
      if (e.h) {
        const [a, b] = await Promise.all([list(e.l), list(e.h)]);
        return { d: [...a.d, ...b.d], i: [...a.i, ...b.i] };
      }
      if (!e.p) return e.l ? list(e.l) : e.t;
      const m = new Map();
      for (const p of await Promise.all((await Promise.all(e.c.map(lookup))).filter(Boolean).map(full))) p.d.forEach((d, j) => { if ((m.get(d) & 127) < (p.i[j] & 127)) m.set(d, p.i[j]) });
      return { d: [...m.keys()], i: [...m.values()] };
    };
    // a list of n postings in a member of a full-postings file
    const list = async ([n, f, off, len, at = 0]) => {
      const r = reader((await member(f, off, len)).subarray(at)), d = [];
      for (let j = 0, x = 0; j < n; j++) d.push(x += r.v());
      return { d, i: r.n(n) };
    };
    const idf = df => Math.log(1 + (N - df + .5) / (df + .5));
    // the documents whose title's phrase is p: FNV-1a of it, in the title
    // table's part in p's dictionary shard
    const titles = async p => {
      let h = 0x811c9dc5;
      for (const b of new TextEncoder().encode(p)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
      return (await shard(find(M.d, p))).t.filter(x => x[0] == h).map(x => x[1]);
    };
    // every facet's combinations of values; a facet's column over one range of documents
    const combos = () => once('S', () => part('s').then(b => {
      const r = reader(b), out = [];
      for (let f = r.v(); f--;) {
        const sets = [];
        sets.m = r.v();
        for (let c = r.v(); c--;) { const s = []; for (let k = r.v(); k--;) s.push(r.v()); sets.push(s) }
        out.push(sets);
      }
      return out;
    }));
    const range = (f, i) => once('F' + f + '-' + i, async () => {
      const [A, b] = await Promise.all([combos(), part('f' + f + '-' + i)]), S = A[f], C = S.length, m = S.m, n = Math.min(M.fr, N - i * M.fr);
      return column(b, n, C, m);
    });
    // the columns of facet f over the ranges of documents rs
    const load = (f, rs) => Promise.all(rs.map(r => range(f, r))).then(cs => new Map(rs.map((r, k) => [r, cs[k]])));
    // the documents the chosen values s of facet f let through, a byte each:
    // from the values' sets, or, without them, from the facet's column (an
    // index without value sets has one range of documents: see layout)
    const allowed = (f, s) => once('A' + f + ':' + s, async () => {
      const o = new Uint8Array(N);
      if (M.vs) for (const b of await Promise.all(s.map(v => part('v' + f + '-' + v)))) column(b, N, 2, 8).forEach((x, d) => o[d] |= x);
      else {
        const [S, c] = await Promise.all([combos(), range(f, 0)]);
        c.forEach((k, d) => o[d] = S[f][k].some(v => s.includes(v)));
      }
      return o;
    });
    const query = async (q, sel, page, live, first) => {
      if (!M) await manifest();
      const per = 10, ws = words(q), on = M.f.map((_, f) => f).filter(f => sel[f].length), any = on.length;
      const name = phrase(ws), fr = M.fr;
      const nr = Math.ceil(N / fr), every = Array.from({ length: nr }, (_, r) => r);
      let early;
      const ranges = list => [...new Set(list.map(d => Math.floor(d / fr)))];
      // the documents the filters let through are fetched with the words
      const oks = Promise.all(on.map(f => allowed(f, sel[f])));
      const [terms, named, titled] = await Promise.all([
        Promise.all(ws.map((w, j) => resolve(w, live && j == ws.length - 1))).then(t => t.flat()),
        name && lookup(name), name && titles(name)]);
      const fixed = terms.some(t => t.f) ? terms.map(t => t.w).join(' ') : '';
      const out = { terms, fixed, page, per };
      const real = terms.filter(t => t.a.length), all = real.length == terms.length;
      const common = t => t.a.every(x => x.e.df >= N / 2);
      const need = real.filter(t => !common(t)).length ? real.filter(t => !common(t)) : real;
      const score = (imp, x) => x.wt * idf(x.e.df) * (imp & 127) / 127;
      const rank = new Map();
      for (const t of need) for (const x of t.a) x.e.t.d.forEach((d, j) => { if (!(rank.get(d) <= j)) rank.set(d, j) });
      // the documents of the top postings by score: for one term, or only common
      // words, the first results; otherwise the likeliest first result. Words in
      // half the documents or more count only when every word is so common
      const m = new Map();
      for (const t of need) {
        const tm = new Map();
        for (const x of t.a) x.e.t.d.forEach((d, j) => {
          const s = score(x.e.t.i[j], x) * (x.e.t.i[j] & 128 ? M.tb : 1);
          if (!(tm.get(d) >= s)) tm.set(d, s);
        });
        tm.forEach((s, d) => m.set(d, (m.get(d) || 0) + s));
      }
      const ranked = [...m.keys()].sort((a, b) => m.get(b) - m.get(a) || (rank.get(a) ?? K) - (rank.get(b) ?? K));
      if (!any && page * per < K && all && (real.length == 1 || real.every(common))) {
        if (early = ranked.length > page * per) await first?.({ ...out, docs: ranked.slice(page * per, page * per + per), total: real.length == 1 && real[0].a.length == 1 ? real[0].a[0].e.df : null });
      }
      // every matching document with its score; AND first, OR at half score
      // when AND finds fewer than a page
      let docs = null, sc, and;
      if (terms.length) {
        sc = new Float32Array(N);
        const hits = new Uint8Array(N), flags = new Uint8Array(N);
        and = new Uint8Array(N);
        // the likeliest first result's card comes with the full postings: the best
        // of the top postings the filters let through, in those of every term if any
        if (!early && !page) ahead((async () => {
          const ok = await oks, ds = ranked.filter(d => ok.every(o => o[d])), both = ds.filter(d => need.every(t => t.a.some(x => x.e.t.d.includes(d))));
          if (ds.length) await cards((both[0] ? both : ds).slice(0, 1));
        })());
        // one word with filters: the first results are the best of its head (see
        // appendHead) the filters let through, as many as it has for the page; the
        // others come with the full postings
        const one = terms.length == 1 && real[0]?.a.length == 1 && real[0].a[0].e;
        if (any && one.h?.[0]) {
          const [h, ok] = await Promise.all([list(one.h), oks]);
          const ds = h.d.map((d, j) => [d, (h.i[j] & 127) * (h.i[j] & 128 ? M.tb : 1)]).filter(([d]) => ok.every(o => o[d]));
          ds.sort((a, b) => b[1] - a[1] || (rank.get(a[0]) ?? K) - (rank.get(b[0]) ?? K) || a[0] - b[0]);
          if (ds.length > page * per) {
            early = 1;
            await first?.({ ...out, docs: ds.slice(page * per, page * per + per).map(x => x[0]), total: null });
          }
        }
        // the full postings first: a browser makes six requests at a time to an HTTP/1.1 host
        const lp = Promise.all(need.map(t => Promise.all(t.a.map(x => full(x.e)))));
        // once the first results are shown, the columns for the counts: over the
        // ranges of the documents in the top postings of every term, which match them
        // all; over every range when the rarest term is common enough to be in all
        if (all && early) {
          const seen = new Map();
          for (const t of need) new Set(t.a.flatMap(x => x.e.t.d)).forEach(d => seen.set(d, (seen.get(d) || 0) + 1));
          const rs = Math.min(...need.map(t => Math.max(...t.a.map(x => x.e.df)))) >= 8 * nr ? every
            : ranges([...seen.keys()].filter(d => seen.get(d) == need.length));
          M.f.forEach((_, f) => ahead(load(f, rs)));
        }
        const lists = await lp;
        need.forEach((t, ti) => {
          const best = new Float32Array(N), fl = new Uint8Array(N), seen = [];
          t.a.forEach((x, ai) => {
            const p = lists[ti][ai];
            p.d.forEach((d, j) => {
              const s = score(p.i[j], x);
              if (!best[d]) seen.push(d);
              if (s > best[d]) best[d] = s;
              if (p.i[j] & 128) fl[d] = 1;
            });
          });
          for (const d of seen) { sc[d] += best[d]; hits[d]++; flags[d] += fl[d] }
        });
        // a title or an organisation's name: its case studies first
        for (const d of [...named ? named.t.d : [], ...titled || []]) if (hits[d]) sc[d] *= 3;
        docs = [];
        let n = 0;
        for (let d = 0; d < N; d++) if (hits[d]) {
          if (flags[d] == need.length) sc[d] *= M.tb;
          if (hits[d] == need.length && all) { and[d] = 1; n++ }
          docs.push(d);
        }
        if (n >= per || terms.length < 2) docs = docs.filter(d => and[d]);
      }
      // facets: OR within a facet, AND across; each facet's counts leave out
      // its own selection. Columns are read only over the ranges of documents
      // that matter.
      const val = (m, d) => m.get(Math.floor(d / fr))[d % fr];
      if (!docs && !any) return { ...out, docs: [], total: null, counts: M.f.map(f => f.v.map(v => v[2])) };
      const ok = await oks, fails = new Uint8Array(N), miss = new Uint8Array(N);
      const check = d => {
        let bad = 0;
        on.forEach((f, k) => { if (!ok[k][d]) { bad++; miss[d] = f } });
        return !(fails[d] = bad);
      };
      let results = [];
      const finish = async () => {
        out.docs = results.slice(page * per, page * per + per);
        out.total = results.length;
        if (!page && ws.length > 1 && docs) {
          // a case study whose title is the query comes first: one the title
          // table lists, unless the query is too long for a phrase
          const c = name ? out.docs.filter(d => titled.includes(d)) : out.docs, cs = await cards(c);
          const i = out.docs.indexOf(c[cs.findIndex(x => words(x[1]).join(' ') == ws.join(' '))]);
          if (i > 0) out.docs.unshift(...out.docs.splice(i, 1));
        }
      };
      if (docs) {
        for (const d of docs) if (check(d)) results.push(d);
        results.sort((a, b) => and[b] - and[a] || sc[b] - sc[a] || (rank.get(a) ?? N) - (rank.get(b) ?? N) || a - b);
      } else for (let d = 0; d < N; d++) if (check(d)) results.push(d);
      await finish();
      await first?.(out);
      // the combinations come with the first columns, after the first results
      const counts = M.f.map(f => new Array(f.v.length).fill(0));
      await Promise.all(M.f.map(async (_, f) => {
        // the documents that count for facet f: those every other chosen facet lets through
        const list = [];
        const add = d => { if (!fails[d] || fails[d] == 1 && miss[d] == f) list.push(d) };
        if (docs) docs.forEach(add); else for (let d = 0; d < N; d++) add(d);
        const col = await load(f, ranges(list)), S = (await combos())[f], cc = new Uint32Array(S.length);
        for (const d of list) cc[val(col, d)]++;
        cc.forEach((n, k) => { for (const v of S[k]) counts[f][v] += n });
      }));
      return { ...out, counts };
    };
    // cards of documents: [url, title, summary, date, partners, facet values]
    const cards = ds => Promise.all(ds.map(d => parsed('c' + Math.floor(d / M.b), b => JSON.parse(td.decode(b))).then(c => c[d % M.b])));
    // warm starts what the search in the URL's parameters p needs first, with the
    // manifest in the page: its words' shards and its filters' documents
    const warm = p => {
      ahead(manifest());
      if (!M) return;
      for (const w of words(p.get('q') || '')) ahead(lookup(w));
      selection(M, p).forEach((s, f) => s.length && ahead(allowed(f, s)));
    };
    return { manifest, query, cards, warm, resolve: w => manifest().then(() => resolve(w)) };
  };

  globalThis.casebookSearch = { words, engine, gunzip, column };
  if (globalThis.document) {
    // On the search page the script comes right after the manifest, ahead of the
    // stylesheet, and runs as soon as it arrives: the search's fetches start then;
    // other pages load it async. The forms are enhanced once the page is parsed.
    const d = globalThis.document, r = d.getElementById('search-manifest')?.dataset.root, E = r && engine(r);
    E?.warm(new URLSearchParams(location.search));
    d.readyState == 'loading' ? d.addEventListener('DOMContentLoaded', () => ui(d, E)) : ui(d, E);
  }

  // ui enhances the search forms (with early, the engine the search page
  // started before it was parsed): the search page gets results, facets and
  // pages; the header box on other pages gets a list of the best matches.
  function ui(d, early) {
    const form = d.querySelector('form[role=search]');
    if (!form) return;
    const root = new URL(form.action).pathname, E = early || engine(root), input = form.querySelector('input[type=search]');
    const el = (tag, props, ...kids) => {
      const e = Object.assign(d.createElement(tag), props);
      e.append(...kids.filter(k => k != null));
      return e;
    };
    const url = p => root.replace(/search\/$/, '') + p;
    // 12,345 as toLocaleString('en') writes it, without the milliseconds Intl takes to start
    const num = n => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
    // text with the words of the query marked
    const marked = (text, hl) => {
      const out = [];
      let at = 0;
      for (const m of text.matchAll(ascii.test(text) ? asciiRE : withMarks ||= wordRE('\\p{M}'))) {
        const w = words(m[0])[0];
        if (w && (hl.has(w) || hl.pre && w.startsWith(hl.pre))) {
          out.push(text.slice(at, m.index), el('mark', { textContent: m[0] }));
          at = m.index + m[0].length;
        }
      }
      out.push(text.slice(at));
      return out;
    };
    const highlights = (r, live) => {
      const hl = new Set();
      for (const t of r.terms) for (const x of t.a) { hl.add(x.e.k); for (const s of x.e.s || x.e.c || []) hl.add(s) }
      const last = words(input.value).pop();
      if (live && last && !r.terms.at(-1)?.f) hl.pre = last;
      return hl;
    };
    const state = () => {
      const p = new URLSearchParams(location.search);
      return { q: p.get('q') || '', page: Math.max(0, (+p.get('page') || 1) - 1), p };
    };
    let seq = 0;
    const results = d.getElementById('search-results');
    if (results) page(); else box();

    function page() {
      const status = d.getElementById('search-status') || results.before(el('div', { id: 'search-status', role: 'status' })) || d.getElementById('search-status');
      status.setAttribute('aria-live', 'polite');
      const panel = d.getElementById('search-facets') || el('div', { id: 'search-facets' });
      if (!panel.isConnected) results.parentNode.insertBefore(panel, status);
      panel.className = 'search-facets';
      // the lists for readers without JavaScript: shown until the reader
      // searches or filters, and when search fails
      const browse = d.getElementById('browse') || {};
      browse.querySelector?.('.no-js')?.remove();
      let boxes = [], announce;
      const say = (text, live) => {
        clearTimeout(announce);
        if (live) announce = setTimeout(() => { status.textContent = text }, 700); else status.textContent = text;
      };
      const link = (q, sel, n, M) => {
        const p = new URLSearchParams();
        if (q) p.set('q', q);
        M.f.forEach((f, i) => sel[i].forEach(v => p.append(f.p, f.v[v][0])));
        if (n) p.set('page', n + 1);
        return root + (p.size ? '?' + p : '');
      };
      const facets = (M, sel, counts) => {
        if (!boxes.length) {
          panel.append(el('h2', { textContent: 'Filter' }));
          M.f.forEach((f, i) => {
            const list = el('ul');
            boxes[i] = f.v.map((v, j) => {
              const box = el('input', { type: 'checkbox', name: f.p, value: v[0] }), n = el('span', { className: 'n' });
              box.onchange = () => go(true);
              list.append(el('li', {}, el('label', {}, box, ' ' + v[1] + ' ', n)));
              return [box, n];
            });
            panel.append(el('details', { open: i < 2 }, el('summary', { textContent: f.n }), el('fieldset', {}, el('legend', { className: 'visually-hidden', textContent: f.n }), list)));
          });
        }
        boxes.forEach((bs, i) => bs.forEach(([box, n], j) => {
          box.checked = sel[i].includes(j);
          if (counts) {
            n.textContent = '(' + num(counts[i][j]) + ')';
            box.disabled = !counts[i][j] && !box.checked;
          }
          if (box.checked) box.closest('details').open = true;
        }));
      };
      // show renders a page of results, each as soon as its card is in; it
      // resolves once the first is shown
      const show = (r, M, sel, live) => new Promise((ok, fail) => draw(r, M, sel, live, ok).then(ok, fail));
      const draw = async (r, M, sel, live, shown) => {
        const hl = highlights(r, live), list = el('ol', { className: 'search-list', start: r.page * r.per + 1 }), kids = [];
        if (r.fixed) kids.push(el('p', { className: 'fixed' }, 'Showing results for ', el('strong', { textContent: r.fixed })));
        if (r.total == null && !r.docs.length && !r.terms.length) kids.push(el('p', { className: 'hint', textContent: 'Type words to search, or choose filters.' }));
        else if (!r.docs.length) kids.push(el('p', { textContent: 'No case study matches. Try other words or fewer filters.' }));
        else kids.push(list);
        const pages = r.total ? Math.ceil(r.total / r.per) : 0;
        if (pages > 1) {
          const nav = el('nav', { className: 'pager', ariaLabel: 'Result pages' });
          const to = (n, text) => nav.append(el('a', { href: link(input.value, sel, n, M), textContent: text, onclick: e => { e.preventDefault(); history.pushState(null, '', e.target.href); run(false, true) } }), ' ');
          if (r.page > 0) to(r.page - 1, 'Previous');
          nav.append(el('span', { textContent: 'Page ' + (r.page + 1) + ' of ' + num(pages) }), ' ');
          if (r.page + 1 < pages) to(r.page + 1, 'Next');
          kids.push(nav);
        }
        // the first card is asked for first, the others a task later
        const later = new Promise(ok => setTimeout(ok)), cards = r.docs.map((d, i) => i ? later.then(() => E.cards([d])) : E.cards([d]));
        await cards[0];
        results.replaceChildren(...kids);
        for (const c of cards) {
          const [[u, title, summary, date, partners, fv]] = await c;
          const tags = [1, 0, 4].flatMap(f => fv[f].map(v => M.f[f].v[v][1]));
          list.append(el('li', {}, el('article', {},
            el('h3', {}, el('a', { href: url(u) }, ...marked(title, hl))),
            el('p', { className: 'meta' }, date + ' · ', ...marked(partners.join(', '), hl)),
            el('p', {}, ...marked(summary, hl)),
            tags.length ? el('p', { className: 'tags' }, tags.join(' · ')) : null)));
          if (list.children.length == 1) {
            performance.mark('casebook-search-results');
            if (!boxes.length) facets(M, sel, null);
            shown();
          }
        }
      };
      const run = async (live, focus) => {
        const my = ++seq, st = state();
        if (!live) input.value = st.q;
        const q = input.value;
        try {
          const M = await E.manifest(), sel = selection(M, st.p);
          let shown;
          // the marks time the first results and the counts (see scripts/bench-search)
          const mark = m => performance.mark('casebook-search-' + m);
          // the query first: it starts its fetches before the page does other work;
          // for words, the filters are drawn once the first result is in
          const R = E.query(q, sel, st.page, live, async r => { if (my == seq) { shown = r; await show(r, M, sel, live) } });
          browse.hidden = !!(q.trim() || sel.some(s => s.length));
          if (boxes.length || !words(q).length) facets(M, sel, null);
          const r = await R;
          if (my != seq) return;
          // drawn again unless the first results were these
          if (!shown || r.docs.length && (shown.total != r.total || shown.docs.join() != r.docs.join())) await show(r, M, sel, live);
          if (!r.docs.length) mark('results');
          facets(M, sel, r.counts);
          mark('counts');
          const what = q.trim() ? ' for “' + (r.fixed || q.trim()) + '”' : '';
          say(r.total == null ? '' : (r.total ? num(r.total) : 'No') + (r.total == 1 ? ' result' : ' results') + what + (r.fixed ? ' (corrected from “' + q.trim() + '”)' : ''), live);
          if (focus) results.querySelector('a')?.focus();
        } catch (e) {
          if (my == seq) { browse.hidden = false; say('Search is not available right now (' + e.message + '). The lists below lead to every case study.') }
        }
      };
      const go = push => {
        const M = E.manifest().then(M => {
          const sel = M.f.map((f, i) => boxes[i].flatMap(([b], j) => b.checked ? [j] : []));
          history[push ? 'pushState' : 'replaceState'](null, '', link(input.value.trim(), sel, 0, M));
          run(!push);
        });
        return M;
      };
      form.onsubmit = e => { e.preventDefault(); go(true) };
      input.oninput = () => go(false);
      input.onkeydown = e => { if (e.key == 'ArrowDown') { e.preventDefault(); results.querySelector('a')?.focus() } };
      results.onkeydown = e => {
        const links = [...results.querySelectorAll('h3 a')], i = links.indexOf(d.activeElement);
        if (i < 0) return;
        if (e.key == 'ArrowDown' || e.key == 'ArrowUp') { e.preventDefault(); (links[i + (e.key == 'ArrowDown' ? 1 : -1)] || input).focus() }
        if (e.key == 'Escape') input.focus();
      };
      addEventListener("popstate", () => run(false));
      run(false);
    }

    // the header box: a combobox listing the best five matches as you type
    function box() {
      const list = el('ul', { id: 'search-suggest', role: 'listbox', className: 'search-suggest', hidden: true });
      form.classList.add('has-suggest');
      form.append(list);
      input.setAttribute('role', 'combobox');
      input.setAttribute('aria-controls', list.id);
      input.setAttribute('aria-autocomplete', 'list');
      input.setAttribute('aria-expanded', 'false');
      list.setAttribute('aria-label', 'Suggestions');
      let active = -1;
      const open = on => { list.hidden = !on; input.setAttribute('aria-expanded', on); if (!on) move(-1) };
      const move = i => {
        const opts = [...list.children];
        active = i;
        opts.forEach((o, j) => o.setAttribute('aria-selected', j == i));
        if (opts[i]) input.setAttribute('aria-activedescendant', opts[i].id); else input.removeAttribute('aria-activedescendant');
      };
      input.onfocus = () => ahead(E.manifest());
      input.oninput = async () => {
        const my = ++seq, q = input.value;
        if (!words(q).length) return open(false);
        try {
          const M = await E.manifest(), r = await E.query(q, M.f.map(() => []), 0, true, null);
          if (my != seq) return;
          const cards = await E.cards(r.docs.slice(0, 5)), hl = highlights(r, true);
          if (my != seq) return;
          list.replaceChildren(...cards.map(([u, title], j) => {
            const o = el('li', { id: 'search-suggest-' + j, role: 'option', className: 'option' }, ...marked(title, hl));
            o.dataset.href = url(u);
            o.onmousedown = e => { e.preventDefault(); location.href = o.dataset.href };
            return o;
          }), el('li', { id: 'search-suggest-all', role: 'option', className: 'option all', textContent: r.total ? 'All ' + num(r.total) + ' results' : 'Search for “' + q.trim() + '”' }));
          list.lastChild.dataset.href = root + '?q=' + encodeURIComponent(q.trim());
          list.dataset.q = q;
          list.lastChild.onmousedown = e => { e.preventDefault(); location.href = list.lastChild.dataset.href };
          open(true);
          move(-1);
        } catch { open(false) }
      };
      input.onkeydown = e => {
        const n = list.children.length;
        if (list.hidden || !n) return;
        if (e.key == 'ArrowDown' || e.key == 'ArrowUp') { e.preventDefault(); move((active + (e.key == 'ArrowDown' ? 1 : n - 1 + (active < 0))) % n) }
        else if (e.key == 'Escape') open(false);
        else if (e.key == 'Enter' && active >= 0) { e.preventDefault(); location.href = list.children[active].dataset.href }
      };
      form.addEventListener('submit', e => { if (active >= 0 && !list.hidden) { e.preventDefault(); location.href = list.children[active].dataset.href } });
      input.onblur = () => open(false);
    }
  }
})();
