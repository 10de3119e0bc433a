"""Deterministic news prose for the sample site, and the seed article read from seed-page.txt.

Everything here is a pure function of a ``random.Random``: the same seed gives the same titles,
paragraphs, bios and comments, and each post draws from its own generator so adding posts never
changes the text of existing ones. Companies and people are fictional; places and institutions
are generic so the prose reads like business news without quoting anyone real.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

SITE_NAME = "MegaloPreneur"
SITE_TAGLINE = "Business, startups and the world economy"

CATEGORIES = [
    "World",
    "Business",
    "Economy",
    "Technology",
    "Startups",
    "Finance",
    "Markets",
    "Leadership",
]

TAGS = [
    "India",
    "Russia",
    "North Korea",
    "Quad",
    "United Nations",
    "G20",
    "Artificial Intelligence",
    "Funding",
    "IPO",
    "Inflation",
    "Interest Rates",
    "Supply Chain",
    "Electric Vehicles",
    "Fintech",
    "Venture Capital",
    "E-commerce",
    "Climate",
    "Semiconductors",
    "Trade",
    "Remote Work",
]

AUTHORS = [
    (
        "Aditi Sharma",
        "Aditi covers diplomacy and the global economy from New Delhi. She previously reported "
        "on trade policy for a financial daily.",
    ),
    (
        "Rahul Mehta",
        "Rahul writes about startups, venture capital and the people who build companies in "
        "South Asia.",
    ),
    (
        "Sarah Collins",
        "Sarah follows markets and monetary policy, with a soft spot for bond yields and "
        "central bank minutes.",
    ),
    (
        "Vikram Nair",
        "Vikram reports on technology, semiconductors and the software industry from Bengaluru.",
    ),
    (
        "Meera Iyer",
        "Meera writes about leadership, workplaces and how organisations change under pressure.",
    ),
]

SEED_TITLE = "India Joins Quad Nations in Message to Russia Over Arms Deals with North Korea"
SEED_SLUG = "india-quad-message-russia-north-korea-arms-deals"
SEED_AUTHOR = "Aditi Sharma"
SEED_CATEGORIES = ["World"]
SEED_TAGS = ["India", "Russia", "North Korea", "Quad", "United Nations"]

_COMPANIES = [
    "Northwind Capital",
    "Helios Motors",
    "Arclight Systems",
    "Bluepeak Logistics",
    "Kestrel Pharma",
    "Vantara Foods",
    "Orbitline Telecom",
    "Saffron Robotics",
    "Tidewater Energy",
    "Lumen Retail",
    "Granite Steelworks",
    "Cobalt Health",
    "Meridian Payments",
    "Quillstone Media",
    "Everfield Agritech",
    "Skyforge Aerospace",
    "Harbor Freight Lines",
    "Pinnacle Insurance",
    "Nimbus Cloud",
    "Redwood Semiconductors",
]
_INSTITUTIONS = [
    "the central bank",
    "the finance ministry",
    "the commerce ministry",
    "the securities regulator",
    "the World Bank",
    "the International Monetary Fund",
    "the European Commission",
    "the competition authority",
    "the statistics office",
    "a parliamentary committee",
]
_PLACES = [
    "India",
    "Japan",
    "Australia",
    "Singapore",
    "Indonesia",
    "Vietnam",
    "Germany",
    "Brazil",
    "Kenya",
    "the United Arab Emirates",
    "South Korea",
    "Mexico",
    "Canada",
    "the United Kingdom",
    "France",
    "Nigeria",
]
_CITIES = [
    "Mumbai",
    "New Delhi",
    "Bengaluru",
    "Tokyo",
    "Sydney",
    "Singapore",
    "Frankfurt",
    "London",
    "Dubai",
    "Jakarta",
    "Nairobi",
    "São Paulo",
    "Toronto",
    "Seoul",
    "Hyderabad",
    "Chennai",
]
_FIRST_NAMES = [
    "Anika",
    "Daniel",
    "Priya",
    "Tomás",
    "Hiroshi",
    "Leila",
    "Marcus",
    "Nandini",
    "Oliver",
    "Rohan",
    "Sofia",
    "Kwame",
    "Isabel",
    "Arjun",
    "Mei",
    "Farah",
]
_LAST_NAMES = [
    "Kapoor",
    "Fischer",
    "Raman",
    "Okafor",
    "Tanaka",
    "Haddad",
    "Brennan",
    "Desai",
    "Lindqvist",
    "Moreau",
    "Banerjee",
    "Alvarez",
    "Chen",
    "Mensah",
    "Rao",
    "Whitfield",
]
_ROLES = [
    "chief executive",
    "chief financial officer",
    "head of research",
    "managing director",
    "senior economist",
    "founder",
    "portfolio manager",
    "policy director",
    "chief operating officer",
    "head of strategy",
]
_SECTORS = [
    "renewable energy",
    "logistics",
    "consumer lending",
    "semiconductor",
    "pharmaceutical",
    "agritech",
    "electric vehicle",
    "cloud software",
    "retail",
    "telecom",
    "insurance",
    "steel",
    "aviation",
    "food processing",
]
_METRICS = [
    "revenue",
    "operating margins",
    "export orders",
    "loan growth",
    "factory output",
    "hiring",
    "capital spending",
    "consumer demand",
    "freight volumes",
    "subscriber numbers",
]
_DRIVERS = [
    "stronger demand in smaller cities",
    "lower input costs",
    "a recovery in exports",
    "new government incentives",
    "easing supply bottlenecks",
    "higher prices for raw materials",
    "a weaker currency",
    "tighter credit conditions",
    "a surge in digital payments",
    "cautious household spending",
]
_CHALLENGES = [
    "rising borrowing costs",
    "stiffer competition from overseas rivals",
    "a shortage of skilled engineers",
    "volatile commodity prices",
    "new data protection rules",
    "slowing demand in Europe",
    "delays in regulatory approvals",
    "pressure from activist shareholders",
    "a sharp fall in venture funding",
    "disruptions to shipping routes",
]
_PERIODS = ["two quarters", "financial year", "three years", "eighteen months", "decade"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_QUOTES = [
    "We are not chasing growth at any cost",
    "The fundamentals have not changed, but the timeline has",
    "Customers are more careful with every rupee they spend",
    "This is a long game and we intend to stay in it",
    "Nobody expected the turnaround to be this quick",
    "Regulation is finally catching up with the technology",
    "The next twelve months will separate the serious players from the rest",
    "We see this as an opportunity rather than a threat",
    "Our balance sheet gives us room to be patient",
    "The numbers tell only part of the story",
]

# Each sentence's fixed words are varied by its [one|other] groups, drawn per sentence: with the
# words of 28 templates fixed, three quarters of every post's 3-word shingles were shared by
# thousands of other posts, unrelated posts' SimHashes differed by 25.5 bits on average instead
# of ~32, and 676 pairs of a 20,000-post site's distinct stories fell within the near-duplicate
# distance (8 bits), linked as copies in an order that changed with every crawl.
_SENTENCES = [
    "{company} [said|announced|told investors|confirmed] on {weekday} that it [expects|forecasts|"
    "projects|is counting on] {metric} to [rise|climb|grow|increase] by [about|roughly|nearly|"
    "close to] {pct} percent [over|during|across|within] the [next|coming|following] {period}, "
    "[citing|pointing to|crediting|on the back of] {driver}.",
    "[Analysts|Researchers|Strategists|Economists] at {company2} [said|noted|wrote|argued that] "
    "{sector} [companies|firms|groups|businesses] in {place} have been [under pressure|"
    "struggling|squeezed|on the back foot] since {month}, [largely|mostly|chiefly|in part] "
    "[because of|due to|owing to] {challenge}.",
    "“{quote},” {person}, {role} at {company}, [told reporters|said|told analysts|said at a "
    "briefing] in {city}.",
    "The [announcement|decision|move|news] [comes|arrives|lands] as the {sector} [industry|"
    "business|trade] [faces|grapples with|contends with|confronts] {challenge} [across|"
    "throughout|in] {place} and [neighbouring|nearby|adjacent|regional] markets.",
    "[According to|Going by|Based on] figures [released|published|issued] by {institution}, "
    "{metric} [grew|rose|expanded|climbed] {pct} percent in {month}, the [fastest|quickest|"
    "strongest] [pace|rate|gain] in {years} years.",
    "{person}, who has [followed|covered|tracked|watched] the {sector} sector for [more than|"
    "over|well over] a decade, [said|noted|argued] the [figures|numbers|data] [pointed to|"
    "reflected|suggested] {driver}.",
    "[Shares|Stock] of {company} [rose|climbed|gained|jumped] {small} percent in [early|morning|"
    "opening] trade [before paring|then gave up|before trimming] [gains|some of the gain|the "
    "advance] [later in the session|by the close|in the afternoon].",
    "The [company|group|firm] [plans|intends|aims] to invest {money} in {place} [over|during] "
    "the [next|coming] {period}, [adding|creating|bringing] [roughly|about|around|some] {jobs} "
    "jobs.",
    "[Officials|A spokesperson|Representatives] at {institution} [declined to comment on|would "
    "not discuss|did not address] the [details|specifics|particulars] but said a [review|study|"
    "consultation] was [under way|in progress|planned].",
    "[Industry|Sector|Trade] [executives|leaders|bosses] have [long|repeatedly|often] "
    "[argued|complained|said] that {challenge} makes it [hard|difficult|risky] to [plan|invest|"
    "commit] beyond a single year.",
    "In {city}, [smaller|independent|local] [suppliers|traders|manufacturers|retailers] said "
    "they were [already|now|increasingly] [seeing|feeling|noticing] the [effects|impact|"
    "consequences] of {driver}.",
    "{company} did not [disclose|reveal|give] the [terms|value|price] of the [agreement|deal|"
    "transaction], which is [expected|due|set] to [close|complete|conclude] by {month}.",
    "The [deal|acquisition|purchase] would give {company} a [foothold|presence|stronger "
    "position] in the {sector} market in {place}, where demand has been [growing|rising|"
    "expanding] [steadily|quickly|for years].",
    "[Critics|Opponents|Sceptics], including {person}, [warned|argued|said] that the [plan|"
    "proposal|strategy] does [little|not enough|too little] to [address|tackle|solve] "
    "{challenge}.",
    "[Last year|In the previous year|A year earlier], {company2} [posted|reported|recorded] "
    "{metric} of {money}, [up|higher] from the [year before|previous year|prior period].",
    "{institution_cap} is [expected|due|scheduled] to [publish|issue|release] [fresh|new|"
    "updated] [guidance|rules|advice] on the [issue|matter|question] before {month}.",
    "[Several|Many|A number of] founders in {city} said [investors|backers|funds] had become "
    "[far|much|noticeably] more [selective|cautious|demanding] about which {sector} "
    "[start-ups|young companies|ventures] they [back|fund|support].",
    "The [shift|change|trend] [reflects|mirrors|follows] {driver}, {person} said, [adding|noting|"
    "warning] that [the trend|it|the pattern] could [last|persist|continue] for {period2}.",
    "For now, {company} [says|insists|maintains] it will [focus|concentrate] on its [core|main|"
    "existing] {sector} business and keep costs [under control|in check|tight].",
    "[Economists|Forecasters|Analysts] [expect|predict|reckon] {metric} to [stay subdued|remain "
    "weak|stay flat] [until|unless|before] {challenge} [eases|fades|abates].",
    "A [spokesperson|spokeswoman|spokesman|representative] for {company2} said the [firm|"
    "company|group] [remained|was still|stayed] [committed to|focused on|confident in] its "
    "plans in {place}.",
    "The [move|decision|change] was [welcomed|praised|applauded] by [trade bodies|industry "
    "groups|business associations] in {place}, which have [lobbied|pushed|campaigned] for "
    "[clearer|simpler|stable] rules [for years|for some time|for a decade].",
    "[Data|Figures|Numbers] from {institution} [showed|indicated|revealed] that {metric} in the "
    "{sector} sector [fell|dropped|slipped|declined] {small} percent in {month}.",
    "{person} said the [company|group|firm] would [revisit|review|reconsider] its [targets|"
    "forecasts|plans] after the {month} quarter.",
    "[Smaller|Weaker|Younger] rivals [may|could|might] [struggle|find it hard] to [match|keep "
    "up with|follow] the [investment|spending|outlay], [analysts|observers|bankers] said, "
    "[given|because of|in light of] {challenge}.",
    "The board of {company} [approved|backed|endorsed] the [proposal|plan|deal] at a [meeting|"
    "session] in {city} on {weekday}.",
    "[Still|Even so|Nonetheless], many in the [industry|sector|market] [remain|stay|are] "
    "[cautious|wary|unconvinced], pointing to {challenge} as the [biggest|main|greatest] "
    "[risk|threat|worry].",
    "The [partnership|tie-up|alliance] with {company2} is the [latest|newest|most recent] in a "
    "[string|series|run] of [tie-ups|deals|agreements] in the {sector} [space|market|industry].",
]
# A [one|other] group of a sentence template: one of its words or phrases, drawn per sentence.
_ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")

_TITLES = [
    "{company} Bets {money} on {sector_cap} Expansion in {place}",
    "{place} Tightens Rules for {sector_cap} Firms as {challenge_cap} Bites",
    "Why Investors Are Watching {place}'s {sector_cap} Sector Closely",
    "{company} and {company2} Agree {sector_cap} Partnership",
    "{metric_cap} Jumps {pct}% in {month} as {driver_cap} Lifts Demand",
    "{company} Names New {role_cap} After Strong {month} Quarter",
    "{sector_cap} Start-ups in {city} Face a Tougher Funding Climate",
    "{company} Shares Climb After Upbeat {metric_cap} Outlook",
    "What {challenge_cap} Means for {sector_cap} Companies in {place}",
    "{company} Plans {jobs} Jobs in {city} Over the Next {period_cap}",
    "Lessons From {company}'s Turnaround in {place}",
    "{place} Courts {sector_cap} Investment with New Incentives",
]

_SUBTITLES = [
    "{company} expects {metric} to improve as {driver} takes hold",
    "Executives in {city} weigh {challenge} against growth plans",
    "The {sector} sector in {place} enters a new phase",
    "{person} explains what the numbers mean for investors",
]

_COMMENTS = [
    "Great analysis. I would love to see a follow-up on how this affects smaller firms.",
    "This matches what we are seeing on the ground in {city}.",
    "Interesting read, though I think the risks from {challenge} are understated.",
    "Thanks for explaining this so clearly.",
    "Does anyone know when the full report from {institution} will be published?",
    "We have been waiting for this for years. Better late than never.",
]


@dataclass(frozen=True)
class SeedArticle:
    """The real article the project started from, as parsed from seed-page.txt."""

    title: str
    subtitle: str
    paragraphs: list[str]


def slugify(text: str) -> str:
    """WordPress-like slug: lower case ASCII words joined by hyphens."""
    text = text.replace("'", "").replace("’", "")  # "Kestrel's" -> "kestrels", as WordPress
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_seed_page(text: str) -> SeedArticle:
    """Title, subtitle and paragraphs of the seed page, without its chrome lines.

    The file holds the page as a reader saw it: ``#`` comments, the header date line, a
    "Latest Posts" heading, the article, then a second "Latest Posts" where the sidebar begins.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    date_line = re.compile(r"^[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}$")
    content: list[str] = []
    seen_latest = False
    for line in lines:
        if line == "Latest Posts":
            if seen_latest:
                break
            seen_latest = True
            continue
        if date_line.match(line):
            continue
        content.append(line)
    return SeedArticle(title=content[0], subtitle=content[1], paragraphs=content[2:])


