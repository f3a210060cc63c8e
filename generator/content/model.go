package content

import (
	"time"

	"casebook/generator/diag"
)

// CaseStudy is one decoded, validated case study. Values are immutable once
// Load returns them.
type CaseStudy struct {
	File     string // path under the site folder, slash-separated
	Dir      string // for a bundle (<slug>/index.md), its folder; "" otherwise
	Slug     string
	Title    string
	Summary  string
	Date     time.Time
	Updated  time.Time // zero when not set
	Draft    bool
	Status   string
	Period   Period
	Partners []Partner
	Tags     []string
	SDGs     []int
	// Countries are ISO 3166-1 alpha-2 codes.
	Countries           []string
	CommunityEngagement string
	Goals               []string // inline Markdown
	Outcomes            []Outcome
	Lessons             []Lesson
	Resources           *Resources
	Sources             []Source
	Image               *Image
	Body                []byte // Markdown; nil when loaded with LazyBodies (see ReadBody)
	BodyLine            int    // line of the file where Body starts

	sum    uint32 // CRC-32C of the file as loaded, for ReadBody
	bodyAt int    // where Body starts in the file, or -1 when ReadBody must split it again
}

// Period is when the partnership ran; End is 0 when it is ongoing.
type Period struct{ Start, End int }

// Partner is one organisation in a case study.
type Partner struct {
	Name, Sector, Role, URL string
	Key                     string   // the organisation's slug, made from Name: one organisation across the site
	Pos                     diag.Pos // of the name
	SectorPos               diag.Pos
}

// Outcome is an equity outcome: what changed, for whom.
type Outcome struct {
	Outcome, Group, Indicator string // Outcome is inline Markdown
	Baseline, Value, Target   *float64
	Unit                      string
	Year                      int
	Source                    string // id of an entry in Sources
}

// Lesson is one lesson learned; Category may be empty.
type Lesson struct{ Text, Category string }

// Resources are what went into the partnership.
type Resources struct {
	Funding *Funding
	InKind  string
}

// Funding is an amount in an ISO 4217 currency.
type Funding struct {
	Amount   float64
	Currency string
}

// Source is a citation.
type Source struct {
	ID, Title, URL, Publisher string
	Date                      string // as written: YYYY, YYYY-MM or YYYY-MM-DD
	Lang                      string // BCP 47 language of the title when it differs from the site's, "" otherwise
}

// Image illustrates a case study. Src is resolved to a site path by Load:
// "/case-studies/<slug>/photo.jpg" for a bundle file, "/photo.jpg" for static/.
type Image struct {
	Src, Alt string
	SrcPos   diag.Pos
}

// Page is a plain page (content/about.md): a title and a Markdown body.
type Page struct {
	File     string
	Slug     string
	Title    string
	Draft    bool
	Body     []byte
	BodyLine int
}

// Asset is a file beside a bundle's index.md, published under the case study's URL.
type Asset struct {
	File string // path under the site folder
	Path string // site path, "/case-studies/<slug>/photo.jpg"
}
