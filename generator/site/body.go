package site

import (
	"sync"

	"casebook/generator/content"
	"casebook/generator/markdown"
)

// bodyMemo holds a study's rendered Markdown, or makes it when it is first
// asked for and keeps it until Release.
type bodyMemo struct {
	held *Body                                                     // given by Assemble; never released
	make func(*content.CaseStudy, *markdown.Scratch) (Body, error) // Bodies.Make, shared by every study

	mu   sync.Mutex
	made *Body
}

// Rendered returns the study's rendered Markdown: its body and inline fields.
// When the site was assembled with Bodies.Make, the first call renders it and
// later calls return the same until Release; a call after Release renders it
// again (a theme that shows bodies on other pages than their own works, at
// that cost).
func (st *Study) Rendered() (Body, error) {
	m := &st.body
	if m.held != nil {
		return *m.held, nil
	}
	if m.make == nil {
		return Body{}, nil // a Study made outside Assemble
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.made == nil {
		b, err := m.make(st.CaseStudy, nil)
		if err != nil {
			return Body{}, err
		}
		m.made = &b
	}
	return *m.made, nil
}

// Lend returns the study's body for its own page, which must not keep its
// HTML or text beyond the time it takes to render: when the site makes
// bodies on demand, it is made in s's memory (see markdown.Scratch), and
// the next body made in s overwrites it. Lend does not keep what it makes;
// a body held by the site, or made by Rendered and not yet released, is
// returned as it is.
func (st *Study) Lend(s *markdown.Scratch) (Body, error) {
	m := &st.body
	if m.held != nil {
		return *m.held, nil
	}
	if m.make == nil {
		return Body{}, nil
	}
	m.mu.Lock()
	made := m.made
	m.mu.Unlock()
	if made != nil {
		return *made, nil
	}
	return m.make(st.CaseStudy, s)
}

// Release lets go of a body made on demand, once its page is written: a
// build streams the bodies instead of holding them all. It does nothing to
// bodies given to Assemble.
func (st *Study) Release() {
	m := &st.body
	if m.held != nil || m.make == nil {
		return
	}
	m.mu.Lock()
	m.made = nil
	m.mu.Unlock()
}
