// The extractor's word lists and their lookup table (see extract_lexicon.hpp). The table is an
// open-addressing hash over string_views into the literals below, built once on first use
// (thread-safe static initialization), read-only afterwards.
#include "engine/extract_lexicon.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/text_util.hpp"

namespace verity::extract {
namespace {

using Words = std::initializer_list<std::string_view>;

constexpr std::array<std::string_view, 24> kCurrencies = {
    "",    "USD", "EUR", "GBP", "JPY", "KRW", "CNY", "RUB", "INR", "CHF", "AUD", "CAD",
    "UAH", "HKD", "SGD", "NZD", "SEK", "NOK", "DKK", "PLN", "TRY", "BRL", "MXN", "ZAR"};

const Words kStopWords = {"the",         "a",
                          "an",          "and",
                          "or",          "but",
                          "nor",         "of",
                          "in",          "on",
                          "at",          "to",
                          "for",         "from",
                          "by",          "with",
                          "without",     "about",
                          "as",          "into",
                          "onto",        "upon",
                          "over",        "under",
                          "than",        "then",
                          "that",        "this",
                          "these",       "those",
                          "which",       "who",
                          "whom",        "whose",
                          "what",        "when",
                          "where",       "why",
                          "how",         "if",
                          "while",       "because",
                          "although",    "though",
                          "since",       "until",
                          "unless",      "so",
                          "such",        "not",
                          "no",          "its",
                          "his",         "her",
                          "their",       "our",
                          "my",          "your",
                          "is",          "are",
                          "was",         "were",
                          "be",          "been",
                          "being",       "has",
                          "have",        "had",
                          "do",          "does",
                          "did",         "will",
                          "would",       "shall",
                          "should",      "can",
                          "could",       "may",
                          "might",       "must",
                          "also",        "very",
                          "just",        "only",
                          "even",        "still",
                          "yet",         "already",
                          "there",       "here",
                          "it",          "he",
                          "she",         "they",
                          "we",          "i",
                          "you",         "him",
                          "them",        "us",
                          "me",          "all",
                          "both",        "each",
                          "every",       "any",
                          "many",        "much",
                          "more",        "most",
                          "other",       "another",
                          "few",         "several",
                          "same",        "own",
                          "out",         "up",
                          "down",        "off",
                          "between",     "among",
                          "against",     "during",
                          "before",      "after",
                          "through",     "across",
                          "behind",      "beyond",
                          "near",        "toward",
                          "towards",     "via",
                          "per",         "amid",
                          "despite",     "like",
                          "within",      "outside",
                          "inside",      "around",
                          "along",       "whether",
                          "once",        "however",
                          "meanwhile",   "moreover",
                          "furthermore", "also",
                          "too",         "either",
                          "neither",     "some",
                          "none",        "whose",
                          "itself",      "himself",
                          "herself",     "themselves",
                          "ourselves",   "now",
                          "ago",         "including",
                          "according",   "instead",
                          "thus",        "therefore",
                          "hence",       "nevertheless",
                          "nonetheless", "indeed",
                          "yes",         "well",
                          "again",       "always",
                          "never",       "often",
                          "sometimes",   "perhaps",
                          "maybe",       "rather",
                          "quite",       "almost",
                          "nearly",      "around",
                          "roughly",     "approximately",
                          "via",         "etc",
                          "vs",          "whereas",
                          "unlike",      "upon",
                          "throughout",  "beneath",
                          "above",       "below",
                          "onto",        "whom",
                          "whatever",    "whoever",
                          "wherever",    "whenever",
                          "anyone",      "everyone",
                          "someone",     "nobody",
                          "everybody",   "something",
                          "anything",    "nothing",
                          "everything",  "another",
                          "last",        "next",
                          "first",       "second",
                          "third",       "least",
                          "less",        "fewer",
                          "past"};

const Words kDeterminers = {"the",    "a",       "an",   "this",  "that",    "these",   "those",
                            "its",    "his",     "her",  "their", "our",     "my",      "your",
                            "some",   "any",     "each", "every", "another", "no",      "both",
                            "either", "neither", "such", "all",   "many",    "several", "most"};

const Words kPrepositions = {
    "of",    "in",     "on",      "at",        "to",        "for",    "from",
    "by",    "with",   "without", "about",     "into",      "onto",   "upon",
    "over",  "under",  "between", "among",     "against",   "during", "before",
    "after", "since",  "until",   "through",   "across",    "behind", "beyond",
    "near",  "toward", "towards", "via",       "per",       "amid",   "despite",
    "like",  "within", "outside", "inside",    "around",    "along",  "throughout",
    "above", "below",  "beneath", "following", "including", "than",   "as"};

const Words kPronouns = {"he",  "she", "they", "it", "we", "i",  "you",
                         "him", "her", "them", "us", "me", "who"};

const Words kAuxWords = {"is",    "are",   "was",    "were", "be",    "been", "being",
                         "has",   "have",  "had",    "do",   "does",  "did",  "will",
                         "would", "shall", "should", "can",  "could", "may",  "might",
                         "must",  "’s",    "'s",     "’ll",  "'ll",   "’d",   "'d"};

// Reporting verbs: every form is kReportVerb; the forms rarely used as nouns or adjectives are
// also kReportStrong (the base form "say" is never strong; "report", "claim", "note" are
// nouns as often as verbs, so their plain forms are weak).
const Words kReportStrongForms = {
    "said",         "says",          "saying",      "told",        "tells",      "telling",
    "asserted",     "asserts",       "asserting",   "noted",       "noting",     "warned",
    "warns",        "warning",       "stressed",    "stresses",    "stressing",  "added",
    "adds",         "adding",        "accused",     "accuses",     "accusing",   "cautioned",
    "cautions",     "cautioning",    "blasted",     "blasts",      "blasting",   "claimed",
    "claiming",     "declared",      "declares",    "declaring",   "insisted",   "insists",
    "insisting",    "argued",        "argues",      "arguing",     "wrote",      "writes",
    "writing",      "explained",     "explains",    "explaining",  "announced",  "announces",
    "announcing",   "stated",        "stating",     "urged",       "urges",      "urging",
    "called",       "calling",       "described",   "describes",   "describing", "replied",
    "replying",     "responded",     "responding",  "asked",       "asks",       "asking",
    "commented",    "commenting",    "remarked",    "observed",    "observes",   "acknowledged",
    "acknowledges", "acknowledging", "admitted",    "admits",      "admitting",  "confirmed",
    "confirms",     "confirming",    "denied",      "denies",      "denying",    "suggested",
    "suggests",     "suggesting",    "predicted",   "predicts",    "predicting", "promised",
    "promising",    "vowed",         "vowing",      "pledged",     "pledging",   "threatened",
    "threatens",    "threatening",   "demanded",    "demanding",   "complained", "complains",
    "complaining",  "criticized",    "criticizes",  "criticizing", "criticised", "criticises",
    "criticising",  "condemned",     "condemns",    "condemning",  "slammed",    "slams",
    "slamming",     "praised",       "praising",    "recalled",    "recalls",    "recalling",
    "emphasized",   "emphasizes",    "emphasizing", "emphasised",  "emphasises", "emphasising",
    "reiterated",   "reiterates",    "reiterating", "maintained",  "maintains",  "contended",
    "contends",     "alleged",       "alleges",     "alleging",    "charged",    "quipped",
    "joked",        "exclaimed",     "conceded",    "concedes",    "conceding",  "concluded",
    "concludes",    "tweeted",       "labeled",     "labelled",    "labeling",   "labelling",
    "branded",      "branding",      "dubbed",      "dubbing",     "termed",     "hailed",
    "hailing",      "decried",       "decrying",    "lamented",    "lambasted",  "mocked",
    "denounced",    "denouncing",    "dismissed",   "dismissing",  "rejected",   "rejecting",
    "reported",     "reporting",     "testified",   "recounted",   "boasted",    "fumed",
    "scoffed",      "shouted",       "yelled",      "whispered",   "muttered",   "answered",
    "countered",    "retorted",      "continued",   "quoted",      "wondered",   "complained",
    "pointed",      "mused",         "wrote",       "posited",     "speculated", "reckoned"};

const Words kReportWeakForms = {
    "say",       "tell",      "assert",    "note",     "notes",    "warn",        "stress",
    "add",       "accuse",    "caution",   "blast",    "claim",    "claims",      "declare",
    "insist",    "argue",     "write",     "explain",  "announce", "urge",        "call",
    "calls",     "describe",  "reply",     "replies",  "respond",  "responds",    "ask",
    "comment",   "comments",  "remark",    "remarks",  "observe",  "acknowledge", "admit",
    "confirm",   "deny",      "suggest",   "predict",  "promise",  "promises",    "vow",
    "vows",      "pledge",    "pledges",   "threaten", "demand",   "demands",     "complain",
    "criticize", "criticise", "condemn",   "slam",     "praise",   "praises",     "recall",
    "emphasize", "emphasise", "reiterate", "maintain", "contend",  "allege",      "charge",
    "charges",   "quip",      "joke",      "concede",  "conclude", "tweet",       "tweets",
    "label",     "brand",     "dub",       "term",     "hail",     "decry",       "denounce",
    "dismiss",   "reject",    "report",    "reports",  "testify",  "answer"};

const Words kAdverbs = {
    "reportedly",   "allegedly",  "also",       "later",      "then",     "again",
    "once",         "earlier",    "previously", "repeatedly", "further",  "separately",
    "recently",     "publicly",   "privately",  "openly",     "firmly",   "strongly",
    "clearly",      "bluntly",    "angrily",    "flatly",     "quickly",  "simply",
    "subsequently", "similarly",  "likewise",   "herself",    "himself",  "themselves",
    "itself",       "still",      "now",        "further",    "already",  "often",
    "had",          "has",        "have",       "was",        "were",     "is",
    "would",        "will",       "reportedly", "personally", "directly", "immediately",
    "officially",   "apparently", "just",       "even",       "too",      "yesterday",
    "today",        "tonight"};

const Words kTitleHeads = {"president",
                           "minister",
                           "secretary-general",
                           "secretary",
                           "chancellor",
                           "premier",
                           "spokesperson",
                           "spokesman",
                           "spokeswoman",
                           "researcher",
                           "official",
                           "director",
                           "director-general",
                           "ceo",
                           "cfo",
                           "coo",
                           "cto",
                           "chairman",
                           "chairwoman",
                           "chairperson",
                           "chair",
                           "senator",
                           "sen.",
                           "representative",
                           "rep.",
                           "congressman",
                           "congresswoman",
                           "governor",
                           "gov.",
                           "mayor",
                           "general",
                           "gen.",
                           "admiral",
                           "adm.",
                           "colonel",
                           "col.",
                           "maj.",
                           "captain",
                           "capt.",
                           "lieutenant",
                           "lt.",
                           "sergeant",
                           "sgt.",
                           "commander",
                           "marshal",
                           "ambassador",
                           "envoy",
                           "judge",
                           "justice",
                           "professor",
                           "prof.",
                           "dr.",
                           "dr",
                           "doctor",
                           "mr.",
                           "mr",
                           "mrs.",
                           "mrs",
                           "ms.",
                           "ms",
                           "miss",
                           "sir",
                           "dame",
                           "lord",
                           "lady",
                           "king",
                           "queen",
                           "prince",
                           "princess",
                           "pope",
                           "cardinal",
                           "bishop",
                           "archbishop",
                           "rabbi",
                           "imam",
                           "cleric",
                           "sheikh",
                           "emir",
                           "sultan",
                           "ayatollah",
                           "chief",
                           "head",
                           "leader",
                           "dictator",
                           "analyst",
                           "expert",
                           "economist",
                           "lawyer",
                           "attorney",
                           "prosecutor",
                           "coach",
                           "executive",
                           "founder",
                           "co-founder",
                           "member",
                           "councillor",
                           "councilor",
                           "speaker",
                           "mp",
                           "lawmaker",
                           "legislator",
                           "diplomat",
                           "commissioner",
                           "inspector",
                           "superintendent",
                           "officer",
                           "detective",
                           "sheriff",
                           "dean",
                           "rector",
                           "editor",
                           "correspondent",
                           "reporter",
                           "author",
                           "writer",
                           "activist",
                           "employee",
                           "aide",
                           "adviser",
                           "advisor",
                           "negotiator",
                           "strategist",
                           "scientist",
                           "historian",
                           "manager",
                           "owner",
                           "president-elect",
                           "vice-president",
                           "treasurer",
                           "comptroller",
                           "attorney-general",
                           "solicitor-general",
                           "governor-general",
                           "defector",
                           "dissident",
                           "academic",
                           "scholar",
                           "commentator",
                           "columnist",
                           "pastor",
                           "priest",
                           "monsignor",
                           "director-general",
                           "administrator",
                           "regulator",
                           "auditor",
                           "ombudsman",
                           "envoy",
                           "economist",
                           "physicist",
                           "engineer",
                           "chemist",
                           "biologist",
                           "epidemiologist",
                           "virologist",
                           "spokesperson",
                           "secretary-general",
                           "deputy",
                           "vice-chairman",
                           "vice-chair",
                           "chef",
                           "actor",
                           "actress",
                           "singer",
                           "rapper",
                           "novelist",
                           "poet",
                           "artist",
                           "designer",
                           "architect",
                           "investor",
                           "entrepreneur",
                           "billionaire",
                           "candidate",
                           "nominee",
                           "challenger",
                           "incumbent",
                           "veteran",
                           "consultant",
                           "specialist",
                           "lecturer",
                           "teacher",
                           "principal",
                           "student",
                           "resident",
                           "farmer",
                           "worker",
                           "nurse",
                           "physician",
                           "surgeon",
                           "pilot",
                           "soldier",
                           "sergeant-major",
                           "brigadier",
                           "corporal",
                           "private",
                           "major",
                           "agent",
                           "warden",
                           "governor",
                           "assemblyman",
                           "assemblywoman",
                           "alderman",
                           "councilman",
                           "councilwoman",
                           "whip",
                           "attaché",
                           "consul",
                           "consul-general",
                           "counsel",
                           "secretary-treasurer",
                           "minister-president",
                           "premier",
                           "crown"};

const Words kTitleMods = {"foreign",
                          "defense",
                          "defence",
                          "finance",
                          "interior",
                          "health",
                          "trade",
                          "economy",
                          "economic",
                          "education",
                          "energy",
                          "environment",
                          "transport",
                          "agriculture",
                          "labor",
                          "labour",
                          "culture",
                          "home",
                          "prime",
                          "vice",
                          "deputy",
                          "assistant",
                          "acting",
                          "former",
                          "senior",
                          "chief",
                          "executive",
                          "general",
                          "state",
                          "political",
                          "military",
                          "top",
                          "associate",
                          "lead",
                          "managing",
                          "junior",
                          "first",
                          "supreme",
                          "grand",
                          "council",
                          "cabinet",
                          "party",
                          "national",
                          "security",
                          "intelligence",
                          "press",
                          "communications",
                          "unification",
                          "industry",
                          "science",
                          "technology",
                          "majority",
                          "minority",
                          "opposition",
                          "shadow",
                          "special",
                          "secretary",
                          "attorney",
                          "lieutenant",
                          "district",
                          "county",
                          "city",
                          "board",
                          "parliamentary",
                          "presidential",
                          "foreign-policy",
                          "justice",
                          "treasury",
                          "commerce",
                          "research",
                          "policy",
                          "army",
                          "navy",
                          "air",
                          "force",
                          "police",
                          "fire",
                          "founding",
                          "outgoing",
                          "incoming",
                          "interim",
                          "longtime",
                          "veteran",
                          "retired",
                          "elected",
                          "then",
                          "co",
                          "program",
                          "project",
                          "regional",
                          "provincial",
                          "municipal",
                          "federal",
                          "central",
                          "legal",
                          "medical",
                          "scientific",
                          "finance",
                          "digital",
                          "data",
                          "human",
                          "rights",
                          "climate",
                          "budget",
                          "sports",
                          "media",
                          "trade",
                          "tourism",
                          "housing",
                          "immigration",
                          "infrastructure",
                          "veterans",
                          "affairs",
                          "public",
                          "social",
                          "welfare",
                          "family",
                          "women",
                          "youth",
                          "emergency",
                          "disaster",
                          "marine",
                          "fisheries",
                          "forestry",
                          "mining",
                          "oil",
                          "gas",
                          "water",
                          "power",
                          "transportation",
                          "aviation",
                          "space",
                          "chief",
                          "executive",
                          "operating",
                          "financial",
                          "technology",
                          "information",
                          "marketing"};

const Words kOrgWords = {"ministry",     "agency",
                         "group",        "news",
                         "society",      "council",
                         "committee",    "party",
                         "university",   "bank",
                         "corporation",  "corp",
                         "corp.",        "inc",
                         "inc.",         "ltd",
                         "ltd.",         "llc",
                         "plc",          "company",
                         "co.",          "department",
                         "association",  "union",
                         "organization", "organisation",
                         "institute",    "institution",
                         "foundation",   "court",
                         "army",         "navy",
                         "force",        "forces",
                         "office",       "service",
                         "services",     "times",
                         "post",         "herald",
                         "journal",      "daily",
                         "press",        "media",
                         "network",      "administration",
                         "commission",   "parliament",
                         "assembly",     "congress",
                         "senate",       "house",
                         "church",       "school",
                         "college",      "hospital",
                         "club",         "airlines",
                         "airways",      "construction",
                         "federation",   "alliance",
                         "coalition",    "front",
                         "movement",     "league",
                         "authority",    "board",
                         "bureau",       "center",
                         "centre",       "fund",
                         "trust",        "reserve",
                         "guard",        "police",
                         "tribune",      "gazette",
                         "telegraph",    "observer",
                         "review",       "magazine",
                         "radio",        "television",
                         "tv",           "broadcasting",
                         "channel",      "studio",
                         "studios",      "industries",
                         "holdings",     "partners",
                         "systems",      "technologies",
                         "motors",       "energy",
                         "exchange",     "capital",
                         "ventures",     "labs",
                         "laboratory",   "museum",
                         "library",      "embassy",
                         "consulate",    "government",
                         "command",      "brigade",
                         "division",     "regiment",
                         "battalion",    "war",
                         "games",        "olympics",
                         "cup",          "summit",
                         "day",          "act",
                         "treaty",       "agreement",
                         "accord",       "plan",
                         "initiative",   "program",
                         "programme",    "project",
                         "conference",   "forum",
                         "festival",     "award",
                         "prize",        "index",
                         "report",       "law",
                         "bill",         "doctrine",
                         "zone",         "corridor",
                         "declaration",  "charter",
                         "convention",   "protocol",
                         "strategy",     "policy",
                         "affairs",      "relations",
                         "cabinet",      "secretariat",
                         "tribunal",     "regime",
                         "republic",     "kingdom",
                         "federation",   "empire",
                         "dynasty",      "army",
                         "corps",        "fleet",
                         "academy",      "council",
                         "chamber",      "bloc",
                         "cartel",       "consortium",
                         "enterprises",  "group",
                         "industries",   "international",
                         "global",       "worldwide",
                         "associates",   "brothers",
                         "bros",         "bros.",
                         "sons",         "trust",
                         "fc",           "united",
                         "city",         "county",
                         "state",        "states",
                         "street",       "journal",
                         "post",         "insider",
                         "today",        "weekly",
                         "monthly",      "online",
                         "wire",         "agency",
                         "kcna",         "yonhap",
                         "reuters",      "bloomberg",
                         "xinhua",       "tass",
                         "ria",          "interfax",
                         "airport",      "station",
                         "stadium",      "market",
                         "markets",      "hotel",
                         "palace",       "hall",
                         "tower",        "building",
                         "bridge",       "peninsula"};

const Words kPlaceWords = {
    "street",     "st",          "road",      "rd",          "avenue",    "ave",    "boulevard",
    "blvd",       "lane",        "drive",     "square",      "bridge",    "river",  "island",
    "islands",    "city",        "county",    "province",    "state",     "states", "region",
    "republic",   "kingdom",     "sea",       "ocean",       "gulf",      "bay",    "mountain",
    "mountains",  "mount",       "lake",      "valley",      "peninsula", "strait", "straits",
    "coast",      "desert",      "park",      "airport",     "station",   "port",   "harbor",
    "harbour",    "district",    "territory", "territories", "village",   "town",   "hill",
    "hills",      "beach",       "canal",     "highway",     "plaza",     "tower",  "hall",
    "palace",     "building",    "heights",   "springs",     "falls",     "forest", "basin",
    "delta",      "plateau",     "plain",     "plains",      "cape",      "isle",   "oblast",
    "prefecture", "governorate", "emirate",   "borough",     "township",  "parish", "creek"};

const Words kPlaceFirstWords = {
    "north",    "south",   "east",   "west",   "northern", "southern", "eastern", "western",
    "central",  "new",     "san",    "santa",  "los",      "las",      "port",    "mount",
    "mt",       "mt.",     "saint",  "st.",    "lake",     "fort",     "cape",    "upper",
    "lower",    "greater", "united", "sri",    "costa",    "puerto",   "el",      "la",
    "le",       "rio",     "sao",    "são",    "buenos",   "abu",      "tel",     "kuala",
    "hong",     "ho",      "gulf",   "middle", "far",      "near",     "inner",   "outer",
    "downtown", "old",     "grand"};

const Words kPlaceNames = {
    "korea",         "japan",        "china",        "russia",     "ukraine",     "poland",
    "italy",         "germany",      "france",       "britain",    "england",     "scotland",
    "wales",         "ireland",      "spain",        "portugal",   "greece",      "turkey",
    "türkiye",       "israel",       "gaza",         "iran",       "iraq",        "syria",
    "lebanon",       "egypt",        "libya",        "india",      "pakistan",    "afghanistan",
    "taiwan",        "kong",         "vietnam",      "thailand",   "indonesia",   "philippines",
    "australia",     "canada",       "mexico",       "brazil",     "argentina",   "chile",
    "cuba",          "venezuela",    "nigeria",      "kenya",      "ethiopia",    "sudan",
    "somalia",       "yemen",        "qatar",        "arabia",     "emirates",    "belarus",
    "moldova",       "armenia",      "azerbaijan",   "kazakhstan", "finland",     "sweden",
    "norway",        "denmark",      "netherlands",  "belgium",    "austria",     "switzerland",
    "hungary",       "romania",      "bulgaria",     "serbia",     "croatia",     "czech",
    "slovakia",      "lithuania",    "latvia",       "estonia",    "europe",      "asia",
    "africa",        "america",      "americas",     "pacific",    "atlantic",    "arctic",
    "antarctica",    "crimea",       "donbas",       "donetsk",    "luhansk",     "kharkiv",
    "kherson",       "zaporizhzhia", "odesa",        "odessa",     "kyiv",        "kiev",
    "moscow",        "beijing",      "seoul",        "tokyo",      "pyongyang",   "london",
    "paris",         "berlin",       "brussels",     "rome",       "madrid",      "warsaw",
    "jerusalem",     "tehran",       "baghdad",      "damascus",   "cairo",       "delhi",
    "mumbai",        "shanghai",     "osaka",        "busan",      "taipei",      "manila",
    "jakarta",       "bangkok",      "hanoi",        "sydney",     "melbourne",   "toronto",
    "ottawa",        "york",         "california",   "texas",      "florida",     "ohio",
    "chicago",       "boston",       "angeles",      "francisco",  "geneva",      "vienna",
    "stockholm",     "oslo",         "helsinki",     "dublin",     "lisbon",      "athens",
    "istanbul",      "ankara",       "kabul",        "islamabad",  "riyadh",      "dubai",
    "doha",          "aviv",         "asia-pacific", "eurasia",    "balkans",     "caucasus",
    "mediterranean", "baltic",       "scandinavia",  "siberia",    "tibet",       "xinjiang",
    "hokkaido",      "okinawa",      "manhattan",    "brooklyn",   "westminster", "kremlin",
    "pentagon",      "vatican",      "myanmar",      "cambodia",   "laos",        "malaysia",
    "singapore",     "bangladesh",   "nepal",        "mongolia",   "uzbekistan",  "tajikistan",
    "kyrgyzstan",    "turkmenistan", "peru",         "colombia",   "ecuador",     "bolivia",
    "uruguay",       "paraguay",     "panama",       "nicaragua",  "honduras",    "guatemala",
    "haiti",         "jamaica",      "morocco",      "algeria",    "tunisia",     "ghana",
    "senegal",       "mali",         "niger",        "chad",       "congo",       "angola",
    "zambia",        "zimbabwe",     "mozambique",   "tanzania",   "uganda",      "rwanda",
    "slovenia",      "bosnia",       "albania",      "macedonia",  "montenegro",  "kosovo",
    "cyprus",        "malta",        "iceland",      "luxembourg", "monaco",      "gibraltar",
    "greenland",     "alaska",       "hawaii",       "zealand"};

const Words kNationalities = {
    "american",      "russian",      "korean",     "chinese",     "japanese",     "british",
    "french",        "german",       "ukrainian",  "polish",      "italian",      "european",
    "asian",         "african",      "israeli",    "palestinian", "iranian",      "iraqi",
    "syrian",        "lebanese",     "egyptian",   "indian",      "pakistani",    "afghan",
    "taiwanese",     "vietnamese",   "thai",       "indonesian",  "filipino",     "australian",
    "canadian",      "mexican",      "brazilian",  "argentine",   "cuban",        "venezuelan",
    "nigerian",      "kenyan",       "saudi",      "emirati",     "qatari",       "turkish",
    "greek",         "spanish",      "portuguese", "dutch",       "belgian",      "swiss",
    "austrian",      "swedish",      "norwegian",  "danish",      "finnish",      "irish",
    "scottish",      "welsh",        "english",    "hungarian",   "romanian",     "serbian",
    "czech",         "belarusian",   "armenian",   "soviet",      "arab",         "muslim",
    "jewish",        "catholic",     "islamic",    "communist",   "democratic",   "republican",
    "democrat",      "conservative", "liberal",    "socialist",   "federal",      "national",
    "international", "global",       "royal",      "imperial",    "presidential", "western",
    "eastern",       "northern",     "southern",   "nato",        "kurdish",      "yemeni",
    "jordanian",     "libyan",       "sudanese",   "ethiopian",   "somali",       "georgian",
    "moldovan",      "kazakh",       "mongolian",  "burmese",     "malaysian",    "singaporean",
    "bangladeshi",   "nepali",       "peruvian",   "colombian",   "chilean",      "bolivian",
    "haitian",       "moroccan",     "algerian",   "tunisian",    "ghanaian",     "congolese",
    "zimbabwean",    "ugandan",      "rwandan",    "slovak",      "slovenian",    "croatian",
    "bosnian",       "albanian",     "lithuanian", "latvian",     "estonian",     "icelandic",
    "sovereign"};

const Words kRoles = {
    "researcher",     "researchers",    "expert",     "experts",      "analyst",      "analysts",
    "official",       "officials",      "minister",   "spokesperson", "spokesman",    "spokeswoman",
    "president",      "leader",         "chairman",   "chairwoman",   "chair",        "director",
    "diplomat",       "diplomats",      "ambassador", "envoy",        "mayor",        "governor",
    "senator",        "lawmaker",       "lawmakers",  "legislator",   "general",      "commander",
    "officer",        "professor",      "scientist",  "economist",    "lawyer",       "attorney",
    "prosecutor",     "prosecutors",    "judge",      "author",       "secretary",    "chief",
    "representative", "employee",       "source",     "sources",      "witness",      "witnesses",
    "resident",       "residents",      "activist",   "activists",    "adviser",      "advisor",
    "aide",           "negotiator",     "manager",    "executive",    "founder",      "owner",
    "engineer",       "doctor",         "nurse",      "teacher",      "student",      "worker",
    "farmer",         "veteran",        "candidate",  "councillor",   "councilor",    "member",
    "premier",        "chancellor",     "king",       "queen",        "coach",        "player",
    "captain",        "head",           "observer",   "commentator",  "columnist",    "editor",
    "reporter",       "correspondent",  "historian",  "academic",     "scholar",      "strategist",
    "politician",     "dictator",       "defector",   "critics",      "supporters",   "protesters",
    "investigators",  "organizers",     "organisers", "campaigners",  "spokespeople", "mediator",
    "regulator",      "administrator",  "auditor",    "consultant",   "specialist",   "physician",
    "surgeon",        "epidemiologist", "virologist", "pilot",        "soldier",      "chef"};

const Words kOrgNouns = {
    "ministry",     "government",  "agency",       "media",        "police",         "military",
    "army",         "navy",        "office",       "department",   "committee",      "council",
    "company",      "firm",        "group",        "party",        "administration", "embassy",
    "court",        "commission",  "organization", "organisation", "union",          "bank",
    "board",        "authorities", "statement",    "report",       "newspaper",      "outlet",
    "broadcaster",  "network",     "channel",      "service",      "regime",         "cabinet",
    "parliament",   "foundation",  "institute",    "university",   "club",           "team",
    "campaign",     "secretariat", "alliance",     "bloc",         "coalition",      "website",
    "daily",        "paper",       "tribunal",     "junta",        "television",     "tv",
    "radio",        "agency",      "kremlin",      "pentagon",     "spokesperson's", "operator",
    "manufacturer", "maker",       "developer",    "retailer",     "insurer",        "lender",
    "carrier",      "airline",     "automaker",    "producer",     "publisher",      "prosecution",
    "defense",      "defence",     "opposition",   "legislature",  "senate",         "congress",
    "assembly",     "council",     "watchdog",     "regulator",    "charity",        "association",
    "federation",   "league",      "hospital",     "school",       "college",        "court",
    "document",     "documents",   "filing",       "study",        "survey",         "poll",
    "data",         "figures",     "statistics",   "letter",       "memo",           "notice",
    "announcement", "communique",  "release",      "editorial",    "commentary"};

struct NumberWord {
  std::string_view word;
  int value;
};
constexpr NumberWord kNumberWords[] = {
    {"zero", 0},     {"one", 1},      {"two", 2},        {"three", 3},     {"four", 4},
    {"five", 5},     {"six", 6},      {"seven", 7},      {"eight", 8},     {"nine", 9},
    {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
    {"twenty", 20},  {"thirty", 30},  {"forty", 40},     {"fifty", 50},    {"sixty", 60},
    {"seventy", 70}, {"eighty", 80},  {"ninety", 90},    {"hundred", 100}, {"dozen", 12}};

struct Scale {
  std::string_view word;
  int power;
  bool money_only;
};
constexpr Scale kScales[] = {{"thousand", 3, false},  {"million", 6, false}, {"billion", 9, false},
                             {"trillion", 12, false}, {"bn", 9, false},      {"mn", 6, false},
                             {"mln", 6, false},       {"tn", 12, false},     {"trn", 12, false},
                             {"m", 6, true},          {"k", 3, true},        {"b", 9, true}};

struct Currency {
  std::string_view word;
  int index;
};
constexpr Currency kCurrencyWords[] = {
    {"dollar", 1},    {"dollars", 1},  {"euro", 2},   {"euros", 2},  {"pound", 3},
    {"pounds", 3},    {"sterling", 3}, {"yen", 4},    {"won", 5},    {"yuan", 6},
    {"renminbi", 6},  {"ruble", 7},    {"rubles", 7}, {"rouble", 7}, {"roubles", 7},
    {"rupee", 8},     {"rupees", 8},   {"franc", 9},  {"francs", 9}, {"hryvnia", 12},
    {"hryvnias", 12}, {"hryvnia", 12}};

const Words kQualifiers = {"about",  "around", "nearly",    "almost", "approximately", "roughly",
                           "some",   "over",   "under",     "below",  "above",         "approx.",
                           "approx", "circa",  "estimated", "just",   "barely",        "only"};

const Words kStarters = {"the",
                         "a",
                         "an",
                         "he",
                         "she",
                         "it",
                         "they",
                         "we",
                         "i",
                         "you",
                         "this",
                         "that",
                         "these",
                         "those",
                         "there",
                         "here",
                         "but",
                         "and",
                         "or",
                         "so",
                         "yet",
                         "in",
                         "on",
                         "at",
                         "for",
                         "from",
                         "with",
                         "by",
                         "as",
                         "after",
                         "before",
                         "during",
                         "since",
                         "until",
                         "when",
                         "while",
                         "if",
                         "although",
                         "though",
                         "because",
                         "however",
                         "meanwhile",
                         "moreover",
                         "furthermore",
                         "earlier",
                         "later",
                         "also",
                         "still",
                         "now",
                         "then",
                         "today",
                         "yesterday",
                         "tomorrow",
                         "last",
                         "next",
                         "according",
                         "asked",
                         "speaking",
                         "his",
                         "her",
                         "their",
                         "its",
                         "our",
                         "my",
                         "your",
                         "many",
                         "some",
                         "several",
                         "most",
                         "all",
                         "both",
                         "each",
                         "every",
                         "other",
                         "another",
                         "such",
                         "no",
                         "not",
                         "only",
                         "even",
                         "just",
                         "what",
                         "who",
                         "why",
                         "how",
                         "which",
                         "where",
                         "whether",
                         "once",
                         "upon",
                         "into",
                         "through",
                         "against",
                         "across",
                         "behind",
                         "beyond",
                         "near",
                         "under",
                         "over",
                         "about",
                         "among",
                         "between",
                         "despite",
                         "following",
                         "including",
                         "unlike",
                         "like",
                         "to",
                         "of",
                         "overall",
                         "instead",
                         "indeed",
                         "thus",
                         "therefore",
                         "nevertheless",
                         "nonetheless",
                         "together",
                         "obviously",
                         "clearly",
                         "separately",
                         "similarly",
                         "finally",
                         "first",
                         "second",
                         "third",
                         "instead",
                         "previously",
                         "currently",
                         "recently",
                         "initially",
                         "ultimately",
                         "eventually",
                         "nearly",
                         "almost",
                         "around",
                         "roughly",
                         "more",
                         "less",
                         "few",
                         "much",
                         "one",
                         "two",
                         "three",
                         "four",
                         "five",
                         "six",
                         "seven",
                         "eight",
                         "nine",
                         "ten",
                         "dear",
                         "please",
                         "yes",
                         "oh",
                         "well",
                         "why",
                         "where",
                         "none",
                         "neither",
                         "either",
                         "whatever",
                         "whoever",
                         "amid",
                         "within",
                         "without",
                         "towards",
                         "toward",
                         "via",
                         "per",
                         "above",
                         "below",
                         "outside",
                         "inside",
                         "along",
                         "throughout",
                         "whilst",
                         "unless",
                         "whereas",
                         "hence",
                         "otherwise",
                         "afterwards",
                         "later",
                         "soon",
                         "already",
                         "again",
                         "never",
                         "always",
                         "often",
                         "sometimes",
                         "perhaps",
                         "maybe",
                         "possibly",
                         "probably",
                         "certainly",
                         "meanwhile",
                         "elsewhere",
                         "additionally",
                         "importantly",
                         "notably",
                         "specifically",
                         "officials",
                         "experts",
                         "analysts",
                         "critics",
                         "police",
                         "residents",
                         "witnesses"};

const Words kLinkVerbs = {
    "is",       "was",        "were",      "are",       "be",         "been",      "rose",
    "rises",    "risen",      "rising",    "fell",      "falls",      "fallen",    "falling",
    "reached",  "reaches",    "reaching",  "hit",       "hits",       "stood",     "stands",
    "totaled",  "totalled",   "totals",    "totaling",  "totalling",  "climbed",   "climbs",
    "dropped",  "drops",      "increased", "increases", "decreased",  "decreases", "grew",
    "grows",    "jumped",     "jumps",     "declined",  "declines",   "surged",    "surges",
    "slipped",  "soared",     "plunged",   "tumbled",   "amounted",   "amounts",   "came",
    "comes",    "cost",       "costs",     "costing",   "valued",     "priced",    "estimated",
    "worth",    "exceeded",   "exceeds",   "topped",    "tops",       "remained",  "remains",
    "fetched",  "raised",     "raises",    "spent",     "spends",     "earned",    "earns",
    "lost",     "loses",      "paid",      "pays",      "generated",  "generates", "posted",
    "recorded", "registered", "reported",  "expanded",  "contracted", "shrank",    "gained",
    "gains"};

const Words kVerbs = {
    "say",      "says",     "said",      "remain",   "remains",   "remained",     "died",
    "die",      "dies",     "killed",    "were",     "are",       "was",          "is",
    "have",     "has",      "had",       "will",     "would",     "can",          "could",
    "may",      "might",    "must",      "should",   "live",      "lived",        "living",
    "work",     "worked",   "left",      "took",     "take",      "came",         "come",
    "went",     "go",       "became",    "become",   "joined",    "fled",         "arrived",
    "include",  "includes", "included",  "received", "got",       "made",         "make",
    "face",     "faced",    "faces",     "need",     "needed",    "want",         "wanted",
    "lost",     "went",     "saw",       "see",      "gave",      "give",         "stayed",
    "returned", "injured",  "wounded",   "attended", "voted",     "signed",       "agreed",
    "used",     "appear",   "appeared",  "do",       "did",       "does",         "get",
    "gets",     "been",     "be",        "being",    "cost",      "costs",        "remain",
    "held",     "hold",     "holds",     "stand",    "stood",     "fell",         "rose",
    "reached",  "took",     "taken",     "sent",     "send",      "deployed",     "arrive",
    "marched",  "gathered", "protested", "waited",   "applied",   "participated", "responded",
    "answered", "chose",    "visited",   "traveled", "travelled", "escaped",      "survived",
    "died",     "perished", "according", "across",   "aboard",    "per",          "each",
    "apiece",   "worth",    "ago",       "later",    "earlier",   "old",          "older",
    "younger",  "long",     "wide",      "tall",     "high",      "deep",         "away",
    "ahead",    "behind",   "more",      "less",     "fewer",     "too",          "so",
    "alone",    "total",    "overall",   "annually", "combined",  "respectively", "altogether"};

// Irregular past forms and plain verbs that follow a counted noun ("40 firefighters fought",
// "an earthquake struck", "passengers use"): the counted phrase ends before them (kVerb too).
const Words kVerbsAfterNouns = {
    "fought", "struck", "began",   "begun",  "broke",   "caught",  "drew",    "drove",   "flew",
    "found",  "froze",  "knew",    "led",    "met",     "ran",     "sank",    "sat",     "shook",
    "shot",   "sold",   "spoke",   "stole",  "swept",   "threw",   "won",     "wore",    "wrote",
    "built",  "bought", "brought", "felt",   "kept",    "lay",     "sought",  "thought", "use",
    "uses",   "own",    "owns",    "oppose", "opposes", "believe", "believes"};

const Words kTimeWords = {"a.m.", "p.m.", "am",  "pm",  "gmt",  "utc", "o’clock", "o'clock", "edt",
                          "est",  "pst",  "pdt", "cet", "cest", "kst", "jst",     "bst",     "hrs"};

const Words kParticles = {"de",  "da",  "di", "du", "van", "von", "der", "den", "la",  "le",
                          "bin", "ibn", "al", "el", "dos", "das", "del", "ter", "ten", "y"};

const Words kEastAsianSurnames = {
    "kim",  "lee",   "park",  "pak",   "ban",    "choi",   "choe",  "jung", "jeong", "chung",
    "kang", "cho",   "jo",    "yoon",  "yun",    "jang",   "chang", "lim",  "im",    "han",
    "oh",   "seo",   "suh",   "shin",  "sin",    "kwon",   "hwang", "ahn",  "an",    "song",
    "ryu",  "yoo",   "yu",    "jeon",  "chun",   "hong",   "ko",    "moon", "mun",   "yang",
    "son",  "bae",   "baek",  "paek",  "heo",    "nam",    "sim",   "noh",  "roh",   "ha",
    "kwak", "sung",  "cha",   "joo",   "ju",     "woo",    "ri",    "rhee", "yi",    "ra",
    "min",  "ryang", "wang",  "li",    "zhang",  "liu",    "chen",  "zhao", "wu",    "zhou",
    "xu",   "sun",   "ma",    "zhu",   "hu",     "guo",    "he",    "lin",  "luo",   "gao",
    "xi",   "mao",   "deng",  "tan",   "ng",     "nguyen", "tran",  "pham", "huang", "ye",
    "hao",  "cai",   "wen",   "jiang", "peng",   "tang",   "feng",  "dong", "xiao",  "cheng",
    "cao",  "yuan",  "pan",   "du",    "dai",    "xia",    "zhong", "tian", "ren",   "fan",
    "fang", "shi",   "yao",   "tam",   "lam",    "ho",     "choy",  "kwok", "leung", "wong",
    "chow", "tse",   "yeung", "lau",   "cheung", "ng",     "lai",   "mak",  "yip",   "fung",
    "chan", "chiu"};

const Words kIdentPrefixes = {
    "no.",       "nos.",      "number", "article",    "resolution", "flight",    "room",
    "route",     "highway",   "page",   "pages",      "section",    "chapter",   "vol.",
    "volume",    "episode",   "season", "grade",      "level",      "phase",     "platform",
    "gate",      "apartment", "apt.",   "suite",      "model",      "version",   "v.",
    "tier",      "category",  "class",  "item",       "rule",       "paragraph", "clause",
    "amendment", "lot",       "exit",   "interstate", "#",          "code",      "line",
    "bus",       "train",     "sector", "block",      "building",   "unit",      "ward",
    "precinct",  "district",  "figure", "table",      "appendix",   "annex",     "step",
    "stage",     "round",     "game",   "match",      "week",       "day",       "part",
    "act",       "scene",     "psalm",  "verse",      "track",      "disc",      "vol",
    "box",       "pier",      "berth",  "runway",     "lane",       "terminal",  "floor",
    "row",       "seat",      "size",   "ranked",     "ranking",    "rank",      "number",
    "count",     "counts",    "id",     "ref",        "reference",  "case",      "file",
    "docket",    "bill",      "h.r.",   "s.",         "hr",         "covid",     "covid-",
    "type",      "mark",      "mk",     "series",     "generation", "gen",       "world",
    "war"};

const Words kAbbrevTitles = {
    "mr",     "mrs",  "ms",   "dr",   "prof", "gen",  "lt",   "col",    "maj",    "capt",
    "sgt",    "adm",  "gov",  "sen",  "rep",  "rev",  "hon",  "cpl",    "pvt",    "gens",
    "messrs", "mme",  "mlle", "sr",   "jr",   "brig", "cmdr", "supt",   "det",    "insp",
    "fr",     "pres", "amb",  "atty", "ald",  "cllr", "rt",   "lt-col", "lt-gen", "maj-gen"};

const Words kAbbrevOthers = {
    "jan",  "feb",  "mar", "apr",  "jun",  "jul",  "aug",   "sep",  "sept",   "oct",  "nov",
    "dec",  "no",   "nos", "vol",  "vols", "vs",   "etc",   "fig",  "approx", "est",  "co",
    "corp", "inc",  "ltd", "bros", "dept", "univ", "ave",   "blvd", "rd",     "st",   "mt",
    "ft",   "al",   "cf",  "ca",   "op",   "pp",   "p",     "ed",   "eds",    "govt", "intl",
    "assn", "natl", "min", "max",  "tel",  "ext",  "approx"};

const Words kFemaleWords = {
    "she",           "her",           "mrs",          "mrs.",          "ms",          "ms.",
    "miss",          "madam",         "queen",        "princess",      "lady",        "dame",
    "sister",        "wife",          "mother",       "daughter",      "spokeswoman", "chairwoman",
    "congresswoman", "businesswoman", "actress",      "woman",         "grandmother", "aunt",
    "niece",         "girl",          "councilwoman", "assemblywoman", "widow",       "mme",
    "mlle"};

const Words kMaleWords = {
    "he",       "his",         "him",         "mr",          "mr.",     "sir",         "king",
    "prince",   "lord",        "brother",     "husband",     "father",  "son",         "spokesman",
    "chairman", "congressman", "businessman", "actor",       "man",     "grandfather", "uncle",
    "nephew",   "boy",         "councilman",  "assemblyman", "widower", "messrs"};

const Words kChannelNouns = {
    "statement",  "piece",       "article",    "post",         "interview", "message",
    "letter",     "speech",      "report",     "commentary",   "editorial", "video",
    "broadcast",  "release",     "communique", "note",         "dispatch",  "op-ed",
    "column",     "tweet",       "briefing",   "conference",   "address",   "remarks",
    "comments",   "essay",       "memo",       "blog",         "podcast",   "documentary",
    "commentary", "declaration", "notice",     "announcement", "readout",   "transcript",
    "filing",     "posting",     "newsletter", "programme",    "program",   "show",
    "bulletin"};

const Words kFutureCues = {"will", "shall",  "’ll",     "'ll",      "scheduled", "expected",
                           "due",  "plans",  "planned", "upcoming", "going",     "intends",
                           "set",  "slated", "could",   "may",      "might",     "should"};

const Words kPeriodWords = {"day",    "days", "week",  "weeks",  "month",
                            "months", "year", "years", "decade", "decades"};

struct Dated {
  std::string_view word;
  int value;
};
constexpr Dated kMonths[] = {{"january", 1},   {"february", 2}, {"march", 3},     {"april", 4},
                             {"may", 5},       {"june", 6},     {"july", 7},      {"august", 8},
                             {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12}};
constexpr Dated kMonthAbbrs[] = {{"jan", 1},  {"feb", 2},  {"mar", 3},  {"apr", 4},
                                 {"jun", 6},  {"jul", 7},  {"aug", 8},  {"sep", 9},
                                 {"sept", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
constexpr Dated kWeekdays[] = {{"monday", 0}, {"tuesday", 1},  {"wednesday", 2}, {"thursday", 3},
                               {"friday", 4}, {"saturday", 5}, {"sunday", 6}};

// Open addressing with linear probing; the load stays below one half. A slot is four bytes (a
// 16-bit tag of the hash and the entry's index), so the whole index stays in the first-level
// cache, and an unknown word (most words of a text) is almost always turned away by an empty
// slot or a tag without reading an entry or comparing a string.
class Table {
 public:
  Table() : slots_(4096, 0) {}

  LexEntry& at(std::string_view w) {
    const std::uint64_t h = hash(w);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) {
        if (entries_.size() >= 0xFFFF) throw std::length_error("extract_lexicon: too many words");
        entries_.push_back({w, {}, {}});
        std::memcpy(entries_.back().padded.data(), w.data(), std::min<std::size_t>(w.size(), 32));
        slots_[i] = tag(h) << 16 | static_cast<std::uint32_t>(entries_.size());
        LexEntry& added = entries_.back().entry;
        if (entries_.size() * 2 > slots_.size()) rehash();
        return added;
      }
      Entry& entry = entries_[(slot & 0xFFFF) - 1];
      if ((slot >> 16) == tag(h) && entry.key == w) return entry.entry;
    }
  }

  const LexEntry* find(std::string_view w) const { return find(w, hash(w)); }

  // `buf` holds the word (n <= 32 bytes) and zeros after it: the hash reads whole 8-byte words
  // instead of copying a variable number of bytes (the same hash as hash()), and a candidate
  // entry is compared word by word with its own padded copy of the key, in the entry's cache
  // line, instead of by memcmp on the literal.
  const LexEntry* find_padded(const std::uint64_t (&buf)[4], std::size_t n) const {
    const char* w = reinterpret_cast<const char*>(buf);
    std::uint64_t a = buf[0], b = 0;
    if (n > 8) std::memcpy(&b, w + n - std::min<std::size_t>(n - 8, 8), 8);
    const std::uint64_t h = n == 0 ? 0 : mix(a, b, n);
    const std::uint32_t t = tag(h);
    const std::size_t mask = slots_.size() - 1;
    const std::size_t words = (n + 7) / 8;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if ((slot >> 16) != t) continue;
      const Entry& entry = entries_[(slot & 0xFFFF) - 1];
      if (entry.key.size() != n) continue;
      bool same = true;
      for (std::size_t k = 0; k < words; ++k) same = same && entry.padded[k] == buf[k];
      if (same) return &entry.entry;
    }
  }

  const LexEntry* find(std::string_view w, std::uint64_t h) const {
    const std::uint32_t t = tag(h);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) return nullptr;
      if ((slot >> 16) != t) continue;
      const Entry& entry = entries_[(slot & 0xFFFF) - 1];
      if (entry.key == w) return &entry.entry;
    }
  }

