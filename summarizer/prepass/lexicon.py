"""Word lists the pre-pass rules use. Lower case unless noted; lemmas where the rule compares lemmas."""

from __future__ import annotations

# Reporting verbs (lemmas). "show"/"indicate"/"find" count only with a document as subject.
REPORTING_VERBS = frozenset(
    """say tell announce confirm deny state add write report explain warn claim note insist acknowledge reveal
    declare describe argue suggest estimate predict allege assert maintain stress emphasise emphasize caution
    comment remark reply respond answer testify disclose admit concede contend observe point_out brief inform
    assure promise pledge vow threaten accuse blame urge call predict forecast quote cite post tweet publish
    dismiss reject refute rebut counter recall recount assess conclude believe think charge issue dispute complain""".split()
)
DOCUMENT_ONLY_VERBS = frozenset({"show", "indicate", "find", "say", "state", "conclude", "note", "suggest"})
# Verbs that only count with a speaker-like subject (they are too common otherwise).
WEAK_REPORTING = frozenset({"call", "believe", "think", "add", "note", "post", "publish", "quote", "cite", "counter"})
# Verbs that report only with a document as object: "issued a statement", "released a report".
OBJECT_REPORTING = frozenset({"issue", "release", "publish", "post"})

# Titles that make a named person an official (government, armed group or company officer).
OFFICIAL_TITLES = frozenset(
    """minister spokesman spokeswoman spokesperson president secretary ambassador official general senator
    envoy governor mayor chancellor premier king queen prince emir sheikh commander colonel lieutenant
    lieutenant-colonel major captain admiral marshal chief director deputy undersecretary under-secretary
    representative congressman congresswoman lawmaker legislator mp commissioner diplomat negotiator
    adviser advisor aide attorney prosecutor judge chairman chairwoman chair ceo executive officer head
    leader founder partner manager dean superintendent sergeant coordinator administrator counsel
    ombudsman attaché attache consul delegate mediator treasurer comptroller vice-president""".split()
)
# Titles of a head of state or government: the person acts for the state ("President of Egypt Abdel Fattah El-Sisi",
# "South Sudanese President Salva Kiir"; LABELLING.md: a government named by its leader is the state's party).
HEAD_TITLES = ("president", "prime minister", "premier", "chancellor", "king", "queen", "emir", "crown prince",
               "supreme leader", "sultan")
# Titles followed by "of" and a portfolio ("Secretary of Defense", "Minister of Energy"): the portfolio is no party.
PORTFOLIO_TITLES = frozenset({"secretary", "minister", "undersecretary", "under-secretary"})
# The portfolios such a title names, longest first when matched ("Secretary of Defense Jim Mattis" tagged as one
# organisation: the portfolio is dropped and the person kept).
PORTFOLIOS = tuple(sorted((p.strip() for p in
    """defense|defence|state|energy|homeland security|commerce|treasury|the treasury|agriculture|labor|labour|
    transportation|health and human services|health|housing and urban development|the interior|interior|
    veterans affairs|education|war|the navy|the army|the air force|foreign affairs|home affairs|finance|trade|
    justice|the environment|environment|economy|industry""".split("|")), key=lambda p: -len(p)))
