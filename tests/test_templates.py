"""The template corpus and matcher: seed messages, genuine notes, paraphrases, hostile input.

* Every invitation quoted in the seeds matches a template of the expected category.
* Genuine personal notes (written for this test, about shared, specific context) match nothing:
  at most 1% may.
* Paraphrases of every corpus template are matched (to a template of the same category) at 99% or
  more. A paraphrase, drawn with a fixed seed: one to three typos in the template's own words (not in
  the merged names: mail-merge fills those), the placeholders filled with new names, companies, URLs
  and phone numbers, then one sentence operation among those that keep the message recognisable: a
  pleasantry added anywhere, two adjacent sentences swapped, or a short sentence (at most 40% of the
  text) dropped. The recipient's and sender's names are passed to ``match`` as the extractor does.
* No string makes ``normalize_message`` or ``match`` raise or take long.
"""

from __future__ import annotations

import json
import random
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakeprofile import templates
from fakeprofile.templates import (
    CATEGORIES,
    MAX_INPUT_CHARS,
    Match,
    TemplateCorpusWarning,
    TemplateEntry,
    TemplateIndex,
    add_templates_file,
    corpus_digest,
    corpus_entries,
    corpus_mismatch,
    default_index,
    load_entries,
    normalize_message,
    remove_template,
    reworded,
    warn_if_corpus_differs,
)

MIN_PARAPHRASE_RECALL = 0.99
MAX_GENUINE_MATCH_RATE = 0.01
PARAPHRASES_PER_TEMPLATE = 6


@pytest.fixture(scope="module")
def index() -> TemplateIndex:
    """The shipped corpus alone (never the user's own templates)."""
    return default_index(include_user=False)


# --------------------------------------------------------------------------------------------------
# The seeds

SEED_MESSAGES = [
    ("I'd like to add you to my professional network on LinkedIn.", "platform-default"),
    ("I’d like to add you to my professional network on LinkedIn.", "platform-default"),
    ("LinkedIn suggested you as a marketing leader with whom I should connect. if you are open to it.",
     "generic-networking"),
    ("I think we can mutually help each other, let’s connect.", "generic-networking"),
    ("You seem interesting, let’s get to know each other.", "romance"),
    ("I want to tell you about a terrific new product we have", "sales-pitch"),
    ("Came across your profile here and noticed we had LinkedIn groups in common, was intrigued and would love "
     "to connect. I see your an attorney in New York. Excited to learn more about what your up to professionally.",
     "generic-networking"),
    ("I developed a method that gives you many leads and more on LinkedIn, Facebook, Twitter and many others in "
     "24 hours! I would love to run a quick test 🙂 What is your PHONE NUMBER?", "growth-hack"),
    ("We share ten connections so we should be connected too", "generic-networking"),
    ("want to start recommending me to people, and vice versa?", "generic-networking"),
    ("maybe we will need each other’s help at some point.", "generic-networking"),
]  # fmt: skip


@pytest.mark.parametrize(("message", "category"), SEED_MESSAGES)
def test_seed_message_matches_its_category(index: TemplateIndex, message: str, category: str) -> None:
    m = index.match(message)
    assert m is not None, message
    assert m.category == category
    assert m.similarity >= 0.6


@pytest.mark.parametrize(("message", "category"), SEED_MESSAGES)
def test_seed_message_matches_when_wrapped_in_quotes_and_invisible_characters(
    index: TemplateIndex, message: str, category: str
) -> None:
    disguised = "“\u200b" + message.upper().replace(" ", "  \u202e", 3) + "\ufeff”"
    m = index.match(disguised)
    assert m is not None and m.category == category


# --------------------------------------------------------------------------------------------------
# Genuine personal notes

