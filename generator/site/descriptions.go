package site

// Default descriptions of the core tags, sectors and SDGs; a site overrides
// any of them in casebook.toml under [descriptions] ("tag:ethics" = "...").

var tagDescriptions = map[string]string{
	"innovation":   "Partnerships that try new models, technologies or ways of working to solve a shared problem.",
	"inclusion":    "Partnerships that widen who takes part and who benefits: people and groups too often left out.",
	"ethics":       "Partnerships that face questions of accountability, transparency, conflicts of interest and fair dealing.",
	"human-rights": "Partnerships that protect or advance human rights: labour rights, land rights, the rights of Indigenous peoples, access to essential services.",
}

var sectorDescriptions = map[string]string{
	"business":      "Companies, from small enterprises to multinationals.",
	"government":    "Public bodies at every level: municipalities, regional and national governments, public agencies.",
	"civil-society": "Non-profit organisations, foundations that run programmes, unions and advocacy groups.",
	"community":     "Community organisations, cooperatives, residents' associations and Indigenous nations.",
	"academia":      "Universities and research institutes.",
	"philanthropy":  "Grant-making foundations and philanthropic funds.",
	"multilateral":  "United Nations agencies, development banks and other intergovernmental organisations.",
}

// sdgDescriptions are the goal statements of the 2030 Agenda, in goal order.
var sdgDescriptions = [17]string{
	"End poverty in all its forms everywhere.",
	"End hunger, achieve food security and improved nutrition and promote sustainable agriculture.",
	"Ensure healthy lives and promote well-being for all at all ages.",
	"Ensure inclusive and equitable quality education and promote lifelong learning opportunities for all.",
	"Achieve gender equality and empower all women and girls.",
	"Ensure availability and sustainable management of water and sanitation for all.",
	"Ensure access to affordable, reliable, sustainable and modern energy for all.",
	"Promote sustained, inclusive and sustainable economic growth, full and productive employment and decent work for all.",
	"Build resilient infrastructure, promote inclusive and sustainable industrialization and foster innovation.",
	"Reduce inequality within and among countries.",
	"Make cities and human settlements inclusive, safe, resilient and sustainable.",
	"Ensure sustainable consumption and production patterns.",
	"Take urgent action to combat climate change and its impacts.",
	"Conserve and sustainably use the oceans, seas and marine resources for sustainable development.",
	"Protect, restore and promote sustainable use of terrestrial ecosystems, sustainably manage forests, combat desertification, and halt and reverse land degradation and halt biodiversity loss.",
	"Promote peaceful and inclusive societies for sustainable development, provide access to justice for all and build effective, accountable and inclusive institutions at all levels.",
	"Strengthen the means of implementation and revitalize the Global Partnership for Sustainable Development.",
}
