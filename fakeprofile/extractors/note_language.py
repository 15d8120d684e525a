"""Note language: the phrases an invitation note is made of, beyond the known templates.

The template corpus (:mod:`fakeprofile.extractors.invitation`) recognises copies and near-copies of
known texts; a new wording of an old lure is missed ("a unique crypto trading opportunity with guaranteed
returns" is 0% similar to every template). This family reads the note for the phrases that campaigns
are made of, whatever the rest of their wording, and measures:

* ``scam_lure``: investment offers, crypto and forex trading, fund transfers, inheritances and
  beneficiaries, passive income, guaranteed or fixed returns, moving the chat to WhatsApp or Telegram;
* ``sales_pitch``: lead generation, offshore development, growth hacking, "a quick 15-minute call",
  "are you the right person", "book a demo", "40% cheaper";
* ``networking_boilerplate``: "mutually benefit", "synergies", "expand my network", "LinkedIn suggested
  you", "I noticed you viewed my profile", "came across your profile", "we have 12 mutual connections";
* ``contact_harvest``: asking for a phone number, an e-mail address, a CV, or identity and bank details;
* ``shared_context``: the note names something sender and recipient share (an event or meeting, a time
  they worked or studied together, a person they both know, a place such as "the Cardiff office", or one
  of the sender's own past employers or schools): the sign of a personal note;
* ``template_likeness``: the probability, from a small character n-gram classifier
  (:mod:`fakeprofile.note_classifier`), that the note is template, pitch or scam text.

Each of the first five counts the *kinds* of phrase of its family found (two lures of one kind count
once), so a note repeating "crypto" ten times is not ten times a scam. The patterns are written for word
families and small gaps ("invest / investing / investment", "guaranteed ... returns" with up to three
words between), and ``tests/extractors/test_note_language.py`` checks them on wordings that are in
neither the patterns nor the corpus (``data/notes/heldout.tsv``), as well as on personal notes that use
the same words in ordinary ways ("the inheritance tax changes", "the offshore wind conference").

With no invitation every feature is NaN; an invitation without a note has said nothing, so every feature
is 0 (as the invitation family does). Its known false positives are
``NoteLanguageExtractor.known_false_positives``.

On the hand-written personal notes of ``data/notes/personal.tsv`` and the template tests' genuine notes
(287 in all) none of the four spam families fires; ``shared_context`` fires on about 70% of them and on
none of the 502 corpus templates. Cost: about 0.15 ms of CPU per note (0.03 ms of it the classifier;
``benchmarks/bench_notes.py``); each phrase kind is first gated by a few cue substrings (:class:`Phrase`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, fold_case, register
from fakeprofile.schema import Profile

if TYPE_CHECKING:  # imported late (_classifier): the extractors do not need the classifier module to be imported
    from fakeprofile.note_classifier import NoteClassifier, NoteReading

#: Only this many characters of a note are read.
MAX_NOTE_CHARS = 5000
#: Longest phrase quoted in evidence.
MAX_PHRASE_QUOTE = 40

# --------------------------------------------------------------------------------------------------
# Building blocks. A "separator" joins two words of one sentence (no full stop, ? or ! between them).

_SEP = r"[^\w.!?\n]+"


def _gap(words: int) -> str:
    """A separator with up to ``words`` other words in between."""
    return rf"{_SEP}(?:\w+{_SEP}){{0,{words}}}"


def _near(a: str, b: str, words: int = 3) -> str:
    """``a`` and ``b`` in either order, in one sentence, with up to ``words`` words between."""
    return rf"(?:\b(?:{a}){_gap(words)}(?:{b})\b|\b(?:{b}){_gap(words)}(?:{a})\b)"


def _any(*patterns: str) -> str:
    """The alternation of ``patterns`` (compiled, ignoring case, when first used: :attr:`Phrase.pattern`)."""
    return "|".join(f"(?:{p})" for p in patterns)


@dataclass(frozen=True)
class Phrase:
    """One kind of phrase of a family: what it is called in evidence, its pattern, and its cues.

    ``cues`` are lowercase substrings of which every alternative of the pattern contains at least one
    literally: a note (lower-cased) holding none of them cannot match, and the pattern is not run (Python's ``re`` tries
    every alternative at every position, so this is most of the family's speed). Empty: always run.
    ``tests/extractors/test_note_language.py`` checks that no match is ever skipped.
    """

    kind: str
    #: The pattern's source (:func:`_any`), matched ignoring case.
    source: str
    cues: tuple[str, ...] = ()
    # A kind may be split over consecutive entries (a costly alternative gated by its own cues): it counts once.

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """The compiled pattern. Compiled on first use: compiling them all cost a tenth of a second at import, which
        a process scoring one profile without a note would pay for nothing."""
        return re.compile(self.source, re.IGNORECASE)


_PCT = r"\d{1,3}(?:[.,]\d+)?\s?%"
_MONEY = r"[$€£]\s?\d[\d,.]*\s?(?:k|m|million|billion)?"
_NUMBER_WORD = r"(?:\d{1,2}|ten|fifteen|twenty|thirty)"
# Skype, Teams and Zoom are left out: colleagues talk there as a matter of course.
_MESSENGER = (r"(?:whats\s?app|telegram|we\s?chat|viber|signal app|kik|line app|hangouts|google chat|snapchat|"
              r"facebook messenger|instagram)")

SCAM_LURES = (
    Phrase("investment offer", _any(
        # "investment opportunity", "investing platform", "an investment opening" (the noun within 2 words)
        r"\binvest(?:s|ed|ing|ments?|ors?)?" + _gap(2) + r"(?:opportunit(?:y|ies)|platforms?|schemes?|"
        r"packages?|pools?|openings?|offers?)\b",
        r"\b(?:minimum|initial|small|first) (?:deposit|investment|ticket)\b",
        r"\binvest\w*" + _gap(3) + r"(?:as little as|with (?:me|us|our)\b)",
        r"\b(?:early|serious|private|selected|few) investors\b",
        r"\bprivate placement\b|\bpre-?ipo\b",
    ), (
        "invest", "deposit", "ticket", "placement", "ipo",
    )),
    Phrase("crypto or forex trading", _any(_near(
        r"crypto\w*|bitcoins?|btc|usdt|tether|ethereum|forex|binary options?|digital (?:assets?|currenc\w+)|"
        r"tokens?|coins?|altcoins?|memecoins?|nfts?|defi|stablecoins?|gold futures|signals? (?:group|app)",
        r"trad\w*|invest\w*|earn\w*|profit\w*|mining|min(?:e|ed|ts?)|stak\w+|signals?|returns?|gains?|arbitrage|"
        r"bots?|airdrops?|wallets?|pump\w*|pools?|opportunit\w+|income|rewards?|multiply|double\w*|whitelist",
    )), (
        "crypt", "bitcoin", "btc", "usdt", "tether", "ethereum", "forex", "binary", "digital", "token", "coin",
        "nft", "defi", "futures", "signal",
    )),
    Phrase("fund transfer", _any(
        r"\b(?:transfer\w*|wir(?:e|ed|ing)|remit\w*|mov(?:e|ed|ing)|releas\w*|claim\w*)" + _gap(3) +
        r"(?:funds?|sums?|money|cash|proceeds|surplus|fortune|consignment|\d[\d,.]*\s*(?:m|million|billion))\b",
        r"\bfunds?[- ]transfers?\b|\bdormant (?:bank )?account\b|\bforeign (?:partner|account)\b|\bforeigner\b|"
        r"\boverpayment\b",
        r"\b(?:confidential|private|secret|lucrative|urgent|profitable|juicy) (?:business )?(?:proposals?|"
        r"transactions?|deals?|matters?)\b",
        r"\bsecurity (?:trunk|box|company)\b|\bconsignment box\b|\b(?:split|share) the (?:funds|proceeds|money)\b",
    ), (
        "transfer", "wir", "remit", "mov", "releas", "claim", "dormant", "foreign", "overpayment", "confidential",
        "private", "secret", "lucrative", "urgent", "profitable", "juicy", "security", "consignment", "split", "share",
    )),
    Phrase("inheritance or beneficiary", _any(
        r"\bnext[- ]of[- ]kin\b|\bbeneficiar(?:y|ies)\b",
        r"\b(?:unclaimed|dormant|abandoned) (?:inheritance|estate|funds?|fortune|sums?|compensation)\b",
        r"\b(?:late|deceased) (?:client|customer|magnate|businessman|investor|account holder)s?\b",
        r"\binherit\w*" + _gap(2) + r"(?:worth|sum|funds?|fortune|million|estate)\b",
        r"\b(?:same|share\w*|shares your) (?:last name|surname|family name)\b",
    ), (
        "kin", "beneficiar", "unclaimed", "dormant", "abandoned", "late", "deceased", "inherit", "last name",
        "surname", "family name",
    )),
    Phrase("passive income", _any(
        r"\bpassive (?:income|earnings|rewards?|cash|money|revenue)\b",
        r"\b(?:side|extra|second(?:ary)?|additional|residual) (?:income|earnings|cash)(?: streams?)?\b",
        r"\b(?:while|as) you sleep\b|\bfinancial(?:ly)? (?:freedom|free|independen\w+)\b|\bbe your own boss\b",
        r"\b(?:earn|make|making|earning|made|withdraw)\w*" + _gap(3) + _MONEY +
        r"(?:\s*(?:to|-)\s*" + _MONEY + r")?\s*(?:a|per|every|each|in)\s+(?:\d+\s+)?(?:hour|day|week|month)s?\b",
        r"\b(?:earn|make)\w*\s+(?:money\s+)?(?:from|at) home\b",
        r"\btired of (?:the|your) (?:9|nine)[- ]to[- ](?:5|five)\b",
        r"\bquit (?:my|your) (?:day )?job\b",
    ), (
        "passive", "income", "earning", "cash", "sleep", "financial", "boss", "$", "€", "£", "home", "tired",
        "quit",
    )),
    Phrase("guaranteed or fixed returns", _any(
        _near(r"guarant\w*(?!\s+(?:minimum|basic|universal)\s+income)",
              r"returns?|profits?|income|payouts?|gains?|roi|interest|" + _PCT),
        r"\b(?:risk[- ]free|zero[- ]risk)\b|\bno risk to (?:your|the) (?:capital|money|investment|funds?|savings)\b",
        r"\b(?:fixed|steady|stable|consistent|daily|weekly|monthly|hourly)\s+(?:\w+\s+)?(?:returns?|profits?|"
        r"payouts?|gains?|interest|income)\b",
        _PCT + r"\s*(?:a|per|every|each)\s+(?:day|week|month)\b|" + _PCT + r"\s*(?:daily|weekly|monthly)\b",
        r"\b(?:double|triple|multiply|10x|100x) (?:your|my) (?:money|investment|savings|capital|deposit)\b",
        r"\b(?:account|savings|portfolio) (?:has )?(?:doubled|tripled)\b",
    ), (
        "guarant", "risk", "return", "profit", "payout", "gain", "interest", "income", "%", "doubl", "tripl",
        "multipl", "10x", "100x",
    )),
    Phrase("moving the chat to a messenger", _any(
        # "let's continue our chat over on Telegram", "add me on WhatsApp" (not "I sent you the photos on WhatsApp")
        r"\b(?:talk|chat|continue|text|message|contact|reach|add|write|discuss|move|switch|call|dm|ping|speak|"
        r"connect|join|find|follow)\w*" + _gap(4) + r"(?:on|via|through|to|over|in)\s+(?:my\s+)?" + _MESSENGER + r"\b",
        r"\byour\s+(?:\w+\s+)?" + _MESSENGER + r"\s*(?:number|no\.?|id|handle|username|contact|account)\b",
        r"\b(?:share|send|give|drop|what'?s|what is)\s+(?:me\s+)?your\s+" + _MESSENGER + r"\b",
        r"\bdo you (?:use|have)\s+" + _MESSENGER + r"\b",
    ), (
        "whats", "telegram", "chat", "viber", "signal app", "kik", "line app", "hangouts", "snapchat", "messenger",
        "instagram", "skype",
    )),
)

SALES_PITCHES = (
    Phrase("lead generation", _any(
        r"\blead[- ]?gen\w*\b|\bappointment setting\b|\bon autopilot\b|\bdone[- ]for[- ]you\b",
        r"\b(?:qualified|pre-?qualified|warm|hot|exclusive|b2b|inbound|targeted|high[- ]quality|verified|booked|"
        r"sales[- ]ready)\s+(?:\w+\s+)?(?:leads?|appointments?|meetings?|prospects?|sales calls?|demos?|calls?)\b",
        r"\b\d+\+?\s+(?:\w+\s+){0,2}(?:leads|clients|customers|appointments|meetings|prospects|patients|bookings|"
        r"sales calls|demos)\s+(?:a|per|every|each)\s+(?:day|week|month)\b",
        r"\bfill (?:up )?your (?:calendar|pipeline|diary)\b|\bpay (?:only )?per (?:lead|meeting|appointment)\b",
        r"\bpay only for results\b|\bcold (?:email|outreach) (?:system|campaigns?)\b|\boutbound campaigns?\b",
    ), (
        "lead", "appointment", "autopilot", "done", "meeting", "prospect", "call", "demo", "client", "customer",
        "patient", "booking", "fill", "pay", "cold", "outbound",
    )),
    Phrase("offshore development", _any(
        r"\b(?:offshore|offshored|nearshore|near-shore|outsourc\w*|white[- ]label)\s+(?:\w+\s+){0,2}(?:development|"
        r"developers?|dev|engineers?|engineering|programmers?|qa|testing|teams?|squads?|staff\w*|talent|resources|"
        r"services|bookkeeping|accounting|support|agency|firm|company|partners?)\b",
        r"\bdedicated\s+(?:\w+\s+)?(?:developers?|engineers?|dev teams?|development teams?|resources)\b",
        r"\b(?:staff|team) augmentation\b|\baugment\w* your (?:\w+\s+)?team\b|\bextend your (?:dev|development|"
        r"engineering|tech) team\b",
        r"\b(?:software|app|web|it) (?:development|outsourcing) (?:company|agency|firm|partner|services)\b",
        r"\bhire\s+(?:\w+\s+){0,4}(?:developers|engineers|programmers)\s+from\b",
    ), (
        "offshore", "nearshore", "near-shore", "outsourc", "white", "dedicated", "augment", "extend",
        "development", "hire",
    )),
    Phrase("growth hacking", _any(
        r"\bgrowth[- ]?hack\w*\b|\bgo(?:es)? viral\b|\bengagement pods?\b|\bguaranteed results\b|"
        r"\bresults guaranteed\b",
        r"\b(?:2|3|5|10|100)x\s+(?:more\s+)?(?:your\s+)?(?:revenue|growth|sales|leads|followers|traffic|profile views|"
        r"pipeline|reach|roi|signups|engagement)\b",
        r"\b(?:scale|grow|boost|skyrocket|explode|double|triple|10x|supercharge|accelerate)\w*\s+(?:your|their)\s+"
        r"(?:\w+\s+)?(?:business|revenue|sales|agency|brand|followers|reach|pipeline|engagement|income|audience|"
        r"traffic|following|profits?)\b",
        r"\b(?:to|past|hit|reach|scale\w*)\s+(?:6|7|8|six|seven|eight)[- ]figures?\b",
    ), (
        "hack", "viral", "pod", "guarant", "2x", "3x", "5x", "0x", "scale", "grow", "boost", "skyrocket",
        "explode", "doubl", "tripl", "supercharge", "accelerat", "figure",
    )),
    Phrase("a quick call", _any(
        rf"\b{_NUMBER_WORD}[- ]?min(?:ute)?s?\W+(?:\w+\W+)?(?:call|chat|demo|meeting|conversation|zoom|intro|"
        r"walkthrough|slot|catch[- ]up|consultation|session|review|audit)\b",
        rf"\b(?:spare|grab|have|schedule|book|find|get)\s+(?:a\s+)?(?:quick\s+)?{_NUMBER_WORD}\s?min(?:ute)?s\b",
        r"\b(?:open|free|available|up)\s+(?:to|for)\s+(?:a\s+)?(?:quick|brief|short)\s+(?:call|chat|conversation|"
        r"intro|zoom|meeting)\b",
        r"\bworth a\s+(?:quick\s+|short\s+|brief\s+)?(?:call|chat|conversation)\b|\bhop on a\s+(?:quick\s+)?call\b",
        r"\b(?:quick\s+|brief\s+|short\s+)?(?:intro|introductory|discovery|exploratory)\s+(?:call|chat|meeting)\b",
    ), (
        "min", "quick", "brief", "short", "worth", "hop", "intro", "discovery", "exploratory",
    )),
    Phrase("looking for the right person", _any(
        r"\b(?:are you|is this|you might be|would you be)\s+the\s+(?:right|best|correct|appropriate|relevant)\s+"
        r"(?:person|contact|one|people)\b",
        r"\b(?:point|direct|refer)\s+me\s+(?:to|towards|in the direction of)\s+(?:the\s+)?(?:right|correct|best|"
        r"appropriate|whoever|who)\b",
        r"\bwho\s+(?:is|'s|would be)\s+(?:responsible|in charge)\s+(?:for|of)\b",
        r"\bwho\s+(?:handles|owns|manages|leads|runs|looks after|makes|decides on)\s+(?:\w+\s+){0,2}(?:decisions|this|"
        r"purchasing|procurement|buying|vendor selection|vendors|tooling|marketing|it|hr|benefits|facilities|payroll|"
        r"crm)\b",
        r"\bdecision[- ]makers?\b",
    ), (
        "right", "best", "correct", "appropriate", "relevant", "point", "direct", "refer", "responsible",
        "in charge", "handles", "owns", "manages", "leads", "runs", "looks after", "makes", "decision",
    )),
    Phrase("book a demo", _any(
        r"\b(?:book|schedule|set up|arrange|request|grab|claim|start|reserve)\w*\s+(?:a\s+|an\s+|your\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:demo|trial|consultation|audit|walkthrough|strategy (?:session|call))\b",
        r"\bfree\s+(?:\w+\s+)?(?:trial|audit|consultation|demo|sample|strategy session|quote|mockup|analysis)\b",
        r"\b(?:short|quick|live|personali[sz]ed)\s+demo\b",
    ), (
        "demo", "trial", "consult", "audit", "walkthrough", "strategy", "sample", "quote", "mockup", "analysis",
    )),
    Phrase("a price pitch", _any(
        r"\b(?:sav|cut|reduc|lower|slash|trim)\w*" + _gap(4) + r"(?:costs?|spend\w*|bills?|expenses|fees|premiums|"
        r"budgets?|prices?|rates?|overheads?)\b" + _gap(3) + _PCT,
        r"\b(?:sav|cut|reduc|lower|slash|trim)\w*" + _gap(2) + _PCT + _gap(2) + r"(?:costs?|spend\w*|bills?|"
        r"expenses|fees|renewals|premiums|budgets?|prices?)\b",
        _PCT + r"\s*(?:cheaper|less|lower)\s+(?:than|cost|costs|price|prices|rates|fees)\b",
        r"\b(?:at|for|with)\s+(?:a\s+)?" + _PCT + r"\s*(?:cheaper|lower|less|discount|off)\b",
        _PCT + r"\s+discount\b",
        r"\bat (?:half|a fraction of|a third of) (?:the )?(?:cost|price|rates?)\b|\b(?:half|a fraction of) (?:the )?"
        r"(?:cost|price) of\b",
        r"\b(?:competitive|affordable|unbeatable|lowest|wholesale)\s+(?:rates|prices|pricing|packages)\b",
    ), (
        "%", "half", "fraction", "third", "competitive", "affordable", "unbeatable", "lowest", "wholesale",
    )),
)

NETWORKING_BOILERPLATE = (
    Phrase("mutual benefit", _any(
        r"\bmutual(?:ly)?[- ](?:benefi\w*|help\w*|advantag\w*|grow\w*|support\w*|rewarding|valuable|enrich\w*)",
        r"\bbenefi\w*" + _gap(3) + r"(?:both|each other|one another|us both|both sides|all of us)\b",
        r"\b(?:help|support|benefit|learn from|grow with|add value to|create value for)\w*\s+"
        r"(?:each other|one another)",
        r"\bwin[- ]win\b|\bvalue for each other\b",
    ), (
        "mutual", "benefi", "each other", "one another", "win",
    )),
    Phrase("synergies", _any(
        r"\bsynerg\w*",
        r"\b(?:explore|discuss|discover|identify)\w*\s+(?:potential\s+|possible\s+|future\s+|new\s+|mutual\s+|"
        r"business\s+)?(?:opportunities|partnership opportunities|ways (?:we|to) (?:can |could )?"
        r"(?:work|collaborate))\b",
        r"\b(?:collaborative|strategic) (?:partnerships?|alliances?)\b|\bpotential (?:partnerships?|synergies)\b",
        r"\bexchange (?:ideas|insights|perspectives|best practices|knowledge)\b",
    ), (
        "synerg", "opportunit", "ways", "collaborative", "strategic", "potential", "exchange",
    )),
    Phrase("expanding a network", _any(
        r"\b(?:expand|grow|extend|build|broaden|widen|enlarg|increas|strengthen)\w*\s+(?:my|our|your)\s+(?:\w+\s+){0,2}?"
        r"(?:networks?|connections|circle|reach|contacts)\b",
        r"\blike[- ]minded\s+(?:\w+\s+)?(?:professionals|people|individuals|leaders)\b",
        r"\bconnect(?:ing)?\s+with\s+(?:\w+\s+){0,2}?(?:professionals|leaders|experts|people)\s+(?:in|like|from|who)\b",
        r"\bopen networker\b|(?-i:\bLION\b)|\bgrow(?:ing)? (?:our networks )?together\b",
    ), (
        "network", "connection", "circle", "reach", "contact", "minded", "connect", "lion", "together",
    )),
    Phrase("the platform suggested you", _any(
        r"\b(?:linked\s?in|the platform|the algorithm|this (?:site|platform|app))" + _gap(3) +
        r"(?:suggest|recommend|show|propos|flagg)\w*",
        r"\b(?:suggested|recommended)\s+(?:connections?|profiles?)\b|\bpeople you may know\b",
        r"\bpopped up\s+(?:in|on|as|among)\s+(?:my\s+)?(?:feed|suggestions|recommendations|network)\b",
        r"\b(?:in|on|under|among)\s+my\s+(?:suggestions|recommendations|suggested connections)\b",
    ), (
        "linked", "platform", "algorithm", "site", "app", "suggest", "recommend", "may know", "popped",
    )),
    Phrase("you viewed my profile", _any(
        r"\b(?:view|visit|check|look|stopp|stop|dropp|drop|pass|brows)\w*\s+(?:out\s+|at\s+|by\s+|through\s+)?"
        r"my\s+(?:linkedin\s+|own\s+)?(?:profile|page)\b",
    ), (
        "profile", "page",
    )),
    Phrase("came across your profile", _any(
        r"\b(?:came|come|coming|stumbled|stumble)\s+(?:across|upon|on)\s+your\s+(?:\w+\s+)?(?:profile|page|"
        r"background)\b",
        r"\byour\s+(?:\w+\s+)?(?:profile|background)\s+(?:caught my (?:eye|attention)|stood out|impressed me|"
        r"is (?:very |truly |so )?(?:impressive|inspiring|interesting))\b",
        r"\b(?:impressive|inspiring|amazing|beautiful|lovely|great) profile\b",
    ), (
        "profile", "page", "background",
    )),
    Phrase("counting shared connections", _any(
        r"\b(?:\d+|several|many|a few|lots of|plenty of|dozens of|tons of)\s+(?:mutual|common|shared)\s+"
        r"(?:connections|contacts|friends|groups)\b",
        r"\b(?:connections|groups|contacts) in common\b",
    ), (
        "mutual", "common", "shared",
    )),
)

CONTACT_HARVEST = (
    Phrase("a phone number", _any(
        r"\b(?:phone|mobile|cell|contact|direct|whats\s?app|telephone)\s*(?:phone\s*)?(?:number|no\.?|#|line)\b",
        r"\b(?:share|send|give|drop|leave|provide|what'?s|what is|is this|confirm)\w*\s+(?:me\s+)?(?:with\s+)?"
        r"your\s+(?:\w+\s+){0,2}?(?:number|cell|mobile|phone|digits)\b",
        r"\b(?:call|text|ring|phone|sms)\s+me\s+(?:on|at)\b|\b(?:best|good)\s+(?:time|number)\s+to\s+(?:call|reach)\b",
        # a phone number: 9 digits or more ("2015 - 2019" is not one)
        r"(?<![\w.])(?=(?:[^\d\n]{0,3}\d){9})\+?\d[\d ().\-]{7,20}\d(?![\w.])",
    ), (
        "phone", "mobile", "cell", "contact", "direct", "whats", "number", "digits", "call", "text", "ring", "sms",
        "reach", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
    )),
    Phrase("an e-mail address", _any(
        r"\b(?:e-?mail|gmail|mail)\s*(?:address|id)\b",
        r"\b(?:share|send|give|drop|leave|provide|what'?s|what is|confirm)\w*\s+(?:me\s+)?(?:with\s+)?(?:your|an?)\s+"
        r"(?:\w+\s+){0,2}?(?:e-?mail|gmail)s?\b",
        r"\bwhat\s+(?:\w+\s+){0,2}e-?mail\s+(?:do|can|should|would)\b|\bwhat(?:'?s| is) the (?:best |right )?e-?mail\b",
        r"\b(?:best|right|good)\s+e-?mail\s+(?:to|for)\b",
        r"\byour\s+(?:best|personal|private|direct|preferred|current)\s+e-?mail\b",
        r"[\w.+-]+@[\w-]+\.[\w.]+",
    ), (
        "mail", "@",
    )),
    Phrase("a CV", _any(
        r"\b(?:send|share|forward|email|attach|submit|drop|provide|upload|mail)\w*\s+(?:me\s+|us\s+|over\s+|"
        r"along\s+)*(?:your|an?)\s+(?:\w+\s+){0,2}?(?:cv|resume|résumé|curriculum vitae)s?\b",
        r"\b(?:cv|resume|résumé)s?\s+(?:to|at|via)\s+(?:my|our|this)\b",
    ), (
        "cv", "resume", "résumé", "curriculum",
    )),
    Phrase("identity or bank details", _any(
        _near(r"send\w*|shar\w+|provid\w+|confirm\w*|enter\w*|verif\w+|cop(?:y|ies)|scans?|reply with|upload\w*|"
              r"submit\w*",
              r"passports?|id card|identity card|id number|driving licen[cs]e|driver'?s licen[cs]e|social security|"
              r"ssn|date of birth|bank (?:details|account|information|statements?)|card (?:number|details)|passwords?|"
              r"credentials|home address", 6),
        r"\b(?:log|sign)\s*in\s+(?:with|using)\s+your\b|\bverify your (?:identity|account)\b",
    ), (
        "passport", "id card", "identity", "id number", "licen", "social security", "ssn", "birth", "bank", "card",
        "password", "credential", "address", "log", "sign", "verify",
    )),
)

_NAME = r"(?-i:[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?)"
#: Capitalised words that look like a person's name in the patterns below but name no one both people know.
_NOT_PEOPLE = frozenset((
    "linkedin", "god", "google", "he", "she", "they", "it", "i", "we", "you", "someone", "everyone", "somebody",
    "nobody", "hr", "this", "that", "which", "who", "my", "our", "your", "the", "algorithm", "platform", "facebook",
    "twitter", "instagram", "forbes", "sales", "navigator", "research", "data", "everybody", "anyone", "experts",
    "studies", "statistics", "science", "history", "hi", "hello", "hey", "dear", "thanks", "please",
    "kindly", "just", "also", "pls", "sir", "madam", "friend",
))
_EVENT_NOUN = (r"(?:conference|summit|meetup|meet-up|workshop|webinar|hackathon|expo|fair|forum|festival|congress|"
               r"symposium|convention|wedding|reunion|dinner|party|drinks|lunch|breakfast|retreat|bootcamp|course|"
               r"class|cohort|seminar|lecture|keynote|talk|panel|session|gala|launch|offsite|off-site|barcamp|"
               r"assembly|meeting|opening|tournament|match|game|marathon|race|concert|gig|show|week|days|day|kickoff|"
               r"kick-off|awards|ceremony|funeral|standup|stand-up|interview|visit|tour|trip|camp|training|biennale|"
               r"assembly|club|gym|queue|booth|stand)")
_MEET = (r"(?:met|meet|meeting|saw|seeing|spoke|speaking|talked|talking|chatted|chatting|chat|sat|ran into|bumped into|"
         r"crossed paths|caught up|catching up|shared a \w+|were both|was at|were at|attended|enjoyed|loved|heard you|"
         r"good to see you|great to see you|nice to see you|lovely to see you|fun)")
_RELATION = (r"(?:manager|colleague|boss|sister|brother|friend|cousin|wife|husband|partner|professor|supervisor|"
             r"advisor|adviser|mentor|teammate|cofounder|co-founder|neighbou?r|dad|mum|mom|father|mother|aunt|uncle|"
             r"son|daughter|flatmate|classmate|teacher|coach|chef|replacement|predecessor)")
_TITLE = r"(?:(?-i:Prof|Dr|Mr|Mrs|Ms|Mme|Herr|Frau)\.?\s+)?"

SHARED_CONTEXT = (
    # Met, spoke, chatted... at an event ("at the Valencia open data conference") or at a named one ("at PyCon").
    Phrase("an event or a meeting", _any(
        rf"\b{_MEET}" + _gap(5) + r"(?:(?:at|during)\s+(?:the\s+)?(?-i:[A-Z][\w&'-]+)|(?:at|during|after|on|from|in)"
        rf"\s+(?:the\s+|your\s+|our\s+|this\s+|last\s+|a\s+)?(?:[\w'&.-]+\s+){{0,5}}?{_EVENT_NOUN}s?\b)",
    ), (
        "met", "meet", "saw", "seeing", "spoke", "speak", "talk", "chat", "sat", "ran into", "bumped", "crossed",
        "caught up", "catching up", "shared a", "were both", "was at", "were at", "attended", "enjoyed", "loved",
        "heard you", "to see you", "fun",
    )),
    Phrase("an event or a meeting", _any(
        r"\byour\s+(?:\w+\s+){0,2}?(?:talk|keynote|panel|presentation|workshop|poster|lecture|session|thesis|paper|"
        r"course|class|tour|review)\s+(?:at|in|on|about|during|last|yesterday|today|this)\b",
        r"\b(?:yesterday|today|this morning|last night|last week|(?:mon|tues|wednes|thurs|fri|satur|sun)day)'?s\s+"
        r"(?:\w+\s+){0,2}?(?:call|meeting|chat|class|session|workshop|standup|stand-up|review|dinner|lunch|game|match|"
        r"meetup|interview|talk|panel|event|party|reunion)\b",
        r"\b(?:our|the)\s+(?:\w+\s+){0,2}?(?:call|meeting|chat|conversation|interview|lunch|dinner|coffee|session|"
        r"standup|review|site meeting)\s+(?:this morning|yesterday|today|last (?:night|week|weekend|month)|earlier)\b",
        # "at the Graz meetup", "after the team dinner": a definite, named occasion ("the event" alone is not).
        rf"\b(?:at|from|during|after|before|on)\s+the\s+(?:[\w'&.-]+\s+){{1,4}}?{_EVENT_NOUN}s?\b",
        # "great running into you at", "lovely chatting at", "good to see you at" (not "nice to meet you here")
        r"\b(?:good|great|nice|lovely|fun|so good|such a pleasure|a pleasure)\s+(?:to\s+(?:finally\s+)?(?:see|meet|"
        r"catch up with|run into|bump into)\s+you\s+|(?:seeing|meeting|chatting|talking|catching up|running into|"
        r"bumping into|working|debugging|sharing)\s+(?:with\s+)?(?:you\s+)?)(?:at|today|yesterday|last|this|on|in|"
        r"during|after|again|earlier|finally|the other)\b",
        r"\bremember (?:the|when|me|our)\b|\blong time no see\b",
        r"\b(?:spoke|met|talked|chatted|saw you|interviewed|presented|helped|covered|lent|showed|hosted|trained|"
        r"reviewed|called)\b" + _gap(6) + r"(?:yesterday|today|this morning|last (?:night|week|term|month|year|spring|"
        r"summer|autumn|winter)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    )),
    Phrase("something one did for the other", _any(
        # "thanks for lending me your charger", "thank you for the referral" (not "thanks for connecting")
        r"\bthank(?:s| you)(?: again| so much)?\s+for\s+(?!(?:connecting|accepting|your time|reading|considering|the "
        r"connection|the add|adding me|viewing|visiting|stopping|checking|looking|your consideration|your reply|your "
        r"response|your interest|in advance|the opportunity|your attention)\b)(?:the|your|lending|showing|hosting|"
        r"covering|helping|interviewing|refereeing|having|everything|organi[sz]ing|chairing|reviewing|speaking|"
        r"sponsoring|donating|coming|forwarding|recommending|answering|fixing|explaining)\b",
        r"\byou\s+(?:helped|interviewed|trained|hosted|lent|showed|taught|refereed|answered|fixed|covered|donated|"
        r"sponsored|mentored|supervised|gave (?:me|us) (?:the|your|directions|a lift|advice|great|such)|gave a|"
        r"left your|bought|sold)\b",
    ), (
        "thank", "helped", "interviewed", "trained", "hosted", "lent", "showed", "taught", "refereed", "answered",
        "fixed", "covered", "donated", "sponsored", "mentored", "supervised", "gave", "left your", "bought",
        "sold",
    )),
    Phrase("working or studying together", _any(
        r"\bwe\s+(?:both\s+|all\s+)?(?:worked|studied|were|played|volunteered|served|trained|sat|shared|overlapped|"
        r"took|did|climbed|ran|sang|exchanged)\b",
        r"\b(?:worked|studied|played|served|volunteered)\s+(?:\w+\s+){0,3}?together\b",
        r"\b(?:former|old|ex-?|fellow)\s*(?:colleague|teammate|classmate|coworker|co-worker|boss|manager|student|"
        r"teacher|professor|flatmate|roommate|housemate|neighbou?r|intern|mentor|lab partner)s?\b",
        r"\bfellow\s+(?:\w+\s+)?alum\w*",
        r"\b(?:your|you were (?:my|our))\s+(?:old\s+|former\s+|new\s+)?(?:student|teacher|professor|supervisor|"
        r"mentee|intern|colleague|teammate|classmate|neighbou?r|flatmate|roommate|tutor|lab partner|desk neighbou?r)\b",
        r"\bsame\s+(?:team|cohort|class|lab|office|department|floor|project|course|hospital|school|company|"
        r"program(?:me)?|club|choir|band|church|gym|flight|train|panel|table|building|street|jury|swimming club)\b",
        r"\b(?:back|together|both)\s+at\s+(?-i:[A-Z][\w&'-]+)",
        # "it's Gareth from the five-a-side" (familiar: not "this is Bob from a global agency")
        rf"\bit'?s\s+{_NAME}\s+from\s+(?:the|your|our)\b",
        r"\b(?:replacing|taking over from|replacement for|covering for|handover from|over \w+ \w+ from)\s+"
        rf"{_TITLE}{_NAME}",
        r"\b(?:i'?m|i am|i was)\s+(?:the|your)\s+(?:new\s+)?(?:\w+\s+){0,3}?(?:who|that)\s+(?:\w+\s+){0,2}?"
        r"(?:you|your)\b",
        r"\bi was (?:the|your|a)\s+(?:\w+\s+){0,3}?(?:at|on|for|in)\s+your\b",
        r"\b(?:i'?m|i am)\s+(?:the|your)\s+new\s+(?:\w+\s+){0,3}?(?:on|in|at|for|of)\s+(?:the|your|our)\b",
    )),
    Phrase("a person both know", _any(
        rf"\b(?P<who>{_NAME})\s+(?:suggested|recommended|mentioned|said|says|told me|asked me|introduced|referred|"
        r"forwarded|passed|gave me|sends?|speaks? highly|thought)\b",
        rf"\b(?:my|our|your)\s+(?:\w+\s+)?{_RELATION}\s+{_TITLE}(?P<rel>{_NAME})",
        rf"\b(?:introduced|referred|recommended|put me in touch)\s+(?:to\s+you\s+|me\s+)?by\s+{_TITLE}(?P<by>{_NAME})",
        rf"\bon behalf of\s+{_TITLE}(?P<for>{_NAME})",
        rf"\b(?P<owner>{_NAME})'s\s+(?:wedding|party|funeral|leaving|birthday|sister|brother|lab|team|class|office|"
        r"replacement|cousin|father|mother|son|daughter|wife|husband)\b",
    )),
    Phrase("a place both know", _any(
        r"\b(?:at|in|from|to|of|for|with)\s+the\s+(?-i:[A-Z][\w'-]+)(?:\s+[\w'-]+){0,2}?\s+(?:office|site|plant|"
        r"branch|campus|hub|depot|lab|studio|store|warehouse|hospital|clinic|ward|chapter|team|library|gym|mill|port|"
        r"factory|school|practice|accounting team|unit|council|club|committee)\b",
    ), (
        "office", "site", "plant", "branch", "campus", "hub", "depot", "lab", "studio", "store", "warehouse",
        "hospital", "clinic", "ward", "chapter", "team", "library", "gym", "mill", "port", "factory", "school",
        "practice", "unit", "council", "club", "committee",
    )),
)

FAMILIES: dict[str, tuple[Phrase, ...]] = {
    "scam_lure": SCAM_LURES,
    "sales_pitch": SALES_PITCHES,
    "networking_boilerplate": NETWORKING_BOILERPLATE,
    "contact_harvest": CONTACT_HARVEST,
    "shared_context": SHARED_CONTEXT,
}
_WHAT = {
    "scam_lure": "scam lure",
    "sales_pitch": "sales pitch",
    "networking_boilerplate": "networking boilerplate",
    "contact_harvest": "request for contact details",
    "shared_context": "shared context",
}

# --------------------------------------------------------------------------------------------------
# Reading a note

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ud800-\udfff\ue000-\uf8ff\U000e0000-\U000e0fff\U000f0000-\U0010ffff]"
)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"[^\S\n]+")
#: What :data:`_SPACES` would change: white space other than a newline that is not one plain space, or is followed by
#: more.
_UNEVEN_SPACES = re.compile(r"[^\S\n](?:(?<! )|[^\S\n])")
_PUNCTUATION = ".,;:!?'\"()[]{}-"


def clean_note(text: str) -> str:
    """The note as the patterns read it: at most ``MAX_NOTE_CHARS`` characters, invisible characters removed,
    NFKC (full-width letters become plain ones), typographic apostrophes made plain, spaces collapsed."""
    s = text[:MAX_NOTE_CHARS]
    # Each step only where it may change something (each costs a few µs on any note; most notes are ASCII with
    # single spaces): every invisible character, and every quote but the backtick, is beyond ASCII.
    if not s.isascii():
        s = _INVISIBLE.sub("", s)
    s = unicodedata.normalize("NFKC", s)[:MAX_NOTE_CHARS]
    if not s.isascii() or "`" in s:
        s = s.translate(_QUOTES)
    if _UNEVEN_SPACES.search(s):
        s = _SPACES.sub(" ", s)
    return s.strip()


def _is_person(match: re.Match[str]) -> bool:
    """For "a person both know": the captured name is not a platform, a pronoun or a greeting."""
    names = [v for k, v in match.groupdict().items() if v]
    return not names or names[0].casefold() not in _NOT_PEOPLE


#: Words (pieces of a note between white space) this long at most have the cues they hold remembered.
MAX_CACHED_WORD = 24


@functools.cache
def _cue_index() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]:
    """Every cue of every family's phrases, in three parts: those holding white space; of the others, those shorter
    than three characters; and the rest by their first three characters."""
    cues = sorted({cue for phrases in FAMILIES.values() for phrase in phrases for cue in phrase.cues})
    spaced = tuple(cue for cue in cues if any(c.isspace() for c in cue))
    by_start: dict[str, list[str]] = {}
    for cue in cues:
        if len(cue) >= 3 and cue not in spaced:
            by_start.setdefault(cue[:3], []).append(cue)
    short = tuple(cue for cue in cues if len(cue) < 3 and cue not in spaced)
    return spaced, short, {start: tuple(c) for start, c in by_start.items()}


def _find_cues_in_word(word: str) -> frozenset[str]:
    """The cues without white space that ``word`` holds: its three-character pieces are listed once, and only the cues
    that start with one of them are looked for."""
    _, short, by_start = _cue_index()
    found = {cue for cue in short if cue in word}
    for start in {word[i : i + 3] for i in range(len(word) - 2)} & by_start.keys():
        found.update(cue for cue in by_start[start] if cue in word)
    return frozenset(found)


_cues_in_word = functools.lru_cache(maxsize=8192)(_find_cues_in_word)


@functools.lru_cache(maxsize=16)
def _cues_in(lowered: str) -> frozenset[str]:
    """The cues of every family that a lower-cased note holds: ``{cue for cue in all_cues if cue in lowered}``.

    Looking for each of the 300-odd cues with ``in`` read the note 300 times (a third of the family's cost). A cue
    without white space is in the note if and only if it is in one of its words (its pieces between white space), and
    words recur from note to note: the cues of each word are remembered (:func:`_cues_in_word`), and only the few
    cues with white space are looked for in the whole note. Remembered for the last few notes, so the five families of
    one note share it.
    """
    spaced, _, _ = _cue_index()
    present = {cue for cue in spaced if cue in lowered}
    for word in set(lowered.split()):
        present.update(_cues_in_word(word) if len(word) <= MAX_CACHED_WORD else _find_cues_in_word(word))
    return frozenset(present)


def find_phrases(note: str, family: str) -> list[tuple[str, str]]:
    """The kinds of ``family`` phrase found in a (cleaned) note, each with the first text that shows it.

    Parameters
    ----------
    note : str
        The note after :func:`clean_note`.
    family : str
        One of :data:`FAMILIES`.

    Returns
    -------
    list of (kind, quote)
        In the family's order of kinds; a kind appears once however often its phrases occur.
    """
    found: list[tuple[str, str]] = []
    # Each cue looked for once (phrases share many), rather than phrase by phrase.
    present = _cues_in(note.lower())
    for phrase in FAMILIES[family]:
        if found and found[-1][0] == phrase.kind:  # a kind split over several entries counts once
            continue
        if phrase.cues and present.isdisjoint(phrase.cues):
            continue
        for match in phrase.pattern.finditer(note):
            if family != "shared_context" or _is_person(match):
                found.append((phrase.kind, " ".join(match[0].split())))
                break
    return found


_NOT_PLACES = frozenset(("freelance", "self-employed", "self employed", "independent", "consultant", "confidential",
                         "stealth", "stealth startup", "various", "none", "n/a", "home", "company", "remote",
                         "university", "college", "school", "high school"))


def _past_places(profile: Profile) -> list[str]:
    """The sender's own past employers and schools, as written in the profile (at most 30)."""
    places = [job.company for job in profile.experience or () if job.company and job.end]
    places += [school.school for school in profile.education or () if school.school]
    kept = []
    for place in places[:30]:
        place = " ".join(place.split())[:100]
        if len(place) >= 3 and place.casefold() not in _NOT_PLACES and place not in kept:
            kept.append(place)
    return kept


@functools.lru_cache(maxsize=4096)
def _place_pattern(place: str) -> re.Pattern[str]:
    # A one-word name ("Shell", "Target") must keep its capital letter; a longer one may be lower case.
    flags = re.IGNORECASE if " " in place else 0
    return re.compile(r"(?<!\w)" + re.escape(place).replace(r"\ ", r"\s+") + r"(?!\w)", flags)


def _may_name(note: str, place: str) -> bool:
    """False when :func:`_place_pattern` cannot match: a one-word name is not in the note as written, or an ASCII
    word of a longer name is not in it in any case (as ``re`` ignores case: :func:`fold_case`). Nearly every place
    fails it, and compiling a pattern for each sender's places cost more than the rest of the family (most places
    are one sender's)."""
    if " " not in place:
        return place in note
    folded = fold_case(note)
    return all(word.lower() in folded for word in place.split(" ") if word.isascii())


def shared_places(note: str, profile: Profile) -> list[str]:
    """The sender's own past employers and schools that the (cleaned) note names."""
    return [p for p in _past_places(profile) if _may_name(note, p) and _place_pattern(p).search(note)]


@functools.lru_cache(maxsize=8192)
def _read(message: str) -> tuple[str, dict[str, tuple[tuple[str, str], ...]]]:
    # Extraction and evidence read the same note: find its phrases once.
    note = clean_note(message)
    return note, {family: tuple(find_phrases(note, family)) for family in FAMILIES}


#: Notes whose classifier reading (:func:`_reading`) is remembered: as many as a batch's chunk holds (1,000 to 2,048
#: profiles, about half with a note), so that the words behind a reason find the reading of extraction. A reading is
#: a few kB.
READINGS = 2048


def _reading(message: str) -> NoteReading:
    return _reading_by(_classifier(), message)


def _likeness(message: str) -> float:
    return _likeness_by(_classifier(), message)


# Keyed on the classifier as well as the note: a process that retrains the classifier (note_classifier.train)
# and scores again must not be answered from the old one's vocabulary.
@functools.lru_cache(maxsize=READINGS)
def _reading_by(classifier: NoteClassifier, message: str) -> NoteReading:
    # Extraction scores the note, and the words behind a reason ask again for its strongest n-grams: read it once.
    return classifier.read(message)


@functools.lru_cache(maxsize=8192)
def _likeness_by(classifier: NoteClassifier, message: str) -> float:
    # Campaigns send one note from many profiles: score each text once.
    return classifier.score_of(_reading_by(classifier, message))


def _message(profile: Profile) -> str | None:
    """The note's text; "" for an invitation without one; None without an invitation."""
    if profile.invitation is None:
        return None
    return (profile.invitation.message or "").strip()


@register
class NoteLanguageExtractor(Extractor):
    name = "note_language"
    version = "1.0"
    description = ("the invitation note's phrases: scam lures, sales pitches, networking boilerplate, requests for "
                   "contact details, a shared context, and how much it reads like template text")
    known_false_positives = (
        "Genuine salespeople, recruiters and founders pitch, ask for a call or a CV, and say \"synergies\"; those "
        "features say \"written like a campaign's note\", not \"fake\".\n"
        "- People who work in finance or crypto write about investments and trading in ordinary notes (\"our FX "
        "trading desk\"); the scam patterns need a lure word next to the topic word, but not every such note "
        "is spared.\n"
        "- A friend's \"call me on 07700 900123\" or \"what's your number?\" counts as asking for contact details.\n"
        "- The classifier's score is less reliable for notes in languages other than English: about four in ten "
        "personal notes in other languages read as template text in cross-validation, because most non-English "
        "training texts are the platform's default note.\n"
        "- A fake may claim a shared context (\"We met at the summit, remember?\"): shared_context lowers the "
        "score, so a lie there is a false negative, not a false positive."
    )
    features = (
        Feature("scam_lure", RAISES),
        Feature("sales_pitch", RAISES),
        Feature("networking_boilerplate", RAISES),
        Feature("contact_harvest", RAISES),
        Feature("template_likeness", RAISES),
        Feature("shared_context", LOWERS),
    )
    # What the note offers or asks is one clue; whether it names something the two share, another: a note can
    # do both ("we met at the summit; here's my crypto opportunity"), and summed together one hides the other.
    clues = {
        "note_phrases": ("scam_lure", "sales_pitch", "networking_boilerplate", "contact_harvest", "template_likeness"),
        "shared_context": ("shared_context",),
    }

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        message = _message(profile)
        if message is None:
            return values
        if not message:
            # An invitation without a note has said nothing: no lure, no pitch, nothing shared.
            return dict.fromkeys(self.feature_names, 0.0)
        note, found = _read(message)
        for family in ("scam_lure", "sales_pitch", "networking_boilerplate", "contact_harvest"):
            values[family] = float(len(found[family]))
        values["shared_context"] = float(len(found["shared_context"]) + bool(shared_places(note, profile)))
        values["template_likeness"] = _likeness(message)
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        # Only the words asked for: the classifier's words score the note again, and the shared places read the
        # sender's employers and schools again.
        message = _message(profile)
        if message is None:
            return dict.fromkeys(self.feature_names, "no invitation")
        if not message:
            words = {family: f"no note, so no {_WHAT[family]} in one" for family in
                     ("scam_lure", "sales_pitch", "networking_boilerplate", "contact_harvest")}
            words["template_likeness"] = "no note, so no template text in one"
            words["shared_context"] = "no note, so nothing shared named in one"
            return words
        note, found = _read(message)
        words = {}
        for family in ("scam_lure", "sales_pitch", "networking_boilerplate", "contact_harvest"):
            if family in wanted:
                words[family] = _phrases_words(family, found[family])
        if "shared_context" in wanted:
            words["shared_context"] = _shared_words(note, found["shared_context"], profile)
        if "template_likeness" in wanted:
            words["template_likeness"] = _likeness_words(message, values["template_likeness"])
        return words


def _shared_words(note: str, found: tuple[tuple[str, str], ...], profile: Profile) -> str:
    places = shared_places(note, profile)
    shared = list(found)
    if places:
        shared.append(("the sender's own past employer or school", places[0]))
    return (_phrases_words("shared_context", tuple(shared)) if shared else
            "the note names no event, colleague, person or place the two share")


def _phrases_words(family: str, found: tuple[tuple[str, str], ...]) -> str:
    if not found:
        return f"no {_WHAT[family]} in the note"
    shown = "; ".join(f"{clip(quote, MAX_PHRASE_QUOTE)!r} ({kind})" for kind, quote in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return f"{len(found)} kind(s) of {_WHAT[family]} in the note: {shown}{more}"


def _likeness_words(message: str, score: float) -> str:
    towards = 1 if score >= 0.5 else -1
    words = ", ".join(repr(w) for w in _strongest_words(message, towards))
    side = "template or pitch text" if towards == 1 else "a personal note"
    return (f"the note classifier reads the note as {score:.0%} template text; the content words pulling most towards "
            f"{side}: {words or 'none'}")


def _strongest_words(message: str, towards: int, k: int = 3) -> list[str]:
    """The note's words holding the n-grams that move the classifier's score most towards one side: for each of the
    30 strongest n-grams in turn, the first content word holding it, until ``k`` different words are found."""
    reading = _reading(message)
    # Short function words ("the", "a") carry weight too, but say nothing a person can check: content words only.
    words = [w for w in reading.text.split() if len(w.strip(_PUNCTUATION)) >= 4]
    # The first word holding an n-gram is found with one search of the words as the classifier pads them (a space on
    # each side), one per line: a word holds no white space, so an n-gram without a newline found there is within one
    # word, and the newlines before it count the words before that one.
    lines = "\n".join(f" {w} " for w in words)
    out: list[str] = []
    for gram, _ in _classifier().strongest_of(reading, 30, towards=towards):
        at = -1 if "\n" in gram else lines.find(gram)
        if at >= 0:
            word = words[lines.count("\n", 0, at)].strip(_PUNCTUATION)
            if word not in out:
                out.append(word)
        if len(out) == k:
            break
    return [clip(w, 24) for w in out]


def _classifier():  # noqa: ANN202 (imported late: the classifier module is not needed to import the extractors)
    from fakeprofile.note_classifier import default_classifier

    return default_classifier()