GENUINE = [
    "Hi Anna, great meeting you at PyCon yesterday. I'd love to keep in touch about the packaging talk.",
    "Hey Tom, it was good catching up at Sarah's wedding. Let's grab lunch when you're back in Leeds.",
    "Hi Priya, we spoke briefly after your keynote at the data summit in Berlin. Your point about label noise stuck with me.",  # noqa: E501
    "Hello Marco, I'm the new product manager on the payments team. Looking forward to working with you on the Q3 roadmap.",  # noqa: E501
    "Hi Julia, thanks for the thoughtful review of my pull request on the scheduler. Connecting so I can follow your work.",  # noqa: E501
    "Hi Ken, we were in the same cohort at the Kellogg evening MBA, 2016. Good to find you here!",
    "Lena, it was a pleasure to be on the panel with you at the Hamburg logistics forum last Thursday.",
    "Hi David, my manager Rachel suggested I reach out about the internal mobility program in the Dublin office.",
    "Hi Omar, I read your article on cold-chain monitoring for vaccines and have a question about the sensor calibration.",  # noqa: E501
    "Hey, it's Jess from the climbing gym! Didn't know you worked in biotech too.",
    "Hi Mr. Okafor, I was your student in the 2019 structural engineering course and just passed my PE exam. Thank you for everything.",  # noqa: E501
    "Hi Sven, following up on our call this morning about the warehouse lease in Malmö. Sending the floor plans by email.",  # noqa: E501
    "Hi Clara, we met at the Women in Robotics meetup in Zurich. I'm the one who asked about the gripper design.",
    "Hi Jamal, congrats on the Series A for Fieldnote! I was at Stripe with your cofounder Mia.",
    "Hey Luis, thanks again for helping me move the piano last weekend. Adding you here too.",
    "Hi Dr. Chen, I'm a second-year PhD student in Ana Ruiz's lab; she said you might have a spare slot on the confocal microscope.",  # noqa: E501
    "Hi Nadia, I'll be taking over the Acme account from Peter next month and wanted to introduce myself before the handover meeting.",  # noqa: E501
    "Hi Greg, you left your umbrella in our meeting room at the Lisbon office. It's at reception.",
    "Hi Yuki, I enjoyed your workshop on accessible forms. We're rebuilding our checkout and would love your feedback on the prototype.",  # noqa: E501
    "Hi Ben, my sister Emma worked with you at the county library. She says you know everything about grant writing for small archives.",  # noqa: E501
    "Hello Fatima, I chaired session 4B at ICML where you presented the sparse attention poster. The reviewers loved it.",  # noqa: E501
    "Hi Pete, old teammate from the 2012 Oracle support desk here. Can't believe it's been ten years.",
    "Hi Sofia, thank you for the referral to the design team at Figma. I have my second interview on Friday!",
    "Hi Arjun, we sat next to each other on the delayed flight to Pune and talked about monsoon forecasting.",
    "Hi Claire, your comment on my post about hospital staffing ratios was spot on. I'd like to hear more about the Ontario pilot.",  # noqa: E501
    "Hey Dan, it's Mike from the 5-a-side football on Tuesdays. Saw you're at Ocado now, nice move.",
    "Hi Ingrid, I'm organising the alumni reunion for the 2005 class of the Oslo School of Architecture. Would you like to help?",  # noqa: E501
    "Hi Rob, thanks for the quick answer on the Postgres mailing list about vacuum settings. Saved our weekend.",
    "Hello Aisha, I'm the volunteer coordinator at the food bank on Elm Street; Maria said you might help with the spreadsheet.",  # noqa: E501
    "Hi Victor, good to meet you at the school gate this morning. Here's the contact for the violin teacher I mentioned.",  # noqa: E501
    "Hi Hannah, I was on the hiring panel for your interview last week. Whatever the outcome, your case study was excellent.",  # noqa: E501
    "Hi Leo, we both contributed to the OpenStreetMap import for Nairobi. I'd like to coordinate on the building footprints.",  # noqa: E501
    "Hi Zoe, your team's migration from Jenkins to GitHub Actions sounds like ours. Could we compare notes over coffee?",  # noqa: E501
    "Hi Paul, I bought your old bike on the marketplace and noticed we work at the same hospital. Small world!",
    "Hi Mei, I'm writing a thesis chapter on your 2018 paper about rural microcredit and would like to cite the unpublished appendix.",  # noqa: E501
    "Hi Tariq, thanks for hosting the Ramadan iftar at the office. The lentil soup recipe, please!",
    "Hi Elena, I'm the translator who worked on the Spanish edition of your handbook. The publisher asked me to confirm two terms.",  # noqa: E501
    "Hi Chris, we met at the Portland marathon expo; you were at the physiotherapy booth and fixed my knee tape.",
    "Hi Olga, Andrei from the Kyiv office here. I'm relocating to Warsaw in May and would appreciate your advice on the team.",  # noqa: E501
    "Hi Sam, I'm the parent volunteer running the robotics club at Northfield Primary. Your company's donation of kits was wonderful.",  # noqa: E501
    "Hi Grace, remember the hackathon in 2014 where our smart fridge caught fire? I finally shipped a product that works.",  # noqa: E501
    "Hi Noah, my colleague Ruth forwarded your question about the SAP migration timeline. I ran that project and can help.",  # noqa: E501
    "Hi Amira, your talk at the Cairo fintech week about mobile wallets for farmers was the highlight of my trip.",
    "Hi Jonas, we exchanged emails about the apartment swap in Copenhagen for August. Is it still on?",
    "Hi Beatriz, I'm the new lab manager in building C. Please let me know if the freezer alarm goes off again.",
    "Hi Kwame, I reviewed your open-source parser for the Twi language and opened an issue about tone marks.",
    "Hi Laura, we spoke at the career fair at UCL about the graduate scheme in actuarial science. Thanks for the tips on the exams.",  # noqa: E501
    "Hi Ethan, I was the sound engineer at your band's gig at the Fleece in Bristol. Great set.",
    "Hello Ms. Rossi, I'm contacting you on behalf of the parish council about the flood defence survey you ran in 2020.",  # noqa: E501
    "Hi Ravi, your answer on Stack Overflow about numpy broadcasting has saved me three times. Just wanted to say thanks.",  # noqa: E501
    "Salut Camille, on s'est croisés au salon VivaTech, stand de l'INRIA. Je travaille aussi sur la vision par ordinateur.",  # noqa: E501
    "Hallo Jens, wir haben uns beim Barcamp in Köln über Open Data im Nahverkehr unterhalten. Ich melde mich wegen der Fahrplandaten.",  # noqa: E501
    "Hola Diego, nos conocimos en el curso de liderazgo en Bogotá. ¿Sigues trabajando en el proyecto de agua potable?",
    "Hi Ana, I'm Kate, the freelance illustrator who did the cover for your cookbook. The print proofs look great.",
    "Hi Martin, after our chat in the lift, here's the link to the cycling club: we ride Sundays at 8.",
    "Hi Ruth, sorry I missed your leaving drinks. Best of luck at the Met Office, they're lucky to have you.",
    "Hi Felix, your thread on bird migration radar data was fascinating. I run a small weather station network in Norfolk.",  # noqa: E501
    "Hi Gemma, we were both mentors at the Code First Girls spring cohort. Want to co-host a session on interviews?",
    "Hi Ahmed, I'm the site supervisor at the Riverside project. The crane inspection is moved to Wednesday 7am.",
    "Hi Lucy, Professor Hale asked me to send you the corrected data tables for the joint paper before the deadline.",
]

