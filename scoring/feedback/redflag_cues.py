"""Phrases that signal a shared red flag (questionbank/bank/red_flags.yaml) in a written answer.

Each pattern matches one sentence (its white space collapsed to single spaces, so a line wrap inside a
phrase does not hide it). They are deliberately specific: a red flag shown to a candidate must
point at a sentence that really says it, so a flag the text cannot show (asks no questions, does not know
the company) has no pattern and is left to the human reviewer.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _p(*patterns: str) -> list[re.Pattern[str]]:
    return [re.compile(p, _I) for p in patterns]


_PEOPLE = r"(?:boss|manager|managers|lead|company|employer|team|teammates?|colleagues?|co-?workers?|director|cto|ceo|management|leadership|org)"
_INSULT = r"(?:idiots?|stupid|incompetent|useless|clueless|morons?|lazy|a joke|a mess|toxic|terrible|awful|hopeless|dumb|a disaster|pathetic|garbage|worthless)"

CUES: dict[str, list[re.Pattern[str]]] = {
    "unrealistic-promises": _p(
        r"\bcan promise\b",
        r"\b100\s?%\s+of\b.{0,60}\b(?:will|removed|caught|detected|found)\b",
        r"\bbasically never (?:gets?|is|goes|makes?)\b.{0,30}\bwrong\b",
        r"\bguarantee[sd]?\b",
        r"\b(?:will|can|going to|guarantee\w*|promise\w*|get|reach|achieve)\b.{0,30}\b(?:100|99(?:\.\d+)?)\s?%\s*(?:accura|precis|recall|of the time|correct|sure|certain)",
        r"(?<!even a )\b(?:perfect|flawless|zero[- ]error|error[- ]free)\s+(?:accuracy|model|predictions?|results?)\b",
        r"\bwill (?:definitely|certainly|always|surely) (?:work|fix|solve|double|triple|improve|beat|increase)",
        r"\bnever (?:be wrong|make mistakes|miss|fail)\b",
        r"\b(?:double|triple|10x|tenfold)\b.{0,40}\b(?:revenue|sales|conversion|engagement|profit)\b.{0,30}\b(?:for sure|guarantee|certainly|definitely|no doubt)",
        r"\bno doubt\b.{0,60}\b(?:will|going to)\b",
        r"\b(?:solve|fix|eliminate)s? (?:all|every|the entire)\b.{0,30}\b(?:problems?|fraud|churn|errors?)\b",
    ),
    "badmouths-past-employers": _p(
        r"\b(?:frankly|honestly)\b.{0,40}\b(?:useless|incompetent|clueless|difficult|(?:didn't|did not) (?:understand|get))\b",
        r"\b(?:he|she|they)\b (?:just )?(?:didn't|did not|don't|do not|couldn't|could not) (?:understand|get) (?:anything|machine learning|ml|the basics|statistics|data)\b",
        r"\bspell(?:ed)? (?:everything|it all|things) out\b",
        r"\bstruggles? with anything\b",
        r"\bbeing difficult\b",
        rf"\b(?:my|our|the)\s+(?:old|previous|last|former|ex-?)?\s*{_PEOPLE}\b.{{0,40}}\b(?:was|were|is|are)\b.{{0,20}}\b{_INSULT}",
        rf"\b{_INSULT}\b.{{0,20}}\b(?:boss|manager|managers|management|leadership|employer|colleagues)\b",
        r"\b(?:hated|hate|couldn't stand|could not stand)\b.{0,30}\b(?:boss|manager|company|employer|job|team)\b",
    ),
    "unprofessional-language": _p(
        r"\b(?:fuck\w*|shit\w*|crap|damn|bullshit|wtf|crappy|sucks?|pissed|bloody|arse|asshole|dumbass)\b",
    ),
    "leads-with-salary": _p(
        r"\b(?:talk|ask|know|hear) about (?:the )?(?:salary|compensation|pay|bonus|equity|perks)\b",
        r"\bbefore (?:i answer|we start|going further|anything else)\b.{0,60}\b(?:salary|pay|bonus|compensation)\b",
        r"\b(?:salary|compensation|pay(?:check)?|bonus|stock options|equity|perks|benefits)\b.{0,40}\b(?:main|most important|first|priority|reason|why i|care about|matters? most)",
        r"\b(?:main|most important|first|only|real)\b.{0,30}\b(?:salary|compensation|pay|money|perks|bonus)\b",
    ),
    "blames-teammates": _p(
        r"\b(?:entirely|all|purely|completely|wholly)\s+(?:\w+\s+){0,3}(?:fault|failure|doing)\b",
        r"\b(?:their|his|her|the \w+ team's) (?:fault|failure)\b",
        r"\bnot (?:on me|ours|mine|my problem)\b",
        r"\bnone of (?:that|it|this)(?: \w+)? (?:was|is) (?:on me|my fault|mine)\b",
        r"\bnothing (?:i|we) could have done\b",
        r"\bthe cause was entirely\b",
        r"\bit'?s on them\b",
        r"\bpurely (?:for )?political\b",
        r"\b(?:it was|that was|was entirely|was all)\s+(?:their|his|her|the other team's|the data team's|the team's|product's|ops'?)\s+fault\b",
        r"\bnot my fault\b",
        r"\b(?:because|since) (?:the other team|the data team|the infra team|product|my teammates?|the (?:junior|intern)s?)\b.{0,40}\b(?:messed up|screwed up|failed|broke|couldn't|incompetent|didn't do)",
        r"\b(?:blame[sd]?|blaming)\b.{0,30}\b(?:team|them|him|her|colleagues?|engineers?|product|data)\b",
        r"\b(?:they|the team|my teammates?|the other team)\b.{0,20}\b(?:messed|screwed) (?:it )?up\b",
    ),
    "takes-credit-for-team-work": _p(
        r"\b(?:mostly|all|largely|entirely|really) (?:thanks to|because of|down to) me\b",
        r"\bi built the (?:whole|entire) (?:thing|system|project|pipeline|product)\b",
        r"\b(?:really|basically),? i did (?:all|everything|most)\b",
        r"\b(?:single-?handedly|all by myself|entirely by myself|on my own)\b",
        r"\bi (?:alone|personally) (?:built|designed|did|delivered|created|launched)\b.{0,40}\b(?:whole|entire|all|everything)",
        r"\bi did (?:all|everything|most) (?:of )?the work\b",
        r"\b(?:the team|they|others) (?:just|only|merely) (?:helped|watched|followed|did what i)",
    ),
    "claims-unearned-skills": _p(
        r"\b(?:i'?m|i am) (?:honestly |really |basically |probably )?(?:an? )?(?:expert|authority|master|guru)\b",
        r"\b(?:i'?m|i am) (?:an? )?(?:expert|master|guru|ninja|rockstar)\b.{0,30}\b(?:in|at|of)\b.{0,20}\b(?:everything|all|every|any)\b",
        r"\bi (?:know|have mastered|master) (?:all|every|everything)\b",
        r"\b(?:i'?m|i am) (?:an? )?(?:world[- ]class|top|leading)\s+(?:expert|authority)\b",
        r"\bi (?:can|could) (?:build|do|solve) (?:anything|any model|everything)\b",
        r"\bno one (?:knows|understands)\b.{0,20}\bbetter than (?:me|i)\b",
    ),
    "cannot-explain-own-projects": _p(
        r"\bi (?:can't|cannot|couldn't|could not) (?:really )?(?:tell you|say|explain) (?:how|why|what)\b",
        r"\bi (?:don't|do not|can't|cannot) (?:really )?(?:remember|recall|explain|know)\b.{0,40}\b(?:what i did|my (?:part|role)|how (?:it|the model|we|the system) (?:worked|work))",
    ),
    "hand-waves-metrics": _p(
        r"\b(?:the )?(?:impact|effect|improvement|result) was (?:huge|massive|enormous|big|great|amazing)\b",
        r"\bnever (?:really )?measured\b",
        r"\b(?:don't|do not|can't|cannot) remember the (?:exact )?(?:figures|numbers|metrics)\b",
        r"\b(?:metrics?|numbers?|results?|accuracy|performance|revenue|sales|conversion|engagement|impact|model|it)\s+(?:\w+\s+)?(?:improved|increased|went up|grew)\b.{0,30}\b(?:a lot|massively|hugely|tremendously|significantly|loads)\b(?![^.]*\d)",
        r"\b(?:didn't|did not|never) (?:really )?(?:measure|track|check)\b.{0,30}\b(?:it|impact|results?|metrics?|numbers?)\b",
        r"\b(?:numbers?|metrics?) (?:don't|do not) (?:really )?matter\b",
    ),
    "bluffs-instead-of-admitting": _p(
        r"\b(?:obviously|everyone knows|trivially)\b.{0,40}\b(?:always|never)\b",
    ),
    "dismisses-collaboration": _p(
        r"\breviews? (?:just |only |mostly )?slows? (?:things|us|me|everything|the work) down\b",
        r"\b(?:didn't|did not) (?:involve|consult|ask)\b.{0,40}\b(?:product|team|manager|pm|colleagues?|stakeholders?)\b",
        r"\bdecided (?:it )?(?:all )?on my own\b",
        r"\bcode reviews? (?:is|are) (?:a )?(?:waste|pointless|useless|unnecessary|bureaucracy|for juniors)",
        r"\b(?:i don't|i do not|don't|never) (?:need|want|bother (?:with|asking)) (?:help|code review|reviews|input|feedback|other people)",
        r"\b(?:product managers?|pms?|designers?|ops|data engineers?|analysts?)\b.{0,30}\b(?:don't understand anything|are useless|just get in the way|slow (?:us|me|everything) down)",
        r"\bwork(?:s|ing)? (?:better|best|faster) alone\b",
    ),
    "defensive-to-feedback": _p(
        r"\btold (?:him|her|them) (?:that )?(?:he|she|they) (?:didn't|did not|don't|do not) understand\b",
        r"\bi (?:didn't|did not) accept (?:that|it|the (?:feedback|result|finding))\b",
        r"\b(?:the|my) (?:reviewer|interviewer|manager|feedback) (?:was|is) (?:just )?wrong\b",
        r"\bi (?:don't|do not|never) (?:take|accept|need) (?:feedback|criticism|corrections?)\b",
        r"\bi was right and\b",
    ),
    "ignores-ethics-and-privacy": _p(
        r"\bwithout (?:an? |any |their |extra |asking |for )*(?:consent|permission|opt-in)\b",
        r"\bprivacy (?:rules|laws|policies|concerns?)\b.{0,20}\b(?:slow|get in the way|don't matter|do not matter)",
        r"\bnever read the privacy\b",
        r"\bbuy\w*\b.{0,40}\b(?:browsing histor\w*|personal data|from data brokers)\b",
        r"\bscrape\w* (?:their|users'?|customers'?|people's) (?:social|personal|private)",
        r"\b(?:privacy|fairness|bias|gdpr|consent|ethics)\b.{0,30}\b(?:doesn't|does not|don't|do not|isn't|is not)\b.{0,15}\b(?:matter|our (?:problem|concern)|my (?:problem|concern)|important|relevant)",
        r"\b(?:ignore|skip|not worry about|don't worry about|worry about .{0,20} later)\b.{0,30}\b(?:privacy|fairness|bias|consent|gdpr|ethics)\b",
        r"\b(?:scrape|collect|use|grab|sell)\b.{0,30}\b(?:all|every)\b.{0,20}\b(?:personal|private|user|customer)\b.{0,15}\bdata\b.{0,40}\b(?:without|no need|don't need)\b.{0,20}\b(?:consent|asking|permission)",
        r"\bwithout (?:asking for |their |any )?(?:consent|permission)\b",
        r"\b(?:privacy|fairness|bias|ethics|consent)\b.{0,30}\b(?:red tape|overrated|slows? us down|box-ticking|just legal)",
    ),
    "shares-confidential-information": _p(
        r"\bnever (?:been )?(?:made public|disclosed|published|announced|released)\b",
        r"\b(?:still have|kept|saved) (?:the|a|their|my|a copy of) (?:\w+ )?(?:export|copy|dump|dashboards?|files?|data)\b",
        r"\bnot a competitor\b",
        r"\b(?:confidential|under (?:an )?nda|internal only|not public|unreleased|secret)\b.{0,60}\b(?:but|so|here|i can tell|i'll tell|i'll share|i brought|i kept|i copied)\b",
        r"\bi (?:copied|took|kept|brought|downloaded)\b.{0,40}\b(?:their|the company's|my old company's|my previous employer's)\b.{0,30}\b(?:code|data|model|customer)",
    ),
    "skips-baseline-and-validation": _p(
        r"\bstraight (?:to|for) (?:a |the )?(?:large|huge|big|deep|complex|state)",
        r"\bcompar\w+ (?:it )?(?:against|with|to) (?:simple|a baseline|baselines)\b.{0,40}\bwaste\b",
        r"\btune\w* (?:it )?(?:directly )?on the test\b",
        r"\b(?:no need|don't need|do not need|skip|skipping|won't bother with|not bother with)\b.{0,20}\b(?:a |any )?(?:baseline|validation|hold-?out|test set|cross-?validation|offline evaluation)",
        r"\b(?:go|jump|going|jumping) straight (?:to|for) (?:a |the )?(?:biggest|largest|most complex|deep|transformer|llm|neural|gpt)",
        r"\b(?:baselines?|validation) (?:is|are) (?:a )?(?:waste|pointless|unnecessary|for beginners)",
        r"\b(?:train|evaluate|test)\w* (?:and (?:test|evaluate)\w* )?on the same data\b",
    ),
}

# Which shared flag an own flag of a question restates, read from the own flag's wording ("All causes
# external" is blaming others): the shared flag's phrases then find the own flag too.
FAMILY_WORDS: dict[str, re.Pattern[str]] = {
    slug: re.compile(pattern, _I)
    for slug, pattern in {
        "blames-teammates": r"\bblam|\bfault\b|\bexternal\b|someone else|(?:other|another) team",
        "badmouths-past-employers": r"contempt|belittl|condescend|disparag|talks? down|simply wrong|difficult|"
        r"unreasonable|obstructive|incompetent|runs? down",
        "unrealistic-promises": r"overstat|unrealistic|promis|guarantee|\bwill (?:reduce|make|fix|cut|double)\b|reliably",
        "takes-credit-for-team-work": r"\bcredit\b",
        "defensive-to-feedback": r"defensive|nitpick|hostile|until it agreed|refuses? to accept",
        "hand-waves-metrics": r"quantify|no numbers|never measured",
        "ignores-ethics-and-privacy": r"privacy|fairness|misuse|consent",
        "dismisses-collaboration": r"without consulting|route around|obstacles?\b",
        "claims-unearned-skills": r"mastery|claims? (?:to be )?(?:an )?expert",
        "shares-confidential-information": r"confidential",
        "leads-with-salary": r"salary|compensation",
        "cannot-explain-own-projects": r"cannot explain|can't explain",
        "evaluation-leakage": r"test set|validation (?:set|rows)|random split|k-fold|same data|full dataset|"
        r"\bleak|tuned on",
        "escalation": r"over (?:their|his|her) head|seniority|escalat",
        "concealment": r"silently|without telling|\bhid(?:es)?\b|buried",
        "going-public": r"publicly|outside the company|the press",
        "dismissal": r"harmless|\bignores\b|brushes? aside",
        "waiting": r"\bwait(?:ing)?\b|doing nothing",
        "accuracy-as-target": r"\baccuracy\b",
    }.items()
}

# A flaw no shared flag names but many questions' own flags do: evaluating on data the model, its tuning or its
# preprocessing has already seen; and a few more that several questions' own flags name. Only own flags whose
# wording names a family (FAMILY_WORDS) are found by its phrases.
OWN_CUES: dict[str, re.Pattern[str]] = {
    slug: re.compile("|".join(patterns), _I)
    for slug, patterns in {
        "evaluation-leakage": (
            r"\b(?:tun\w*|pick\w*|chose|choos\w*|select\w*|kept|keep\w*)\b.{0,50}\b(?:on|against|using) (?:the )?test (?:set|data|month|split)",
            r"\b(?:once )?on the (?:full|whole|entire) (?:dataset|data set|data)\b",
            r"\b(?:took|take|used?|kept) (?:a |the )?random (?:\d+\s?% )?(?:split|sample|slice|k-fold)\b",
            r"\brandomly (?:split|sampled|held out|took)\b",
            r"\bshuffled (?:all|the whole|everything)\b",
            r"\b(?:validation|test) (?:set|data|month) as well\b|\bas well (?:to|on) the (?:validation|test)",
            r"\b(?:calibrat|evaluat|validat|fit)\w*\b.{0,40}\bon the (?:same|training) data\b",
            r"\b(?:same|training) data\b.{0,30}\b(?:to|for) (?:calibrat|evaluat|test|validat)",
            r"\b(?:take|use|using) the training (?:set|data)\b.{0,60}\b(?:calibrat\w*|isotonic|platt|threshold)",
            r"\b(?:k|five|5|ten|10)-fold (?:cv|cross-validation) is fine\b",
        ),
        # going over a colleague's head instead of settling it on evidence
        "escalation": (
            r"\b(?:went|go|going) (?:directly |straight )?(?:to|over) (?:our|my|the|his|her|their) (?:director|vp|head|boss|cto|ceo)\b",
            r"\bover (?:his|her|their) heads?\b",
            r"\boverruled (?:him|her|them)\b",
        ),
        # hiding a cut corner or bad news
        "concealment": (
            r"\bwithout (?:mentioning|telling|informing|saying)\b.{0,40}\b(?:anyone|anybody|the client|my manager|them|the team|management)",
            r"\b(?:didn't|did not|never) (?:tell|mention|inform)\b.{0,20}\b(?:anyone|anybody|the client|my manager|the team)",
            r"\bkept (?:it|this|that) (?:quiet|to myself)\b",
        ),
        # taking a concern outside before the internal channels
        "going-public": (
            r"\b(?:posted|published|tweeted|leaked|went)\b.{0,50}\b(?:public(?:ly)?|online|forum|social media|to the press)\b",
            r"\b(?:tagged|contacted|called|told) (?:a |the )?(?:journalist|reporter|press)\b",
        ),
        # waving a real problem away
        "dismissal": (
            r"\b(?:don't|do not) think (?:it|this|that) matters\b",
            r"\bnot (?:really )?(?:an issue|a concern|a big deal)\b",
            r"\b(?:doesn't|does not) (?:really )?matter (?:much )?(?:in practice|here)\b",
            r"\bis harmless\b",
        ),
        # doing nothing until the data arrives
        "waiting": (r"\b(?:and|just|simply) wait\b", r"\bwait (?:until|for) (?:there is |we have )?enough\b"),
        # accuracy as the target on a skewed problem
        "accuracy-as-target": (
            r"\b(?:optimi[sz]e|maximi[sz]e|target)\w* (?:overall |plain |raw |the )?accuracy\b",
            r"\breached \d{2}(?:\.\d+)?\s?% accuracy\b",
        ),
    }.items()
}
# A sentence that warns against the practice ("a random split would leak") does not count for these families.
WARNING = re.compile(
    r"\b(?:not|never|no|don't|do not|avoid\w*|instead|rather|mistake|wrong|leak\w*|inflat\w*|overstat\w*|"
    r"misleading|meaningless|means nothing|trap|pitfall)\b",
    _I,
)
WARNED = frozenset({"evaluation-leakage", "accuracy-as-target"})

# One expression per flag: a sentence is tested once per flag, not once per pattern.
CUE_RES: dict[str, re.Pattern[str]] = {
    slug: re.compile("|".join(f"(?:{p.pattern})" for p in patterns), _I) for slug, patterns in CUES.items()
}
_SPACE = re.compile(r"\s+")


def flat(text: str) -> str:
    """The sentence as the cues read it: white space collapsed."""
    return _SPACE.sub(" ", text)