EXPERT_TITLES = frozenset(
    """analyst professor researcher expert fellow economist scholar lecturer strategist academic scientist
    historian specialist consultant""".split()
)
# Words that qualify a title ("Principal Deputy Assistant Attorney General"): a title's words, never a name.
TITLE_QUALIFIERS = frozenset(
    """prime managing senior deputy vice acting chief executive general principal lead top assistant associate special
    former interim first second foreign-policy press""".split()
)
MEDIA_TITLES = frozenset(
    """journalist reporter correspondent editor columnist writer commentator broadcaster photographer
    anchor""".split()
)
# Words in a speaker phrase that mark an unnamed source.
ANONYMOUS_HEADS = frozenset(
    """official officials source sources diplomat diplomats analyst analysts expert experts people person
    trader traders resident residents witness witnesses observer observers insider insiders aide aides
    lawmaker lawmakers executive executives banker bankers person persons individual individuals
    spokesperson spokesman spokeswoman employee employees worker workers member members officer officers
    commander commanders authority authorities investor investors dealer dealers broker brokers
    negotiator negotiators economist economists activist activists campaigner campaigners villager
    villagers survivor survivors relative relatives doctor doctors medic medics minister ministers
    leader leaders delegate delegates speaker speakers participant participants adviser advisers advisor advisors""".split()
)
# Unnamed collectives that speak on record as a body: "Wealthy nations say", "Western governments have said".
COLLECTIVE_HEADS = frozenset(
    """nations governments groups unions organizations organisations""".split()
)
# Head nouns of documents (a source that is a text).
DOCUMENT_NOUNS = frozenset(
    """statement report resolution filing release readout sheet document documents draft assessment
    decision memo memorandum letter communique communiqué declaration study analysis data figures text
    record records paperwork papers transcript notice order ruling judgment judgement bulletin dossier
    cable email emails minutes agreement contract survey estimate estimates tally review audit
    reports complaint lawsuit indictment petition""".split()
)
# News outlets (matched on the folded name, a leading "the" dropped).
NEWS_OUTLETS = frozenset(
    """associated press|ap|reuters|afp|agence france-presse|agence france presse|new york times|
    the new york times|nyt|bbc|bbc news|bloomberg|bloomberg news|wall street journal|wsj|cnn|al jazeera|
    tass|xinhua|yonhap|kcna|korean central news agency|ria novosti|ria|interfax|sputnik|rt|
    washington post|financial times|ft|guardian|the guardian|times|the times|economist|the economist|
    politico|axios|nbc|nbc news|abc|abc news|cbs|cbs news|fox news|npr|voa|voice of america|
    deutsche welle|dw|france 24|le monde|der spiegel|spiegel|nikkei|kyodo|kyodo news|anadolu|
    anadolu agency|irna|fars|tasnim|press tv|yonhap news agency|pti|press trust of india|efe|ansa|dpa|
    cnbc|sky news|telegraph|the telegraph|independent|the independent|daily mail|usa today|
    los angeles times|la times|times of india|haaretz|jerusalem post|times of israel|
    south china morning post|scmp|global times|people's daily|china daily|cctv|nhk|arab news|
    al arabiya|kyiv independent|ukrainska pravda|meduza|kommersant|izvestia|vedomosti|novaya gazeta|
    new yorker|time|newsweek|vice|vox|the hill|the atlantic|forbes|fortune|business insider|insider|
    semafor|the information|the intercept|propublica|wikinews|state media|state television|
    state tv|the newspaper|the agency|the news agency|the broadcaster""".replace("\n", "").split("|")
)
MEDIA_WORDS = frozenset({"newspaper", "news", "agency", "broadcaster", "television", "tv", "daily", "radio",
                         "magazine", "outlet", "wire", "channel", "network", "media", "paper", "tabloid"})