GENUINE_NAMES = re.compile(r"^(?:Hi|Hey|Hello|Hallo|Hola|Salut)\s+(?:Mr\.|Ms\.|Dr\.)?\s*([A-Z]\w+)")


@pytest.mark.parametrize("note", GENUINE)
def test_genuine_note_matches_no_template(index: TemplateIndex, note: str) -> None:
    names = [m[1]] if (m := GENUINE_NAMES.match(note)) else []
    assert index.match(note) is None
    assert index.match(note, names=names) is None


def test_genuine_notes_are_at_most_one_percent_matched(index: TemplateIndex) -> None:
    assert len(GENUINE) >= 40
    matched = [n for n in GENUINE if index.match(n) is not None]
    assert len(matched) <= MAX_GENUINE_MATCH_RATE * len(GENUINE), matched


# --------------------------------------------------------------------------------------------------
# Paraphrases

FIRST = ["Maria", "Sipho", "Chloé", "Mateus", "Ivana", "Kenji", "Aaliyah", "Bartosz", "Nkechi", "Henrik",
         "Leilani", "Dmitri", "Farah", "Quentin", "Soo-ah", "Tomasz", "Ifeoma", "Rafael", "Astrid", "Jun"]
LAST = ["Okonkwo", "Lindqvist", "Moreau", "Tanaka", "Kowalczyk", "Haddad", "Fernandes", "Novak", "Abernathy",
        "Mbeki", "Castillo", "Ivanova"]