def read_seed_article() -> SeedArticle:
    """The seed article bundled with the package."""
    text = resources.files(__package__).joinpath("seed-page.txt").read_text(encoding="utf-8")
    return parse_seed_page(text)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


_DRAWS = {
    "company": lambda rng: rng.choice(_COMPANIES),
    "institution": lambda rng: rng.choice(_INSTITUTIONS),
    "place": lambda rng: rng.choice(_PLACES),
    "city": lambda rng: rng.choice(_CITIES),
    "person": _person,
    "role": lambda rng: rng.choice(_ROLES),
    "sector": lambda rng: rng.choice(_SECTORS),
    "metric": lambda rng: rng.choice(_METRICS),
    "driver": lambda rng: rng.choice(_DRIVERS),
    "challenge": lambda rng: rng.choice(_CHALLENGES),
    "period": lambda rng: rng.choice(_PERIODS),
    "period2": lambda rng: rng.choice(["several months", "at least a year", "the decade"]),
    "weekday": lambda rng: rng.choice(_WEEKDAYS),
    "month": lambda rng: rng.choice(_MONTHS),
    "quote": lambda rng: rng.choice(_QUOTES),
    "pct": lambda rng: str(rng.randint(3, 38)),
    "small": lambda rng: f"{rng.randint(1, 9)}.{rng.randint(0, 9)}",
    "years": lambda rng: str(rng.randint(3, 15)),
    "money": lambda rng: (
        rng.choice(["$", "₹", "€"])
        + f"{rng.randint(2, 950)} {rng.choice(['million', 'crore', 'billion'])}"
    ),
    "jobs": lambda rng: f"{rng.randint(2, 40) * 50:,}",
}


