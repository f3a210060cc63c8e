// Package region maps ISO 3166-1 alpha-2 country codes to their geographic
// region and sub-region as defined by the United Nations Statistics
// Division in "Standard country or area codes for statistical use (M49)".
//
// The package holds immutable data only. It has no package-level mutable
// state: the country table is an unexported, read-only sorted slice, and
// every function returning a slice returns a fresh copy that the caller may
// modify freely. All functions are safe for concurrent use.
//
// Classification follows the M49 geoscheme: five regions (Africa, Americas,
// Asia, Europe, Oceania) split into seventeen sub-regions. M49's
// "intermediate regions" (e.g. Eastern Africa, Caribbean, South America)
// are not exposed: the countries of Africa south of the Sahara all belong to
// the sub-region "Sub-Saharan Africa", and those of Central America, South
// America and the Caribbean to "Latin America and the Caribbean".
//
// Coverage is the 249 ISO 3166-1 alpha-2 codes except Antarctica ("AQ"),
// which M49 does not assign to any region, so Lookup("AQ") reports false
// and Codes returns 248 codes. Taiwan ("TW") is not listed in M49; it is
// included here under Asia / Eastern Asia, the sub-region that contains it
// geographically (the same placement used by CLDR and common ISO/M49
// crosswalks).
//
// Dependent territories follow M49 even where it differs from other
// schemes such as CLDR: for example Bouvet Island (BV) and South Georgia
// and the South Sandwich Islands (GS) are in Latin America and the
// Caribbean, British Indian Ocean Territory (IO) and French Southern
// Territories (TF) in Sub-Saharan Africa, Christmas Island (CX), Cocos
// (Keeling) Islands (CC) and Heard Island and McDonald Islands (HM) in
// Australia and New Zealand, and United States Minor Outlying Islands (UM)
// in Micronesia.
package region

import (
	"sort"
)

// Country is one ISO 3166-1 country or area with its M49 classification.
type Country struct {
	Code      string // ISO 3166-1 alpha-2, upper case, e.g. "KE"
	Name      string // English short name, e.g. "Kenya"
	Region    string // M49 region: "Africa", "Americas", "Asia", "Europe" or "Oceania"
	SubRegion string // M49 sub-region, e.g. "Sub-Saharan Africa", "Latin America and the Caribbean", "Northern America", "Western Europe", "Southern Asia", "Australia and New Zealand"
}

// M49 region names.
const (
	africa   = "Africa"
	americas = "Americas"
	asia     = "Asia"
	europe   = "Europe"
	oceania  = "Oceania"
)

// M49 sub-region names.
const (
	northernAfrica        = "Northern Africa"
	subSaharanAfrica      = "Sub-Saharan Africa"
	latinAmericaCaribbean = "Latin America and the Caribbean"
	northernAmerica       = "Northern America"
	centralAsia           = "Central Asia"
	easternAsia           = "Eastern Asia"
	southEasternAsia      = "South-eastern Asia"
	southernAsia          = "Southern Asia"
	westernAsia           = "Western Asia"
	easternEurope         = "Eastern Europe"
	northernEurope        = "Northern Europe"
	southernEurope        = "Southern Europe"
	westernEurope         = "Western Europe"
	australiaNewZealand   = "Australia and New Zealand"
	melanesia             = "Melanesia"
	micronesia            = "Micronesia"
	polynesia             = "Polynesia"
)

// hierarchy lists every M49 sub-region with its region, sorted by region
// and then by sub-region. It is read only.
var hierarchy = []struct{ region, sub string }{
	{africa, northernAfrica},
	{africa, subSaharanAfrica},
	{americas, latinAmericaCaribbean},
	{americas, northernAmerica},
	{asia, centralAsia},
	{asia, easternAsia},
	{asia, southEasternAsia},
	{asia, southernAsia},
	{asia, westernAsia},
	{europe, easternEurope},
	{europe, northernEurope},
	{europe, southernEurope},
	{europe, westernEurope},
	{oceania, australiaNewZealand},
	{oceania, melanesia},
	{oceania, micronesia},
	{oceania, polynesia},
}