  void add(const Words& words, std::uint64_t flags) {
    for (std::string_view w : words) at(w).flags |= flags;
  }

  std::size_t size() const { return entries_.size(); }

 private:
  // The first and last eight bytes and the length, mixed by multiplication: one lookup per word
  // of every document goes through here, and words are short.
  static std::uint64_t hash(std::string_view w) {
    std::uint64_t a = 0, b = 0;
    const std::size_t n = w.size();
    if (n == 0) return 0;
    std::memcpy(&a, w.data(), std::min<std::size_t>(n, 8));
    if (n > 8)
      std::memcpy(&b, w.data() + n - std::min<std::size_t>(n - 8, 8),
                  std::min<std::size_t>(n - 8, 8));
    return mix(a, b, n);
  }
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::size_t n) {
    const std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 48); }

  void rehash() {
    std::vector<std::uint32_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t slot : old) {
      if (slot == 0) continue;
      std::size_t i = hash(entries_[(slot & 0xFFFF) - 1].key) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  struct Entry {
    std::string_view key;
    LexEntry entry;
    std::array<std::uint64_t, 4> padded;  // the key's first 32 bytes, zero after its end
  };
  std::vector<std::uint32_t> slots_;
  std::vector<Entry> entries_;
};

std::unique_ptr<Table> build() {
  auto t = std::make_unique<Table>();
  t->add(kStopWords, kStop);
  t->add(kDeterminers, kDeterminer);
  t->add(kPrepositions, kPreposition);
  t->add(kPronouns, kPronoun);
  t->add(kAuxWords, kAux);
  t->add(kReportStrongForms, kReportVerb | kReportStrong);
  t->add(kReportWeakForms, kReportVerb);
  t->add(kAdverbs, kAdverb);
  t->add(kTitleHeads, kTitleHead);
  t->add(kTitleMods, kTitleMod);
  t->add(kOrgWords, kOrgWord);
  t->add(kPlaceWords, kPlaceWord);
  t->add(kPlaceFirstWords, kPlaceFirst);
  t->add(kPlaceNames, kPlaceName);
  t->add(kNationalities, kNationality);
  t->add(kRoles, kRole);
  t->add(kOrgNouns, kOrgNoun);
  t->add(kQualifiers, kQualifier);
  t->add(kStarters, kStarter);
  t->add({"yesterday", "today", "tomorrow", "tonight"}, kRelativeDay);
  t->add(kLinkVerbs, kLinkVerb);
  t->add(kVerbs, kVerb);
  t->add(kVerbsAfterNouns, kVerb);
  t->add(kTimeWords, kTimeWord);
  t->add(kParticles, kParticle);
  t->add(kEastAsianSurnames, kEastAsianSurname);
  t->add(kIdentPrefixes, kIdentPrefix);
  t->add(kAbbrevTitles, kAbbrevTitle);
  t->add(kAbbrevOthers, kAbbrevOther);
  t->add(kFemaleWords, kFemale);
  t->add(kMaleWords, kMale);
  t->add(kChannelNouns, kChannelNoun);
  t->add(kFutureCues, kFutureCue);
  t->add(kPeriodWords, kPeriodWord);
  t->add({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}, kNameSuffix);
  for (const auto& n : kNumberWords) {
    LexEntry& e = t->at(n.word);
    e.flags |= kNumberWord;
    e.number = n.value;
  }
  for (const auto& s : kScales) {
    LexEntry& e = t->at(s.word);
    e.flags |= s.money_only ? kScaleMoney : kScale;
    e.scale = static_cast<std::uint8_t>(s.power);
  }
  for (const auto& c : kCurrencyWords) {
    LexEntry& e = t->at(c.word);
    e.flags |= kCurrencyWord;
    e.currency = static_cast<std::uint8_t>(c.index);
  }
  // Codes as lowercase keys; callers check that the word was written in capitals.
  static const std::vector<std::string> lower_codes = [] {
    std::vector<std::string> v;
    for (std::string_view code : kCurrencies) {
      std::string s(code);
      for (char& c : s) c = static_cast<char>(c + ('a' - 'A'));
      v.push_back(s);
    }
    v.push_back("rmb");
    return v;
  }();
  for (std::size_t i = 1; i < lower_codes.size(); ++i) {
    LexEntry& e = t->at(lower_codes[i]);
    e.flags |= kCurrencyCode;
    e.currency = static_cast<std::uint8_t>(i < kCurrencies.size() ? i : 6);  // RMB is CNY
  }
  for (const auto& m : kMonths) {
    LexEntry& e = t->at(m.word);
    e.flags |= kMonth;
    e.month = static_cast<std::uint8_t>(m.value);
  }
  for (const auto& m : kMonthAbbrs) {
    LexEntry& e = t->at(m.word);
    e.flags |= kMonthAbbr;
    e.month = static_cast<std::uint8_t>(m.value);
  }
  for (const auto& d : kWeekdays) {
    LexEntry& e = t->at(d.word);
    e.flags |= kWeekday;
    e.weekday = static_cast<std::uint8_t>(d.value);
  }
  return t;
}