class _Slots(dict):
    """Template values drawn only when a template asks for them (drawing all is slow).

    Values already present (the story's main company, sector and place) are shared by every
    sentence of a post so that a story stays about one subject.
    """

    def __init__(self, rng: random.Random, story: dict[str, str] | None = None) -> None:
        super().__init__(story or {})
        self.rng = rng

    def __missing__(self, key: str) -> str:
        if key == "institution_cap":  # sentence start: capitalise only the first letter
            base = self["institution"]
            value = base[0].upper() + base[1:]
        elif key.endswith("_cap"):
            value = _title_case(self[key.removesuffix("_cap")])
        elif key == "company2":  # a second company must differ from the first
            value = self.rng.choice([c for c in _COMPANIES if c != self["company"]])
        else:
            value = _DRAWS[key](self.rng)
        self[key] = value
        return value


def _story(rng: random.Random) -> dict[str, str]:
    """The subject of one post: every sentence mentions the same main company, sector, place."""
    return {
        "company": rng.choice(_COMPANIES),
        "sector": rng.choice(_SECTORS),
        "place": rng.choice(_PLACES),
    }


def _title_case(text: str) -> str:
    small = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}
    words = text.split()
    return " ".join(
        word if (i and word in small) else word[0].upper() + word[1:]
        for i, word in enumerate(words)
    )