// regionOf returns the M49 region containing the sub-region, or "".
func regionOf(sub string) string {
	for _, h := range hierarchy {
		if h.sub == sub {
			return h.region
		}
	}
	return ""
}

// Lookup returns the country with the ISO code (case-sensitive, upper case)
// and whether it is known.
func Lookup(code string) (Country, bool) {
	i := sort.Search(len(countries), func(i int) bool { return countries[i].code >= code })
	if i == len(countries) || countries[i].code != code {
		return Country{}, false
	}
	e := countries[i]
	return Country{Code: e.code, Name: e.name, Region: regionOf(e.sub), SubRegion: e.sub}, true
}

// Regions returns the five M49 regions in alphabetical order.
func Regions() []string {
	var out []string
	for _, h := range hierarchy {
		if len(out) == 0 || out[len(out)-1] != h.region {
			out = append(out, h.region)
		}
	}
	return out
}

// SubRegions returns the M49 sub-regions of a region, in alphabetical order.
// It returns nil for a name that is not an M49 region.
func SubRegions(region string) []string {
	var out []string
	for _, h := range hierarchy {
		if h.region == region {
			out = append(out, h.sub)
		}
	}
	return out
}

// Codes returns every known ISO code, sorted.
func Codes() []string {
	out := make([]string, len(countries))
	for i, e := range countries {
		out[i] = e.code
	}
	return out
}

// entry is one row of the country table; the region is derived from sub.
type entry struct {
	code string // ISO 3166-1 alpha-2
	name string // English short name
	sub  string // M49 sub-region
}