# Party kinds.
ORGANIZATIONS = frozenset(
    """un|united nations|nato|eu|european union|iaea|who|world health organization|imf|
    international monetary fund|world bank|opec|opec+|asean|african union|au|gulf cooperation council|gcc|
    wto|world trade organization|red cross|icrc|international committee of the red cross|osce|
    organization for security and co-operation in europe|g7|g20|brics|un security council|
    security council|unicef|unhcr|wfp|world food programme|world food program|fao|
    international criminal court|icc|interpol|arab league|ecowas|sadc|mercosur|oecd|oas|
    organization of american states|commonwealth|csto|sco|shanghai cooperation organisation|
    eurasian economic union|amnesty international|human rights watch|msf|doctors without borders|
    international atomic energy agency|un general assembly|general assembly|igad|eac|
    east african community|african development bank|asian development bank|ifc|unesco|ilo|
    international energy agency|iea|un human rights council|human rights council|unrwa|ocha|
    monusco|unifil|minusma|european central bank|ecb""".replace("\n", "").split("|")
)
ARMED_GROUPS = frozenset(
    """hamas|hezbollah|hizbollah|m23|taliban|houthis|houthi|ansar allah|ansarallah|isis|isil|islamic state|
    al-shabaab|al shabaab|boko haram|farc|eln|pkk|ypg|sdf|syrian democratic forces|hts|
    hayat tahrir al-sham|al-qaeda|al qaeda|aqap|wagner|wagner group|rsf|rapid support forces|
    islamic jihad|palestinian islamic jihad|jnim|adf|allied democratic forces|codeco|
    kachin independence army|kia|arakan army|ta'ang national liberation army|tnla|
    mndaa|myanmar national democratic alliance army|pdf|people's defence force|tplf|
    tigray people's liberation front|fano|polisario|polisario front|lra|lord's resistance army|
    janjaweed|kurdish workers' party|free syrian army|fsa|al-nusra|nusra front|ira|eta|
    shining path|sendero luminoso|clan del golfo|gulf clan|tren de aragua|sinaloa cartel|
    jalisco cartel|cjng""".replace("\n", "").split("|")
)
ARMED_CONTEXT = frozenset(
    """rebel rebels militia militias insurgent insurgents insurgency guerrilla guerrillas militant militants
    jihadist jihadists paramilitary paramilitaries fighters faction gang gangs cartel""".split()
)
COMPANY_SUFFIXES = frozenset(
    """inc inc. corp corp. corporation ltd ltd. llc plc ag sa s.a. gmbh co co. company holdings holding nv
    n.v. bv asa se spa s.p.a. lp llp oyj ab kk pjsc ojsc jsc pte""".split()
)
COMPANY_NAME_WORDS = frozenset(
    """energie energy robotics capital gas oil petroleum petrochemical petrochemicals airlines airways
    motors bank industries technologies technology systems sensors securities group partners
    pharmaceuticals pharma mining minerals metals steel shipping logistics telecom telecommunications
    semiconductor semiconductors electronics foods chemicals aerospace defence defense ventures
    investments resources power utilities""".split()
)
COMPANY_CONTEXT = frozenset(
    """company companies firm firms maker makers utility producer producers manufacturer manufacturers lender
    bank carrier insurer operator conglomerate giant retailer developer start-up startup supplier exporter
    importer miner shipper contractor fund investor airline automaker chipmaker refiner consultancy
    brokerage subsidiary unit rival rivals buyer seller acquirer group shareholder""".split()
)
GOVERNMENT_WORDS = frozenset(
    """ministry department office council commission agency treasury pentagon kremlin parliament senate congress
    cabinet duma knesset bureau directorate committee headquarters service guard forces army navy
    police gendarmerie government administration presidency secretariat authority inspectorate
    command court assembly legislature mission embassy consulate""".split()
)
# Lemmas whose ORG subject marks a company.
COMPANY_VERBS = frozenset({"buy", "sell", "acquire", "purchase", "merge", "invest", "list", "trade", "float"})

STATE_AUTHORITY_WORDS = frozenset({"authorities", "government", "regime", "leadership", "administration"})

MONTHS = frozenset(
    """january february march april may june july august september october november december jan feb mar apr
    jun jul aug sep sept oct nov dec""".split()
)
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split())
NON_PARTY = frozenset(
    """more for you covid covid-19 coronavirus telegram twitter x facebook youtube whatsapp instagram tiktok
    brent lng lpg gdp cpi""".split()
)
# A name ending in one of these names a law, a notice or a deal's document, not a party ("Controlled Substances
# Act", "INTERPOL Red Notice", "the MOU"); one beginning with "Operation" names a military operation.
DOCUMENT_HEADS = frozenset("act notice mou memorandum agreement accord treaty protocol convention".split())
OPERATION_WORDS = frozenset({"operation"})
# Bodies of the U.S. federal government that articles name without the state ("the Department of Defense").
US_BODIES = frozenset(
    """department of defense|dod|pentagon|department of state|state department|department of the treasury|treasury
    department|u.s. treasury|department of commerce|commerce department|department of energy|energy department|
    department of homeland security|department of justice|justice department|department of agriculture|
    department of war|office of foreign assets control|ofac|u.s. army|u.s. navy|u.s. air force|
    u.s. military|defense security cooperation agency|dsca|biden administration|trump administration|
    obama administration|white house""".replace("\n", "").split("|")
)
