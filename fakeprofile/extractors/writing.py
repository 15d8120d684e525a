"""Writing: does the profile's own text read like a language model's (or a template's) polish?

Profiles written by language models (Ayoobi et al. 2023, "The looming threat of fake and LLM-generated
LinkedIn profiles") are complete and plausible; what gives them away is the register: stock phrases of
corporate self-promotion ("passionate about", "proven track record", "spearheaded", "fostering"),
achievements quantified in the same mould ("driving a 25% improvement"), keyword-stacked headlines, and
job descriptions of near-identical length. The phrase list comes from the words reported as over-used in
model-written text (Liang et al. 2024; Kobak et al. 2024) and from LinkedIn's own profile boilerplate,
not from any evaluation data. Its known false positives are ``WritingExtractor.known_false_positives``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection

from fakeprofile.extractors.base import LOWERS, NAN, RAISES, Context, Extractor, Feature, clip, fold_case, register
from fakeprofile.schema import Profile

#: Read at most this much of each text (the schema allows 50,000 characters in a summary).
MAX_TEXT = 5000

_STOCK = re.compile(
    r"\b(passionate (?:about|professional)|dedicated to|committed to|proven track record|results[- ]driven|"
    r"demonstrated history|track record|spearhead\w*|orchestrat\w*|leverag\w*|foster\w*|empower\w*|"
    r"champion\w*|drive[sn]? (?:growth|innovation|impact|results)|driving \w+|cross[- ]functional|"
    r"end[- ]to[- ]end|data[- ]driven|cutting[- ]edge|innovative|innovation|synerg\w*|holistic|seamless\w*|"
    r"meaningful impact|measurable (?:business )?(?:impact|results)|stakeholders?|strategic\w*|dynamic|"
    r"thought leader\w*|like[- ]minded|continuous improvement|delv\w+|tapestry|pivotal|meticulous\w*|"
    r"showcas\w+|underscor\w+|navigat\w+ (?:the )?complex\w*|ensuring|transformative|visionary|"
    r"eager to connect|always eager|sustainable (?:growth|solutions|development))\b",
    re.IGNORECASE,
)
_QUANTIFIED = re.compile(
    r"\b(?:by|of|a|an)\s+\d{1,3}(?:\.\d)?\s?%|\d{1,3}(?:\.\d)?\s?%\s+(?:increase|improvement|reduction|growth|"
    r"decrease|uplift|boost|rise)", re.IGNORECASE)
# The same patterns matched case-sensitively in fold_case(text), which finds the same matches: what extraction
# counts (evidence quotes the text as written, with the patterns above).
_STOCK_FOLDED = re.compile(_STOCK.pattern)
_QUANTIFIED_FOLDED = re.compile(_QUANTIFIED.pattern)
_HEADLINE_SPLIT = re.compile(r"\s[|•·▪–—]\s|\s\|\s?|\|")
_WORD = re.compile(r"\w+")


def _own_text(profile: Profile) -> list[str]:
    parts = [profile.headline or "", profile.summary or ""]
    parts += [job.description or "" for job in profile.experience or ()]
    return [p[:MAX_TEXT] for p in parts if p.strip()]


@register
class WritingExtractor(Extractor):
    name = "writing"
    version = "1.1"
    description = "the register of the profile's own text: stock phrases, templated achievements, uniform descriptions"
    known_false_positives = (
        "Many genuine people write in exactly this register (career coaches, marketers, anyone who polished their "
        "profile with a writing assistant); a high rate is a weak clue alone and means something only together "
        "with the other families."
    )
    clues = {
        "own_text": ("words",),
        "style": ("stock_phrases_per_100_words", "quantified_claims_per_description", "headline_segments",
                  "description_length_spread"),
    }
    features = (
        Feature("words", LOWERS),
        Feature("stock_phrases_per_100_words", RAISES),
        Feature("quantified_claims_per_description", RAISES),
        Feature("headline_segments", RAISES),
        Feature("description_length_spread", LOWERS),
    )

    def extract(self, profile: Profile, ctx: Context) -> dict[str, float]:
        values = dict.fromkeys(self.feature_names, NAN)
        texts = _own_text(profile)
        if not texts:
            # Every text the profile could have shown empty (no headline, summary or descriptions): no words,
            # measured. A text not given at all leaves the count unknown.
            given = [profile.headline, profile.summary, profile.experience]
            if all(part is not None for part in given) and all(j.description is not None for j in profile.experience):
                values["words"] = 0.0
            return values
        # One search over the texts joined by line breaks counts what a search of each would: neither pattern
        # matches a line break (their gaps are literal spaces), which a word boundary treats as a text's end.
        own = "\n".join(texts)
        words = len(_WORD.findall(own))
        values["words"] = float(words)
        if words >= 20:
            values["stock_phrases_per_100_words"] = 100.0 * len(_STOCK_FOLDED.findall(fold_case(own))) / words
        descriptions = [job.description[:MAX_TEXT] for job in profile.experience or ()
                        if (job.description or "").strip()]
        if descriptions:
            values["quantified_claims_per_description"] = (
                sum(len(_QUANTIFIED_FOLDED.findall(fold_case(d))) for d in descriptions) / len(descriptions))
        if len(descriptions) >= 2:
            lengths = [len(d) for d in descriptions]
            values["description_length_spread"] = statistics.pstdev(lengths) / statistics.fmean(lengths)
        if profile.headline and profile.headline.strip():
            values["headline_segments"] = float(len([s for s in _HEADLINE_SPLIT.split(profile.headline[:MAX_TEXT])
                                                     if s.strip()]))
        return values

    def evidence(self, profile: Profile, values: dict[str, float], ctx: Context) -> dict[str, str]:
        return self.evidence_for(profile, values, ctx, self.feature_names)

    def evidence_for(self, profile: Profile, values: dict[str, float], ctx: Context,
                     wanted: Collection[str]) -> dict[str, str]:
        texts = _own_text(profile)
        if not texts:
            return dict.fromkeys(self.feature_names, "the profile has no text of its own (no headline, summary or "
                                                     "job descriptions)")
        rate = values["stock_phrases_per_100_words"]
        # The search is most of this method's cost; extract already counted none when the rate is 0, and the
        # phrases are quoted only for that feature.
        searched = rate != 0 and "stock_phrases_per_100_words" in wanted
        found = [m.group(0).lower() for t in texts for m in _STOCK.finditer(t)] if searched else []
        examples = ", ".join(repr(f) for f in dict.fromkeys(found))
        words = int(values["words"])
        stock = (f"{len(found)} stock phrase(s) of corporate self-promotion in {words} words of the profile's own "
                 f"text" + (f" ({clip(examples, 80)})" if found else "")) if rate == rate else \
            f"too little text ({words} words) to judge its register"
        quantified = values["quantified_claims_per_description"]
        spread = values["description_length_spread"]
        segments = values["headline_segments"]
        stock_words = {"stock_phrases_per_100_words": stock} if "stock_phrases_per_100_words" in wanted else {}
        return stock_words | {
            "words": f"{words} words of the profile's own text",
            "quantified_claims_per_description": "no job descriptions" if quantified != quantified
            else f"{quantified:.1f} percentage achievements ('by 25%') per job description",
            "headline_segments": "no headline" if segments != segments
            else f"headline stacks {int(segments)} keyword segment(s)",
            "description_length_spread": "fewer than two job descriptions to compare" if spread != spread
            else f"job descriptions vary in length by {spread:.0%} (model-written ones are alike)",
        }