FILL = {
    "company": ["Brightwave Ltd", "Nordic Freight AS", "Quantix Labs", "Helios Energy", "Pinebrook Partners"],
    "title": ["data engineer", "HR director", "product designer", "CFO", "nurse manager"],
    "industry": ["logistics", "healthcare", "fintech", "retail", "construction"],
    "city": ["Toronto", "Lagos", "Munich", "Austin", "Manila"],
    "url": ["https://bit.ly/3xYz9Q", "www.growfast-leads.com/free", "http://claim-now.io/a?b=1"],
    "phone": ["+1 415 555 0134", "+44 7700 900123", "+234 803 555 0199"],
}
PLEASANTRIES = ["Hope you are doing well.", "Have a great day!", "Thanks in advance.",
                "Looking forward to hearing from you.", "Best regards.", "Cheers!", "Hope your week is going well.",
                "Thank you for your time.", "Stay safe.", "Greetings from sunny Lisbon!"]  # fmt: skip
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def paraphrase(text: str, rng: random.Random) -> tuple[str, tuple[str, str], str]:
    """A paraphrase of a template, the (recipient, sender) names in it, and the sentence operation used."""
    recipient, sender = rng.choice(FIRST), f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    text, op = reworded(text, rng, typos=rng.randint(1, 3), pleasantries=PLEASANTRIES)

    def fill(m: re.Match[str]) -> str:
        kind = m[1]
        if kind in ("name", "sender"):
            return recipient if kind == "name" else sender
        return rng.choice(FILL[kind])

    return PLACEHOLDER.sub(fill, text), (recipient, sender), op


def test_paraphrase_generator_changes_every_message(index: TemplateIndex) -> None:
    rng = random.Random(1)
    for e in index.entries:
        text, _, _ = paraphrase(e.text, rng)
        assert normalize_message(text) != normalize_message(e.text)


def test_paraphrases_are_matched_to_their_category(index: TemplateIndex) -> None:
    rng = random.Random(20240605)
    total = same_category = same_id = 0
    missed = []
    for e in index.entries:
        for _ in range(PARAPHRASES_PER_TEMPLATE):
            text, names, op = paraphrase(e.text, rng)
            m = index.match(text, names=names)
            total += 1
            same_category += m is not None and m.category == e.category
            same_id += m is not None and m.id == e.id
            if m is None or m.category != e.category:
                missed.append((e.id, op, text, m and (m.id, m.similarity)))
    assert same_category / total >= MIN_PARAPHRASE_RECALL, missed
    assert same_id / total >= 0.95  # the rest go to a near-identical sibling (platform-default-01/-02/-08)


# --------------------------------------------------------------------------------------------------
# Normalisation

