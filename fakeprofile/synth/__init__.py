"""Synthetic labelled profiles, with photos, for training and testing fakeprofile.

Real labelled data on professional networks is scarce and cannot be shipped, so fakeprofile learns and is
tested on profiles drawn here. The generator is built so that **only clues separate the classes**:

- every profile, genuine or fake, is laid out as one of the genuine personas (:mod:`.genuine`: ordinary
  professionals, new graduates, retirees, people who moved, freelancers, recruiters, private people, ...),
  chosen with the same weights, because a fake poses as one of them;
- a fake archetype (:mod:`.fakes`) adds the clues the seeds describe, each at a declared rate (the
  language-model persona, ``llm_persona``, those that published work on LLM-written profiles describes);
- every clue (:mod:`.clues`) also occurs on genuine profiles, as background and as the personas' innocent
  look-alikes, so a model learns how much a clue matters rather than that it exists;
- what a source did not give (``None``) is left out at the same rates in both classes; what a profile
  shows empty is written empty;
- photos (:mod:`.photos`) are drawn in styles and sizes that do not depend on the class;
- the profile page's parts (issue 19: handle, website, visibility, endorsements, a banner, and the
  invitation's mutual connections and shared groups) are shown at rates that depend on the persona only,
  and their clues (a random handle, an odd website, a stock banner, a grammar slip in the note, ...) are
  carried like the others, from a second random stream so that adding them changed no earlier field.

About 2.5% of labels are flipped, as annotation mistakes in real data. ``benchmarks/bench_layout_leakage.py``
checks that layout alone does not separate the classes. Shared names, places and vocabularies live in
:mod:`.names`, :mod:`.places` and :mod:`.vocab`; :mod:`.draw` draws one profile, :mod:`.generate` writes
data sets. The same ``(n, seed)`` always gives the same bytes, and profile ``i`` does not depend on ``n``.
"""

from fakeprofile.synth.clues import CLUES, PAGE_CLUES, Clue
from fakeprofile.synth.draw import (
    FAKE_SHARE,
    LABEL_NOISE,
    OBSERVED_AT,
    SCRAPED_SHARE,
    Plan,
    clue_rates,
    draw_plan,
    draw_profile,
    draw_profile_images,
)
from fakeprofile.synth.fakes import FAKE_ARCHETYPES, FakeArchetype
from fakeprofile.synth.generate import SynthSummary, generate, generate_profiles, stock_banner_images
from fakeprofile.synth.genuine import PERSONAS, Persona
from fakeprofile.synth.places import CITIES, City
from fakeprofile.synth.vocab import DEFAULT_INVITE

__all__ = [
    "CITIES",
    "CLUES",
    "DEFAULT_INVITE",
    "FAKE_ARCHETYPES",
    "FAKE_SHARE",
    "LABEL_NOISE",
    "OBSERVED_AT",
    "PAGE_CLUES",
    "PERSONAS",
    "SCRAPED_SHARE",
    "City",
    "Clue",
    "FakeArchetype",
    "Persona",
    "Plan",
    "SynthSummary",
    "clue_rates",
    "draw_plan",
    "draw_profile",
    "draw_profile_images",
    "generate",
    "generate_profiles",
    "stock_banner_images",
]