const Table& table() {
  static const std::unique_ptr<Table> t = build();
  return *t;
}

const LexEntry kUnknown{};

}  // namespace

const LexEntry& lex_lookup(std::string_view lower) {
  const LexEntry* e = table().find(lower);
  return e != nullptr ? *e : kUnknown;
}

const LexEntry& lex_of(std::string_view word) {
  const std::size_t n = word.size();
  if (n > 32) return kUnknown;
  // The word, zero after its end (for find_padded), in words of eight bytes read with fixed-size
  // loads that stay inside the word: a call to memcpy with a variable size and the zeroing of
  // a buffer cost more than the rest of the lookup.
  static_assert(std::endian::native == std::endian::little, "the tail is assembled by shifts");
  std::uint64_t buf[4] = {};
  const char* p = word.data();
  const std::size_t whole = n / 8, rest = n % 8;
  for (std::size_t k = 0; k < whole; ++k) std::memcpy(&buf[k], p + 8 * k, 8);
  if (rest != 0) {
    std::uint64_t tail = 0;
    if (n >= 8) {
      std::memcpy(&tail, p + n - 8, 8);  // the last eight bytes; keep the `rest` last ones
      tail >>= 8 * (8 - rest);
    } else if (n >= 4) {
      std::uint32_t lo = 0, hi = 0;  // overlapping: the shared bytes are OR-ed with themselves
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      tail = lo | (static_cast<std::uint64_t>(hi) << (8 * (n - 4)));
    } else {
      tail = static_cast<unsigned char>(p[0]) |
             (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << (8 * (n / 2))) |
             (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1)));
    }
    buf[whole] = tail;
  }
  // ASCII lowercase eight bytes at a time: 0x20 is added to the bytes 'A'..'Z' and to no other
  // (bytes >= 0x80 are masked out, so no carry crosses a byte).
  constexpr std::uint64_t kHigh = 0x8080808080808080ull, kLow7 = 0x7F7F7F7F7F7F7F7Full;
  for (std::size_t k = 0; k * 8 < n; ++k) {
    const std::uint64_t x = buf[k];
    const std::uint64_t low = x & kLow7;
    const std::uint64_t at_least_a = low + 0x3F3F3F3F3F3F3F3Full;  // bytes >= 'A'
    const std::uint64_t above_z = low + 0x2525252525252525ull;     // bytes > 'Z'
    const std::uint64_t upper = at_least_a & ~above_z & ~x & kHigh;
    buf[k] = x | (upper >> 2);
  }
  const LexEntry* e = table().find_padded(buf, n);
  return e != nullptr ? *e : kUnknown;
}

std::string_view currency_code(unsigned index) {
  return index < kCurrencies.size() ? kCurrencies[index] : std::string_view();
}

}  // namespace verity::extract
