"""The clues a synthetic profile can carry: one knob per clue the seeds name.

Every clue the extractors measure is a knob here, with the seed passage it comes from and a *background*
rate: the share of all profiles, genuine and fake alike, that show it for reasons of their own (a genuine
person with two jobs at once, a recruiter whose note is a template). Genuine personas
(:mod:`fakeprofile.synth.genuine`) add the innocent look-alikes they are known for, and fake archetypes
(:mod:`fakeprofile.synth.fakes`) the clues they carry, each at a declared rate. So a clue occurs in both
classes at different rates, and a model learns how much it matters rather than that it exists.

The language-model tells (``llm_vocabulary`` to ``empty_braces``, issue 18) come from published work on
LLM-written LinkedIn profiles, summarised in :mod:`fakeprofile.synth.fakes`; the ``llm_persona`` archetype
carries them, and careful genuine writers, writing-assistant users and people who kept LinkedIn's suggested
About text show them too.

Three families of clue are categorical rather than on/off, because a profile has one photo and one note:
the photo's kind, the note's kind, and the summary's style. Their knobs are the ``photo:*``, ``note:*``
and ``summary:*`` entries: a persona or archetype gives a distribution over the kinds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clue:
    """One knob: its name, the seed passage it comes from, what a person sees, and its background rate."""

    name: str
    seed: str
    words: str
    background: float


CLUES: dict[str, Clue] = {c.name: c for c in (
    # Connections and activity
    Clue("few_connections", "001 #1", "one or two connections after years of full-time work", 0.015),
    Clue("young_account", "001 #1", "an account opened weeks ago for a career of years", 0.04),
    Clue("bulk_invites", "001 'blind invitations'", "hundreds of invitations a month", 0.02),
    Clue("low_acceptance", "001 'keep your acceptance rate up'", "few invitations accepted", 0.05),
    Clue("idk_reports", "000 'I don't know this person' x5; 004 5 to 7 reports", "several 'I don't know' reports",
         0.02),
    Clue("never_posts", "Cresci 2015: fake followers never post", "no posts ever", 0.05),
    # Completeness ("the profile has none", shown empty)
    Clue("no_descriptions", "001 #4 'No job descriptions, just a listing'", "jobs without descriptions", 0.04),
    Clue("no_skills", "000 reason 4 'key sections not completed'", "no skills listed", 0.04),
    Clue("no_education", "000 reason 4 'key sections not completed'", "no education listed", 0.04),
    # Name
    Clue("org_name", "000 reason 3 'a company name with a company logo'", "an organisation's name as the name",
         0.004),
    Clue("name_digits", "000 reason 1 'I don't recognise your name'", "digits in the name", 0.003),
    # Timeline
    Clue("overlap_fulltime", "001 #5 'Oracle and IBM at the same time'", "two full-time jobs at once", 0.02),
    Clue("undated_job", "001 #5 'job dates left out'", "a job without dates", 0.04),
    Clue("hs_masters", "001 #8 'a Masters at Upper Canada College'", "a Master's from a secondary school", 0.002),
    Clue("degree_order", "001 #8 'incoherent narrative'", "a Master's finished before the Bachelor's began", 0.003),
    Clue("study_abroad_while_working", "001 #8 'degree in Sao Paulo, then in Canada'",
         "a degree abroad while working full time at home", 0.004),
    # Geography
    Clue("far_away", "001 #2 'HR in Brazil connecting with Toronto'", "a sender on another continent", 0.04),
    Clue("remote_employer", "001 #8 'incongruities'", "a current employer far from home", 0.03),
    # Invitation note modifiers (the note's kind is a categorical knob, see NOTE_KINDS)
    Clue("contact_request", "004 'What is your PHONE NUMBER?'", "asks for a phone number or email", 0.004),
    Clue("shouting", "004 'the exclamation point, the smiley face and the all caps'", "capitals, '!' and emoji",
         0.01),
    Clue("campaign_note", "001 'blind invitations'; 004 mass requests", "the same note as many other senders",
         0.005),
    # Photo modifiers (the photo's kind is a categorical knob, see PHOTO_KINDS)
    Clue("tiny_photo", "000 reason 5 'a small one'", "a tiny photo", 0.02),
    Clue("shared_photo", "001 #6 'this photo used six times'", "the same photo as other profiles", 0.004),
    # Writing
    Clue("polished_text", "Ayoobi et al. 2023: LLM-written profiles", "the stock phrases of machine-written text",
         0.08),
    Clue("keyword_headline", "issue: long keyword headlines", "a headline stacked with keywords", 0.06),
    # Language-model tells (issue 18; sources in :mod:`fakeprofile.synth.fakes`, ``llm_persona``). How strong
    # a writing tell is depends on who carries it: a persona written by a model carries it heavily, a person
    # who ran a few sentences through a writing assistant lightly (see ``draw._excess``).
    Clue("llm_vocabulary", "Kobak et al. 2025 excess vocabulary; Gulati et al. 2025",
         "words models over-use: delve, pivotal, showcasing, meticulous, tapestry", 0.05),
    Clue("llm_boilerplate", "Ayoobi et al. 2023; LinkedIn's own suggested About text",
         "an About framed 'Experienced ... with a demonstrated history of ... Skilled in ... Passionate about ...'",
         0.03),
    Clue("invented_employers", "Ayoobi et al. 2023; Gulati et al. 2025",
         "plausible invented employers ('GreenTech Innovations', 'EcoSolutions Pvt. Ltd.')", 0.03),
    Clue("round_counts", "Gulati et al. 2025: declared, not grown, numbers", "round connection and follower counts",
         0.03),
    Clue("tidy_career", "Ayoobi et al. 2023: a career invented in one go",
         "a ladder of evenly spaced promotions, one step up every few years", 0.03),
    Clue("placeholder_text", "issue 18: a prompt's template left in", "a placeholder left in: '[Company Name]'",
         0.002),
    Clue("empty_braces", "issue 18: a generator's empty section", "a literal '{}' where a text should be", 0.002),
    # The profile page and the invitation's context (issue 19). Rates are sourced in
    # :mod:`fakeprofile.synth.fakes` (the archetypes) and :mod:`fakeprofile.synth.genuine` (the look-alikes);
    # a background rate with no published figure behind it is an assumption, said so here.
    # Assumption: a tenth of genuine invitations go to someone outside the sender's network (met at an event,
    # read their post); the persona's own network draws many more zeros (``draw._mutual``).
    Clue("no_mutual_connections", "000 reason 7 'no common connections - not even 3rd degree'",
         "no connection in common with the recipient", 0.10),
    # Assumption: most people share no group with a stranger anyway (groups are little used), so the clue is
    # weak; 004 shows a spammer who joined the recipient's groups to reach them ('LinkedIn groups in common').
    Clue("no_shared_groups", "000 reason 7 'or a group'; 000 'no connections or groups in common'",
         "no group in common with the recipient", 0.10),
    # Seed 003: endorsements asked for "using a much different (lower) standard" and "blast out 'please
    # recommend me' messages to every single one of their LinkedIn connections". The knob chosen: many
    # endorsements from a handful of endorsers, out of proportion to the connections (a ring of accounts
    # endorsing every skill of each other). Assumption: 3% of genuine people (a team that endorses each
    # other on everything). In both classes, 30% of the rings on a page showing fewer than 500 connections
    # also show more distinct endorsers than connections (endorsed, then disconnected; or a stale count):
    # ``fakeprofile.synth.draw.ENDORSERS_BEYOND_CONNECTIONS``, an assumption.
    Clue("endorsement_ring", "003 'ask for endorsements ... a much different (lower) standard'",
         "many endorsements from a handful of people, out of proportion to the connections", 0.03),
    # Akyon & Kalfaoglu 2019 (InstaFake, arXiv 1910.03090) use the username's digit count and length as fake
    # account features; the 2% background (a name change, a gamer tag) is an assumption.
    Clue("random_handle", "000 reason 1 'I don't recognise your name'; Akyon & Kalfaoglu 2019 username digits",
         "a handle of digit runs or random letters, or another person's name", 0.02),
    # Assumption: a tenth of the genuine people who show a website show a free-hosted portfolio, a shortened
    # link or a side business unrelated to their employer. Applies to profiles that show a website.
    Clue("odd_website", "issue 19: website oddities (001 #8 'incongruities')",
         "a link shortener, a free host, or a domain unrelated to the name and the employer", 0.10),
    # A weak clue, and a judgement: the seeds do not name it, and on Instagram (Akyon & Kalfaoglu 2019) private
    # accounts are more often genuine. On LinkedIn a profile hidden from search engines keeps a stolen photo
    # out of the reverse image search the seeds use (000 reason 6, 001 #6); privacy-minded people hide it too.
    Clue("private_profile", "000 reason 6 and 001 #6 (reverse image search); judgement, see comment",
         "a profile hidden from the public", 0.05),
    # Seed 001 #7: "a field of flowers as a background banner". Assumption: 15% of the genuine people who
    # upload a banner pick a stock picture. Applies to profiles that show a banner of their own.
    Clue("stock_banner", "001 #7 'a field of flowers as a background banner'",
         "a banner that is a copy of a stock picture", 0.15),
    # Seed 004: "I see your an attorney ... what your up to" ("the grammar errors ... just sloppy"). Genuine
    # people typing on a phone slip too; the 4% is an assumption. Applies to notes the sender wrote (not the
    # platform's default text, not a campaign's fixed text).
    Clue("grammar_slip", "004 'I see your an attorney' (your for you're)",
         "a slip in the note: your/you're, its/it's, then/than, 'could of', a doubled word, no capital", 0.04),
)}

#: The clues of issue 19 (the profile page and the invitation's context). :mod:`fakeprofile.synth.draw` rolls
#: them, and draws everything they touch, from a profile's second random stream, so adding them left every
#: earlier field of every profile exactly as it was.
PAGE_CLUES = frozenset({"no_mutual_connections", "no_shared_groups", "endorsement_ring", "random_handle",
                        "odd_website", "private_profile", "stock_banner", "grammar_slip"})

#: The photo a profile shows. ``known`` is a copy of a stock or celebrity picture (the seeds' reverse image
#: search); ``object`` a pet, car or flowers instead of a face; ``drawing`` an Andy-Warhol-like picture.
PHOTO_KINDS = ("portrait", "none", "avatar", "logo", "known", "object", "drawing")
#: The note sent with an invitation. ``default`` is the platform's own; ``template`` a bare template;
#: ``lying`` claims something about the recipient that their profile contradicts (004's "your an attorney").
NOTE_KINDS = ("none", "personal", "default", "template", "generic", "pitch", "lying", "graduate", "lion",
              "freelance", "recruiter", "company", "polished")
#: The summary's style; ``none`` is a summary shown empty (001 #4: "No Summary at all").
SUMMARY_KINDS = ("none", "short", "plain", "polished", "graduate", "recruiter", "lion", "freelance",
                 "sales_spam", "company")


def check_rates(owner: str, rates: dict[str, float]) -> None:
    """Refuse a rate table naming an unknown clue or a rate outside [0, 1]."""
    for name, rate in rates.items():
        if name not in CLUES:
            raise ValueError(f"{owner}: unknown clue {name!r}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{owner}: rate of {name!r} must be in [0, 1], got {rate}")


def check_kinds(owner: str, weights: dict[str, float], kinds: tuple[str, ...]) -> None:
    """Refuse a distribution over kinds naming an unknown kind or summing to nothing."""
    unknown = set(weights) - set(kinds)
    if unknown:
        raise ValueError(f"{owner}: unknown kind(s) {sorted(unknown)}")
    if sum(weights.values()) <= 0:
        raise ValueError(f"{owner}: weights sum to nothing")