@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Hello   World\n\tagain", (), "hello world again"),
        ("ＬｉｎｋｅｄＩｎ ﬁle", (), "linkedin file"),  # NFKC: full width, ligature
        ("STRASSE Straße", (), "strasse strasse"),  # casefold
        ("in\u200bvis\u200dible\u2060 \u202eoverride\u202c \u2066iso\u2069 \ufeffbom", (), "invisible override iso bom"),  # noqa: E501
        ("let’s connect, let's connect", (), "lets connect lets connect"),
        ("Hi Anna-Lena Smith, I'm Bob", ("Anna-Lena Smith", "Bob Jones"), "hi <name> im <name>"),
        ("Hi Anna, greetings Smith", ("Anna Smith",), "hi <name> greetings <name>"),
        ("Hi {name}, I'm {sender} from {company}", (), "hi <name> im <name> from <company>"),
        ("mail me: j.doe+x@mail.example.co.uk", (), "mail me <email>"),
        ("see https://bit.ly/abc?x=1 or www.foo.com or foo.io/x", (), "see <url> or <url> or <url>"),
        ("call +1 (415) 555-0134 now", (), "call <phone> now"),
        ("earn $500 in 24 hours, 10x", (), "earn $ <num> in <num> hours <num> x"),
        ("notes.txt, ftp://x and acme.co", (), "notes txt ftp x and <url>"),  # a dot without a known domain stays
        ("{ unknown } and {city}; reach me @ home", (), "unknown and <city> reach me home"),  # "@" without an address
        ("ſee HTTPS://X.IO", ("Ann",), "see <url>"),
        ("I will grow", ("Will Smith",), "i will grow"),  # common-word names are not replaced on their own
        ("", (), ""),
        ("\u200b\u200e\u202e", (), ""),
    ],
)
def test_normalize_message(text: str, names: tuple[str, ...], expected: str) -> None:
    assert normalize_message(text, names=names) == expected


def test_normalize_message_reads_a_bounded_prefix() -> None:
    out = normalize_message("word " * 200_000)
    assert len(out) <= MAX_INPUT_CHARS
    assert len(normalize_message("\ufdfa" * 100_000)) <= MAX_INPUT_CHARS  # NFKC expands this one 18-fold


# --------------------------------------------------------------------------------------------------
# The index


def test_exact_copy_has_similarity_one(index: TemplateIndex) -> None:
    e = index.entries[10]
    m = index.match(e.text)
    assert m == Match(e.id, e.category, 1.0, e.text)


def test_near_copy_reports_exact_jaccard() -> None:
    idx = TemplateIndex([("x-01", "sales-pitch", "Hi {name}, want 10x more leads from LinkedIn? Reply YES today.")])
    m = idx.match("Hi Bob, want 10x more leads from LinkedIn?? Reply YES now.", names=["Bob"])
    assert m is not None and m.id == "x-01"
    q = normalize_message("Hi Bob, want 10x more leads from LinkedIn?? Reply YES now.", names=["Bob"])
    t = normalize_message("Hi {name}, want 10x more leads from LinkedIn? Reply YES today.")
    a, b = ({x[i : i + 5] for i in range(len(x) - 4)} for x in (q, t))
    assert m.similarity == pytest.approx(len(a & b) / len(a | b), abs=1e-6)


def test_a_text_sent_to_many_recipients_is_searched_once() -> None:
    idx = TemplateIndex([("x-01", "sales-pitch", "Hi {name}, want 10x more leads from LinkedIn? Reply YES today.")])
    to_bob = idx.match("Hi Bob, want 10x more leads from LinkedIn?? Reply YES now.", names=["Bob"])
    to_eve = idx.match("Hi Eve, want 10x more leads from LinkedIn?? Reply YES now.", names=["Eve"])
    assert to_bob is not None and to_bob == to_eve and idx._searched.cache_info().hits == 1
    idx.threshold = 0.99  # the threshold is part of what was searched for
    assert idx.match("Hi Bob, want 10x more leads from LinkedIn?? Reply YES now.", names=["Bob"]) is None
    idx.add([("x-02", "romance", "Hello dear, you have a kind smile and I would love to know you better.")])
    assert idx._searched.cache_info().currsize == 0


def test_signatures_are_datasketch_minhashes() -> None:
    from datasketch import MinHash

    norm = normalize_message("Hi Bob, I would love to run a quick test campaign 🙂 for ACME! مرحبا")
    m = MinHash(num_perm=templates.NUM_PERM, seed=templates.SEED, hashfunc=templates._hash)
    m.update_batch([norm[i : i + 5].encode("utf-8") for i in range(len(norm) - 4)])
    assert (templates._signatures([templates._shingles(norm)])[0] == m.hashvalues).all()