@dataclass(frozen=True)
class Story:
    """The generated text of one post."""

    title: str
    subtitle: str
    paragraphs: list[str]


def wording_of(rng: random.Random) -> random.Random:
    """The generator of a text's [one|other] choices, made from ``rng``'s state without drawing
    from it."""
    return random.Random(repr(rng.getstate()[1][:4]))


def _sentence(
    rng: random.Random, story: dict[str, str] | None, wording: random.Random
) -> tuple[str, str]:
    """A sentence as drawn (each [one|other] group's first words) and as printed (the words
    ``wording`` chose). Only the drawn one reads ``rng``: a post's other draws (its length, its
    author, categories, tags, dates) are what they were before the words varied."""
    template, slots = rng.choice(_SENTENCES), _Slots(rng, story)
    drawn = _ALTERNATIVES.sub(lambda group: group[1].split("|")[0], template).format_map(slots)
    printed = _ALTERNATIVES.sub(lambda group: wording.choice(group[1].split("|")), template)
    return drawn, printed.format_map(slots)


def make_sentence(rng: random.Random, story: dict[str, str] | None = None) -> str:
    return _sentence(rng, story, wording_of(rng))[1]


def make_story(rng: random.Random) -> Story:
    """A title, a subtitle and 4 to 10 paragraphs totalling roughly 300 to 700 words."""
    story = _story(rng)
    title = rng.choice(_TITLES).format_map(_Slots(rng, story))
    subtitle = rng.choice(_SUBTITLES).format_map(_Slots(rng, story))
    count = rng.randint(4, 10)
    per_paragraph = rng.randint(300, 600) // count
    used: set[str] = set()
    wording = wording_of(rng)
    paragraphs = []
    for _ in range(count):
        sentences: list[str] = []
        words = 0
        while words < per_paragraph:
            drawn, sentence = _sentence(rng, story, wording)
            if drawn in used:  # a repeated sentence reads like a generator, not a reporter
                continue
            used.add(drawn)
            sentences.append(sentence)
            words += drawn.count(" ") + 1
        paragraphs.append(" ".join(sentences))
    return Story(title=title, subtitle=subtitle, paragraphs=paragraphs)


