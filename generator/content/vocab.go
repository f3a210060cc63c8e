package content

import "slices"

// The closed vocabularies of content-model.md. Each function returns a fresh
// slice in display order, so callers may keep or change it.

// CoreTags are the tags every site has.
func CoreTags() []string { return []string{"innovation", "inclusion", "ethics", "human-rights"} }

// Sectors are the sectors a partner can belong to.
func Sectors() []string {
	return []string{"business", "government", "civil-society", "community", "academia", "philanthropy", "multilateral"}
}

// Statuses are the states of a partnership.
func Statuses() []string { return []string{"planned", "active", "completed", "paused", "ended"} }

// Engagements are the levels of the IAP2 spectrum of public participation.
func Engagements() []string {
	return []string{"inform", "consult", "involve", "collaborate", "empower"}
}

// LessonCategories are the categories a lesson can carry.
func LessonCategories() []string {
	return []string{"governance", "trust", "resources", "measurement", "community", "equity", "scaling", "policy", "communication", "ethics"}
}

var sdgTitles = [...]string{
	"No Poverty", "Zero Hunger", "Good Health and Well-being", "Quality Education", "Gender Equality",
	"Clean Water and Sanitation", "Affordable and Clean Energy", "Decent Work and Economic Growth",
	"Industry, Innovation and Infrastructure", "Reduced Inequalities", "Sustainable Cities and Communities",
	"Responsible Consumption and Production", "Climate Action", "Life Below Water", "Life on Land",
	"Peace, Justice and Strong Institutions", "Partnerships for the Goals",
}

// SDGTitle returns the UN short title of goal n (1–17), or "".
func SDGTitle(n int) string {
	if n < 1 || n > len(sdgTitles) {
		return ""
	}
	return sdgTitles[n-1]
}

// SectorName returns the display name of a sector: "civil-society" → "Civil society".
func SectorName(s string) string {
	switch s {
	case "civil-society":
		return "Civil society"
	case "":
		return ""
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func isIn(list []string, s string) bool { return slices.Contains(list, s) }