def test_permutations_are_datasketchs_without_importing_it() -> None:
    import subprocess
    import sys

    from datasketch import MinHash

    expected = MinHash(num_perm=templates.NUM_PERM, seed=templates.SEED, hashfunc=templates._hash).permutations
    assert templates._permutations().dtype == np.uint32
    assert np.array_equal(templates._permutations(), np.asarray(expected, dtype=np.uint32))
    # Building an index must not import datasketch (about 1 s of CPU): a fresh process checks it.
    code = ("import sys; from fakeprofile.templates import TemplateIndex; "
            "TemplateIndex([('a-01', 'sales-pitch', 'Hi {name}, want more leads? Reply YES today.')]); "
            "sys.exit('datasketch' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_unrelated_text_matches_nothing(index: TemplateIndex) -> None:
    assert index.match("The quarterly report is attached; revenue grew in the Nordics.") is None
    assert TemplateIndex().match("I'd like to add you to my professional network on LinkedIn.") is None


def test_index_is_deterministic() -> None:
    entries = load_entries(templates.data_dir() / "templates.tsv")
    a, b = TemplateIndex(entries), TemplateIndex(list(reversed(entries)))
    rng = random.Random(3)
    for e in entries[::7]:
        text, names, _ = paraphrase(e.text, rng)
        ma, mb = a.match(text, names=names), b.match(text, names=names)
        assert (ma and (ma.category, ma.similarity)) == (mb and (mb.category, mb.similarity))
        assert a.match(text, names=names) == ma


def test_add_validates_entries() -> None:
    idx = TemplateIndex([("a-01", "romance", "Hello dear, can we be friends on WhatsApp?")])
    with pytest.raises(ValueError, match="duplicate template id 'a-01'"):
        idx.add([("a-01", "romance", "Another text that is long enough.")])
    with pytest.raises(ValueError, match="category 'spam'"):
        idx.add([("a-02", "spam", "Another text that is long enough.")])
    with pytest.raises(ValueError, match="id 'Bad Id'"):
        idx.add([("Bad Id", "romance", "Another text that is long enough.")])
    with pytest.raises(ValueError, match="too short"):
        idx.add([("a-03", "romance", "hi")])
    assert len(idx) == 1
    assert idx.add([TemplateEntry("a-02", "romance", "Hi dear, I am a ship captain and travel a lot.")]) == 1
    assert idx.match("Hi dear, I am a ship captain and travel a lot!").id == "a-02"


# --------------------------------------------------------------------------------------------------
# The corpus and user files


def test_shipped_corpus_has_every_category() -> None:
    entries = load_entries(templates.data_dir() / "templates.tsv")
    assert len(entries) >= 160
    assert len({e.id for e in entries}) == len(entries)
    for category in CATEGORIES:
        assert sum(e.category == category for e in entries) >= 15, category
    assert all(e.id.startswith(e.category + "-") for e in entries)


def test_load_entries_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "t.tsv"
    path.write_text("id\tcategory\ttext\n# comment\n\nok-01\tromance\tHello dear, let us be friends.\n"
                    "bad-01\tromance\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"t\.tsv:5: expected 3 text fields"):
        load_entries(path)


def test_add_templates_file_appends_to_user_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user" / "templates.tsv"
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(user))
    default_index.cache_clear()
    new = tmp_path / "mine.tsv"
    new.write_text("mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.\n",
                   encoding="utf-8")
    assert add_templates_file(new) == 1
    assert [e.id for e in load_entries(user)] == ["mine-01"]
    assert default_index().match("Hi Jo, our drones inspect wind turbines in one hour flat!", names=["Jo"]).id == "mine-01"  # noqa: E501
    with pytest.raises(ValueError, match="already in"):
        add_templates_file(new)
    clash = tmp_path / "clash.tsv"
    clash.write_text("mine-02\tromance\tHello dear, be my friend please.\n"
                     "platform-default-01\tromance\tsomething long enough here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="shipped corpus"):
        add_templates_file(clash)
    assert [e.id for e in load_entries(user)] == ["mine-01"]  # nothing written on failure
    default_index.cache_clear()


@pytest.fixture
def user_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user corpus of this test's own; the cached index is rebuilt before and after."""
    user = tmp_path / "user" / "templates.tsv"
    monkeypatch.setenv("FAKEPROFILE_TEMPLATES", str(user))
    default_index.cache_clear()
    yield user
    default_index.cache_clear()


def _add(tmp_path: Path, *lines: str) -> int:
    new = tmp_path / "mine.tsv"
    new.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return add_templates_file(new)


def test_corpus_entries_are_the_shipped_ones_then_yours_with_their_source(user_corpus: Path, tmp_path: Path) -> None:
    shipped = load_entries(templates.data_dir() / "templates.tsv")
    assert corpus_entries() == [(e, "shipped") for e in shipped]
    _add(tmp_path, "mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.")
    listed = corpus_entries()
    assert listed[: len(shipped)] == [(e, "shipped") for e in shipped]
    assert [(e.id, source) for e, source in listed[len(shipped) :]] == [("mine-01", str(user_corpus))]
    assert [e for e, _ in listed] == list(default_index().entries)
    assert corpus_entries(include_user=False) == [(e, "shipped") for e in shipped]


def test_remove_template_takes_your_own_out_and_leaves_the_shipped_ones(user_corpus: Path, tmp_path: Path) -> None:
    _add(tmp_path, "mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.",
         "mine-02\tromance\tHello dear, I saw your smile and felt we should talk more.")
    assert default_index().match("Hi Jo, our drones inspect wind turbines in one hour flat!", names=["Jo"]).id == "mine-01"  # noqa: E501
    assert remove_template("mine-01") == user_corpus
    assert [e.id for e in load_entries(user_corpus)] == ["mine-02"]
    assert default_index().match("Hi Jo, our drones inspect wind turbines in one hour flat!", names=["Jo"]) is None
    shipped_id = load_entries(templates.data_dir() / "templates.tsv")[0].id
    with pytest.raises(ValueError, match="shipped corpus, which is not changed"):
        remove_template(shipped_id)
    with pytest.raises(ValueError, match="no template 'mine-01' among your own"):
        remove_template("mine-01")
    remove_template("mine-02")
    assert load_entries(user_corpus) == [] and len(default_index()) == len(default_index(include_user=False))


def test_corpus_digest_is_the_index_digest_training_records(user_corpus: Path, tmp_path: Path) -> None:
    assert corpus_digest() == default_index().digest() == default_index(include_user=False).digest()
    _add(tmp_path, "mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.")
    assert corpus_digest() == default_index().digest() != default_index(include_user=False).digest()


def test_corpus_mismatch_says_how_the_corpus_differs_from_the_models(user_corpus: Path, tmp_path: Path) -> None:
    from fakeprofile.artifact import DEFAULT_MODEL_DIR

    resources = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))["resources"]
    assert corpus_mismatch(resources) is None, "the shipped model was trained with the shipped corpus"
    assert corpus_mismatch(None) is None and corpus_mismatch({}) is None  # a model not saved: nothing to compare
    _add(tmp_path, "mine-01\tsales-pitch\tHi {name}, our drones inspect wind turbines in one hour flat.")
    problem = corpus_mismatch(resources)
    n = resources["templates"]["entries"]
    assert f"({n + 1:,} templates, 1 of them your own in {user_corpus})" in problem
    assert f"trained with ({n} templates)" in problem and "templates remove ID" in problem
    remove_template("mine-01")
    assert corpus_mismatch(resources) is None


