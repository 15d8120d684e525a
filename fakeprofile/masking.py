"""Training-time masking: copies of the training profiles with fields the source might not give blanked.

Unknown is not evidence. A model learns what a missing value means from the rows in which it is missing;
if fields are missing more often in one class (a generator's layout, a data set's collection), the model
learns to read "not given" as a clue. Training therefore adds one copy of every training profile in which
each field below is blanked (set to None: "the source does not say") with the same probability
:data:`MASK_RATE` in both classes, and in a share :data:`SCRAPED_RATE` of copies everything a scraper does
not see at once (account age, activity, invitation, the image file). The copies keep their label, so
gradient boosting learns, for a profile with a field unknown, the probability given what *is* known:
it marginalises the unknown field out instead of reading its absence (the argument behind missingness
augmentation, e.g. "input dropout" in Srivastava et al. 2014 applied per field).

Only "the source does not say" is masked. "The profile has none" (an empty summary, ``has_photo: false``,
an invitation without a note) is a measured value that the seeds call a clue, and is never blanked here.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from fakeprofile.schema import Profile

#: Probability that a masked copy has a given field blanked.
MASK_RATE = 0.25
#: Probability that a masked copy is seen as a scraper sees it (no activity, invitation, account age, image).
SCRAPED_RATE = 0.2
#: Top-level fields a source may leave out, each blanked on its own.
MASKABLE_FIELDS = ("name", "headline", "summary", "location", "connections", "followers", "experience",
                   "education", "skills", "recommendations", "created_at", "activity", "invitation",
                   "endorsements", "handle", "visibility", "banner")
#: Fields a scraped profile page does not carry.
SCRAPED_FIELDS = ("created_at", "activity", "invitation")


def masked_copy(profile: Profile, rng: random.Random) -> Profile:
    """A copy of ``profile`` with some fields set to None (unknown), drawn with ``rng``.

    The photo is masked as a whole (neither the image nor whether one is shown is given), or, for a
    scraped copy, only its image (whether a photo is shown stays known, as a profile page shows it).
    """
    update: dict[str, object] = {}
    for field in MASKABLE_FIELDS:
        if getattr(profile, field) is not None and rng.random() < MASK_RATE:
            update[field] = None
    if profile.has_any_photo is not None and rng.random() < MASK_RATE:
        update["photo"] = None
        update["has_photo"] = None
    if profile.has_any_website is not None and rng.random() < MASK_RATE:
        update["website"] = None  # the link and whether there is one, as the photo
        update["has_website"] = None
    if rng.random() < SCRAPED_RATE:
        update.update(dict.fromkeys(SCRAPED_FIELDS))
        if profile.photo is not None and "has_photo" not in update:
            update["photo"] = None
            update["has_photo"] = True  # the page shows a picture; the scraper kept only that fact
    if profile.experience and rng.random() < MASK_RATE:
        # Job descriptions the source did not capture (a listing page shows titles only).
        jobs = [job.model_copy(update={"description": None}) for job in profile.experience]
        if "experience" not in update:
            update["experience"] = jobs
    return profile.model_copy(update=update)


def masked_copies(profiles: Sequence[Profile], seed: int) -> list[Profile]:
    """One masked copy of every profile, the same for the same profiles and seed."""
    rng = random.Random(f"fakeprofile-mask-{seed}")
    return [masked_copy(profile, rng) for profile in profiles]