def make_update_paragraph(rng: random.Random, when_text: str) -> str:
    """The paragraph an editor appends when updating a story."""
    return f"Update ({when_text}): {make_sentence(rng)} {make_sentence(rng)}"


def make_comment(rng: random.Random) -> tuple[str, str]:
    """(commenter name, comment text)."""
    return _person(rng), rng.choice(_COMMENTS).format_map(_Slots(rng))


def edit_one_sentence(paragraphs: list[str], rng: random.Random) -> list[str]:
    """A near-duplicate body, as a correction makes one: a sentence cut after its first clause
    and one word changed elsewhere. (A whole sentence replaced by a new one took 13% of 1,500
    generated posts past the near-duplicate distance of 8 bits once their sentences' words
    varied; this cut, 1.5%.)"""
    edited = list(paragraphs)
    target = rng.randrange(len(edited))
    sentences = edited[target].split(". ")
    cut = rng.randrange(len(sentences))
    sentences[cut] = sentences[cut].partition(", ")[0]
    edited[target] = ". ".join(sentences)
    other = (target + 1) % len(edited)
    edited[other] = edited[other].replace(" said ", " stated ", 1).replace(" the ", " this ", 1)
    return edited


# Posts of other kinds (``SampleSite.generate(formats=True)``): a Japanese article, as a
# multilingual business blog publishes now and then (474 characters of Japanese are five
# whitespace-separated "words"), and captions of image-format posts, whose caption is all the text.
JAPANESE_STORIES = [
    (
        "yen-exporters-quarterly-results",
        Story(
            title="円安で輸出企業の決算が上振れ、中小の部品メーカーには重い負担",
            subtitle="",
            paragraphs=[
                "円相場が一ドル百五十円台で推移するなか、自動車や電子部品の大手輸出企業の四半期決算は軒並み市場予想を上回った。海外売上高を円に換算した際の押し上げ効果が大きく、複数の企業が通期の業績見通しを引き上げた。",
                "一方で、原材料の多くを輸入に頼る中小の部品メーカーでは、仕入れ価格の上昇が利益を圧迫している。大阪府内のある金属加工会社の社長は「取引先に値上げを求めても、認められるのは半分ほどだ」と話す。",
                "民間の調査機関によると、今年に入ってから価格転嫁が十分にできていないと答えた中小企業は全体の六割を超えた。政府は下請け取引の適正化に向けた指導を強める方針を示しているが、効果が表れるまでには時間がかかるとの見方が多い。",
                "市場関係者の間では、日本銀行が金融政策の正常化をどの程度の速さで進めるかに注目が集まっている。金利差が縮まれば円高方向への揺り戻しも予想され、企業は為替の変動に備えた対応を迫られそうだ。",
            ],
        ),
    ),
    (
        "startup-funding-regional-cities",
        Story(
            title="地方都市でスタートアップへの投資が拡大、大学発の技術に資金集まる",
            subtitle="",
            paragraphs=[
                "東京以外の地域に拠点を置くスタートアップへの投資額が、昨年度は過去最高を記録した。特に大学の研究成果をもとにした素材や医療機器の分野で、大型の資金調達が相次いでいる。",
                "福岡市では、市が運営する創業支援施設の入居企業が三年間で倍増した。施設の担当者は「生活費やオフィスの賃料が安く、優秀な人材を確保しやすいことが強みになっている」と説明する。",
                "ただ、事業が成長段階に入ると、追加の資金や経験のある経営人材を求めて東京へ移転する企業も少なくない。地方の金融機関と自治体が共同で新たなファンドを設ける動きも広がっており、地域に根付いた成長をどう支えるかが課題となっている。",
            ],
        ),
    ),
]
PHOTO_CAPTIONS = [
    "Container cranes at the Jawaharlal Nehru Port at dawn, the morning the new berth opened to shipping lines.",
    "Traders on the floor of the commodities exchange watch the opening prices of cotton futures.",
    "Workers assemble solar panels on the night shift at a factory outside Chennai.",
]