def test_the_corpus_warning_is_issued_once(user_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "_WARNED", set())
    resources = {"templates": {"sha256": "0" * 64, "entries": 3}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_if_corpus_differs(resources)
        warn_if_corpus_differs(resources)
    assert [w.category for w in caught] == [TemplateCorpusWarning]
    assert "trained with (3 templates)" in str(caught[0].message)


# --------------------------------------------------------------------------------------------------
# Hostile input

HOSTILE = {
    "empty": "",
    "1 MB": "I'd like to add you to my professional network. " * 21_000,
    "1 MB one word": "a" * 1_000_000,
    "only emoji": "🙂🔥💰👩‍👩‍👧‍👦🇺🇸" * 2000,
    "only combining marks": "\u0301\u0308\u0327" * 10_000,
    "right to left": "مرحبا، أود إضافتك إلى شبكتي المهنية على لينكد إن. " * 50 + "שלום, בוא נתחבר",
    "bidi overrides": "\u202e\u2067" * 5000 + "let's connect",
    "many sentences": "Hi. " * 50_000,
    "digits and dots": "1." * 300_000 + "1(" * 100_000,
    "lone surrogates": "\ud800\udfff\ud83d" * 1000,
    "control characters": "".join(map(chr, range(32))) * 1000,
    "braces": "{name}" * 50_000 + "{" * 10_000,
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_read_only_up_to_the_cap(index: TemplateIndex, text: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """What bounds the cost: the first MAX_INPUT_CHARS characters decide everything, and the text hashed is at
    most that, with the few characters around the gap of each of at most 8 variants, plus any variant shorter than
    a 5-gram (benchmarks/bench_templates.py prints how long these take)."""
    hashed: list[int] = []
    window_keys = templates._window_keys
    monkeypatch.setattr(templates, "_window_keys", lambda norm: hashed.append(len(norm)) or window_keys(norm))
    names = ["Anna", "محمد"]
    norm = normalize_message(text, names=names)
    m = index.match(text, names=names)
    assert isinstance(norm, str) and len(norm) <= MAX_INPUT_CHARS
    assert m is None or isinstance(m, Match)
    gaps = templates.MAX_SENTENCES_LEFT_OUT * 2 * (templates.SHINGLE - 1)
    assert len(hashed) <= 1 + templates.MAX_SENTENCES_LEFT_OUT and max(hashed, default=0) <= MAX_INPUT_CHARS + gaps
    capped = text[:MAX_INPUT_CHARS]
    assert norm == normalize_message(capped, names=names)
    assert m == index.match(capped, names=names)


def test_non_string_input_gives_nothing(index: TemplateIndex) -> None:
    assert normalize_message(None) == ""  # type: ignore[arg-type]
    assert index.match(None) is None  # type: ignore[arg-type]
    assert index.match(b"bytes", names=None) is None  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=3000), names=st.lists(st.text(max_size=40), max_size=4))
def test_no_string_makes_matching_raise(index: TemplateIndex, text: str, names: list[str]) -> None:
    norm = normalize_message(text, names=names)
    m = index.match(text, names=names)
    assert isinstance(norm, str) and len(norm) <= MAX_INPUT_CHARS
    assert m is None or (m.similarity >= index.threshold and m.category in CATEGORIES)


def test_names_are_replaced_word_by_word_exactly_as_the_regular_expression_replaces_them():
    """replace_names matches keys run by run instead of compiling an expression per pair of names; on names and
    notes made of the same words, separators, marks, symbols and digits, both give the same text."""
    import random

    from fakeprofile.templates import _name_keys, _name_pattern, replace_names

    rng = random.Random(1)
    parts = ["ann", "anna", "li", "ann li", "anna-li", "de", "o'brien", "obrien", "é", "x\u0301", "ǅa", "_", "1",
             "ann_li", "İstanbul", "straße", "ΣΊΣΥΦΟΣ"]
    separators = [" ", "  ", "-", ".", ", ", "", "'", "\u0301", "™", "\n"]
    replaced = 0
    for _ in range(20_000):
        names = [" ".join(rng.choice(parts) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 2))]
        text = "".join(rng.choice(parts) + rng.choice(separators) for _ in range(rng.randint(0, 8)))
        keys = _name_keys(names)
        expected = _name_pattern(keys).sub("\ue000", text) if keys else text
        assert replace_names(text, keys, "\ue000") == expected, (names, text)
        replaced += expected != text
    assert replaced > 5_000  # the comparison saw many replacements, not only texts left alone