// countries is the M49 classification of ISO 3166-1 alpha-2 codes, sorted
// by code (Lookup relies on the order). It is read only. Source: UNSD M49
// overview, as tabulated in the lukes/ISO-3166-Countries-with-Regional-Codes
// data set; cross-checked against CLDR territory containment.
var countries = []entry{
	{"AD", "Andorra", southernEurope},
	{"AE", "United Arab Emirates", westernAsia},
	{"AF", "Afghanistan", southernAsia},
	{"AG", "Antigua and Barbuda", latinAmericaCaribbean},
	{"AI", "Anguilla", latinAmericaCaribbean},
	{"AL", "Albania", southernEurope},
	{"AM", "Armenia", westernAsia},
	{"AO", "Angola", subSaharanAfrica},
	{"AR", "Argentina", latinAmericaCaribbean},
	{"AS", "American Samoa", polynesia},
	{"AT", "Austria", westernEurope},
	{"AU", "Australia", australiaNewZealand},
	{"AW", "Aruba", latinAmericaCaribbean},
	{"AX", "Åland Islands", northernEurope},
	{"AZ", "Azerbaijan", westernAsia},
	{"BA", "Bosnia and Herzegovina", southernEurope},
	{"BB", "Barbados", latinAmericaCaribbean},
	{"BD", "Bangladesh", southernAsia},
	{"BE", "Belgium", westernEurope},
	{"BF", "Burkina Faso", subSaharanAfrica},
	{"BG", "Bulgaria", easternEurope},
	{"BH", "Bahrain", westernAsia},
	{"BI", "Burundi", subSaharanAfrica},
	{"BJ", "Benin", subSaharanAfrica},
	{"BL", "Saint Barthélemy", latinAmericaCaribbean},
	{"BM", "Bermuda", northernAmerica},
	{"BN", "Brunei Darussalam", southEasternAsia},
	{"BO", "Bolivia (Plurinational State of)", latinAmericaCaribbean},
	{"BQ", "Bonaire, Sint Eustatius and Saba", latinAmericaCaribbean},
	{"BR", "Brazil", latinAmericaCaribbean},
	{"BS", "Bahamas", latinAmericaCaribbean},
	{"BT", "Bhutan", southernAsia},
	{"BV", "Bouvet Island", latinAmericaCaribbean},
	{"BW", "Botswana", subSaharanAfrica},
	{"BY", "Belarus", easternEurope},
	{"BZ", "Belize", latinAmericaCaribbean},
	{"CA", "Canada", northernAmerica},
	{"CC", "Cocos (Keeling) Islands", australiaNewZealand},
	{"CD", "Congo (Democratic Republic of the)", subSaharanAfrica},
	{"CF", "Central African Republic", subSaharanAfrica},
	{"CG", "Congo", subSaharanAfrica},
	{"CH", "Switzerland", westernEurope},
	{"CI", "Côte d'Ivoire", subSaharanAfrica},
	{"CK", "Cook Islands", polynesia},
	{"CL", "Chile", latinAmericaCaribbean},
	{"CM", "Cameroon", subSaharanAfrica},
	{"CN", "China", easternAsia},
	{"CO", "Colombia", latinAmericaCaribbean},
	{"CR", "Costa Rica", latinAmericaCaribbean},
	{"CU", "Cuba", latinAmericaCaribbean},
	{"CV", "Cabo Verde", subSaharanAfrica},
	{"CW", "Curaçao", latinAmericaCaribbean},
	{"CX", "Christmas Island", australiaNewZealand},
	{"CY", "Cyprus", westernAsia},
	{"CZ", "Czechia", easternEurope},
	{"DE", "Germany", westernEurope},
	{"DJ", "Djibouti", subSaharanAfrica},
	{"DK", "Denmark", northernEurope},
	{"DM", "Dominica", latinAmericaCaribbean},
	{"DO", "Dominican Republic", latinAmericaCaribbean},
	{"DZ", "Algeria", northernAfrica},
	{"EC", "Ecuador", latinAmericaCaribbean},
	{"EE", "Estonia", northernEurope},
	{"EG", "Egypt", northernAfrica},
	{"EH", "Western Sahara", northernAfrica},
	{"ER", "Eritrea", subSaharanAfrica},
	{"ES", "Spain", southernEurope},
	{"ET", "Ethiopia", subSaharanAfrica},
	{"FI", "Finland", northernEurope},
	{"FJ", "Fiji", melanesia},
	{"FK", "Falkland Islands (Malvinas)", latinAmericaCaribbean},
	{"FM", "Micronesia (Federated States of)", micronesia},
	{"FO", "Faroe Islands", northernEurope},
	{"FR", "France", westernEurope},
	{"GA", "Gabon", subSaharanAfrica},
	{"GB", "United Kingdom of Great Britain and Northern Ireland", northernEurope},
	{"GD", "Grenada", latinAmericaCaribbean},
	{"GE", "Georgia", westernAsia},
	{"GF", "French Guiana", latinAmericaCaribbean},
	{"GG", "Guernsey", northernEurope},
	{"GH", "Ghana", subSaharanAfrica},
	{"GI", "Gibraltar", southernEurope},
	{"GL", "Greenland", northernAmerica},
	{"GM", "Gambia", subSaharanAfrica},
	{"GN", "Guinea", subSaharanAfrica},
	{"GP", "Guadeloupe", latinAmericaCaribbean},
	{"GQ", "Equatorial Guinea", subSaharanAfrica},
	{"GR", "Greece", southernEurope},
	{"GS", "South Georgia and the South Sandwich Islands", latinAmericaCaribbean},
	{"GT", "Guatemala", latinAmericaCaribbean},
	{"GU", "Guam", micronesia},
	{"GW", "Guinea-Bissau", subSaharanAfrica},
	{"GY", "Guyana", latinAmericaCaribbean},
	{"HK", "Hong Kong", easternAsia},
	{"HM", "Heard Island and McDonald Islands", australiaNewZealand},
	{"HN", "Honduras", latinAmericaCaribbean},
	{"HR", "Croatia", southernEurope},
	{"HT", "Haiti", latinAmericaCaribbean},
	{"HU", "Hungary", easternEurope},
	{"ID", "Indonesia", southEasternAsia},
	{"IE", "Ireland", northernEurope},
	{"IL", "Israel", westernAsia},
	{"IM", "Isle of Man", northernEurope},
	{"IN", "India", southernAsia},
	{"IO", "British Indian Ocean Territory", subSaharanAfrica},
	{"IQ", "Iraq", westernAsia},
	{"IR", "Iran (Islamic Republic of)", southernAsia},
	{"IS", "Iceland", northernEurope},
	{"IT", "Italy", southernEurope},
	{"JE", "Jersey", northernEurope},
	{"JM", "Jamaica", latinAmericaCaribbean},
	{"JO", "Jordan", westernAsia},
	{"JP", "Japan", easternAsia},
	{"KE", "Kenya", subSaharanAfrica},
	{"KG", "Kyrgyzstan", centralAsia},
	{"KH", "Cambodia", southEasternAsia},
	{"KI", "Kiribati", micronesia},
	{"KM", "Comoros", subSaharanAfrica},
	{"KN", "Saint Kitts and Nevis", latinAmericaCaribbean},
	{"KP", "Korea (Democratic People's Republic of)", easternAsia},
	{"KR", "Korea (Republic of)", easternAsia},
	{"KW", "Kuwait", westernAsia},
	{"KY", "Cayman Islands", latinAmericaCaribbean},
	{"KZ", "Kazakhstan", centralAsia},
	{"LA", "Lao People's Democratic Republic", southEasternAsia},
	{"LB", "Lebanon", westernAsia},
	{"LC", "Saint Lucia", latinAmericaCaribbean},
	{"LI", "Liechtenstein", westernEurope},
	{"LK", "Sri Lanka", southernAsia},
	{"LR", "Liberia", subSaharanAfrica},
	{"LS", "Lesotho", subSaharanAfrica},
	{"LT", "Lithuania", northernEurope},
	{"LU", "Luxembourg", westernEurope},
	{"LV", "Latvia", northernEurope},
	{"LY", "Libya", northernAfrica},
	{"MA", "Morocco", northernAfrica},
	{"MC", "Monaco", westernEurope},
	{"MD", "Moldova (Republic of)", easternEurope},
	{"ME", "Montenegro", southernEurope},
	{"MF", "Saint Martin (French part)", latinAmericaCaribbean},
	{"MG", "Madagascar", subSaharanAfrica},
	{"MH", "Marshall Islands", micronesia},
	{"MK", "North Macedonia", southernEurope},
	{"ML", "Mali", subSaharanAfrica},
	{"MM", "Myanmar", southEasternAsia},
	{"MN", "Mongolia", easternAsia},
	{"MO", "Macao", easternAsia},
	{"MP", "Northern Mariana Islands", micronesia},
	{"MQ", "Martinique", latinAmericaCaribbean},
	{"MR", "Mauritania", subSaharanAfrica},
	{"MS", "Montserrat", latinAmericaCaribbean},
	{"MT", "Malta", southernEurope},
	{"MU", "Mauritius", subSaharanAfrica},
	{"MV", "Maldives", southernAsia},
	{"MW", "Malawi", subSaharanAfrica},
	{"MX", "Mexico", latinAmericaCaribbean},
	{"MY", "Malaysia", southEasternAsia},
	{"MZ", "Mozambique", subSaharanAfrica},
	{"NA", "Namibia", subSaharanAfrica},
	{"NC", "New Caledonia", melanesia},
	{"NE", "Niger", subSaharanAfrica},
	{"NF", "Norfolk Island", australiaNewZealand},
	{"NG", "Nigeria", subSaharanAfrica},
	{"NI", "Nicaragua", latinAmericaCaribbean},
	{"NL", "Netherlands", westernEurope},
	{"NO", "Norway", northernEurope},
	{"NP", "Nepal", southernAsia},
	{"NR", "Nauru", micronesia},
	{"NU", "Niue", polynesia},
	{"NZ", "New Zealand", australiaNewZealand},
	{"OM", "Oman", westernAsia},
	{"PA", "Panama", latinAmericaCaribbean},
	{"PE", "Peru", latinAmericaCaribbean},
	{"PF", "French Polynesia", polynesia},
	{"PG", "Papua New Guinea", melanesia},
	{"PH", "Philippines", southEasternAsia},
	{"PK", "Pakistan", southernAsia},
	{"PL", "Poland", easternEurope},
	{"PM", "Saint Pierre and Miquelon", northernAmerica},
	{"PN", "Pitcairn", polynesia},
	{"PR", "Puerto Rico", latinAmericaCaribbean},
	{"PS", "Palestine, State of", westernAsia},
	{"PT", "Portugal", southernEurope},
	{"PW", "Palau", micronesia},
	{"PY", "Paraguay", latinAmericaCaribbean},
	{"QA", "Qatar", westernAsia},
	{"RE", "Réunion", subSaharanAfrica},
	{"RO", "Romania", easternEurope},
	{"RS", "Serbia", southernEurope},
	{"RU", "Russian Federation", easternEurope},
	{"RW", "Rwanda", subSaharanAfrica},
	{"SA", "Saudi Arabia", westernAsia},
	{"SB", "Solomon Islands", melanesia},
	{"SC", "Seychelles", subSaharanAfrica},
	{"SD", "Sudan", northernAfrica},
	{"SE", "Sweden", northernEurope},
	{"SG", "Singapore", southEasternAsia},
	{"SH", "Saint Helena, Ascension and Tristan da Cunha", subSaharanAfrica},
	{"SI", "Slovenia", southernEurope},
	{"SJ", "Svalbard and Jan Mayen", northernEurope},
	{"SK", "Slovakia", easternEurope},
	{"SL", "Sierra Leone", subSaharanAfrica},
	{"SM", "San Marino", southernEurope},
	{"SN", "Senegal", subSaharanAfrica},
	{"SO", "Somalia", subSaharanAfrica},
	{"SR", "Suriname", latinAmericaCaribbean},
	{"SS", "South Sudan", subSaharanAfrica},
	{"ST", "Sao Tome and Principe", subSaharanAfrica},
	{"SV", "El Salvador", latinAmericaCaribbean},
	{"SX", "Sint Maarten (Dutch part)", latinAmericaCaribbean},
	{"SY", "Syrian Arab Republic", westernAsia},
	{"SZ", "Eswatini", subSaharanAfrica},
	{"TC", "Turks and Caicos Islands", latinAmericaCaribbean},
	{"TD", "Chad", subSaharanAfrica},
	{"TF", "French Southern Territories", subSaharanAfrica},
	{"TG", "Togo", subSaharanAfrica},
	{"TH", "Thailand", southEasternAsia},
	{"TJ", "Tajikistan", centralAsia},
	{"TK", "Tokelau", polynesia},
	{"TL", "Timor-Leste", southEasternAsia},
	{"TM", "Turkmenistan", centralAsia},
	{"TN", "Tunisia", northernAfrica},
	{"TO", "Tonga", polynesia},
	{"TR", "Türkiye", westernAsia},
	{"TT", "Trinidad and Tobago", latinAmericaCaribbean},
	{"TV", "Tuvalu", polynesia},
	{"TW", "Taiwan", easternAsia}, // not in M49; see package comment
	{"TZ", "Tanzania, United Republic of", subSaharanAfrica},
	{"UA", "Ukraine", easternEurope},
	{"UG", "Uganda", subSaharanAfrica},
	{"UM", "United States Minor Outlying Islands", micronesia},
	{"US", "United States of America", northernAmerica},
	{"UY", "Uruguay", latinAmericaCaribbean},
	{"UZ", "Uzbekistan", centralAsia},
	{"VA", "Holy See", southernEurope},
	{"VC", "Saint Vincent and the Grenadines", latinAmericaCaribbean},
	{"VE", "Venezuela (Bolivarian Republic of)", latinAmericaCaribbean},
	{"VG", "Virgin Islands (British)", latinAmericaCaribbean},
	{"VI", "Virgin Islands (U.S.)", latinAmericaCaribbean},
	{"VN", "Viet Nam", southEasternAsia},
	{"VU", "Vanuatu", melanesia},
	{"WF", "Wallis and Futuna", polynesia},
	{"WS", "Samoa", polynesia},
	{"YE", "Yemen", westernAsia},
	{"YT", "Mayotte", subSaharanAfrica},
	{"ZA", "South Africa", subSaharanAfrica},
	{"ZM", "Zambia", subSaharanAfrica},
	{"ZW", "Zimbabwe", subSaharanAfrica},
}
