"""Campaign features: counted over the whole batch, NaN for a profile on its own, chunking-independent."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fakeprofile.extractors import BatchCounts, Context
from fakeprofile.extractors.invitation import MIN_CAMPAIGN_CHARS, InvitationExtractor, campaign_key
from fakeprofile.features import FeatureBuilder, make_extractors
from tests.conftest import make_profile

CTX = Context(as_of="2026-10")
PITCH = ("Hi {name}, our agency helps companies like yours triple qualified leads in 90 days. "
         "Do you have 15 minutes this week for a quick call?")


def _sender(i: int, message: str, recipient: str = "Anna Berg"):
    return make_profile(id=f"s{i}", name=f"Sender{i} Example{i}",
                        invitation={"message": message.format(name=recipient.split()[0]),
                                    "recipient": {"name": recipient}})


def _campaign_column(builder: FeatureBuilder, profiles, batch=None) -> np.ndarray:
    return builder.matrix(profiles, batch)[:, builder.feature_names.index("invitation__campaign_senders")]


def test_the_same_note_to_different_recipients_is_one_campaign():
    recipients = ["Anna Berg", "Bruno Costa", "Chen Wei", "Dara Okafor"]
    profiles = [_sender(i, PITCH, r) for i, r in enumerate(recipients)] + [
        _sender(9, "Dear Anna, loved your talk on supply-chain resilience at LogiMAT; may I connect?")]
    column = _campaign_column(FeatureBuilder(make_extractors(["invitation"]), "2026-10"), profiles)
    assert column.tolist() == [3.0, 3.0, 3.0, 3.0, 0.0]


def test_a_profile_scored_alone_has_no_campaign_value():
    builder = FeatureBuilder(make_extractors(["invitation"]), "2026-10")
    assert math.isnan(_campaign_column(builder, [_sender(1, PITCH)])[0])
    assert math.isnan(InvitationExtractor().extract(_sender(1, PITCH), CTX)["campaign_senders"])


def test_short_platform_default_and_stock_generic_notes_are_not_campaign_keys():
    assert campaign_key(_sender(1, "Hi {name}, let's connect!")) is None
    assert campaign_key(_sender(1, "I'd like to add you to my professional network on LinkedIn.")) is None
    # The seeds' stock openers: sent by many unrelated people, so sharing one is no campaign.
    assert campaign_key(_sender(1, "I think we can mutually help each other, let's connect. Looking forward.")) is None
    assert campaign_key(make_profile(invitation=None)) is None
    key = campaign_key(_sender(1, PITCH))
    assert key is not None and len(key) >= MIN_CAMPAIGN_CHARS and "<name>" in key


def test_counts_over_the_whole_input_do_not_depend_on_chunking():
    own = ["congratulations on the new role at the museum", "thanks for the great panel on rust tooling yesterday",
           "we met at the alumni dinner in lisbon, good to see you", "your article on soil microbiomes was superb"]
    profiles = [_sender(i, PITCH, f"Person{i} Name{i}") for i in range(6)] + [_sender(10 + i, note)
                                                                             for i, note in enumerate(own)]
    builder = FeatureBuilder(make_extractors(["invitation"]), "2026-10")
    batch = builder.batch_counts(profiles)
    whole = _campaign_column(builder, profiles, batch)
    chunked = np.concatenate([_campaign_column(builder, profiles[i:i + 3], batch) for i in range(0, 10, 3)])
    assert whole.tolist() == chunked.tolist() == [5.0] * 6 + [0.0] * 4


def test_a_profile_listed_twice_is_one_sender():
    profile = _sender(1, PITCH)
    counts = BatchCounts.collect([profile, profile, _sender(2, PITCH)], make_extractors(["invitation"]), CTX)
    assert counts.others("invitation", campaign_key(profile)) == 1.0
    assert math.isnan(counts.others("invitation", None))
    assert math.isnan(BatchCounts().others("invitation", "anything"))


def test_evidence_says_how_many_others_sent_the_note():
    builder = FeatureBuilder(make_extractors(["invitation"]), "2026-10")
    profiles = [_sender(i, PITCH, r) for i, r in enumerate(["Anna Berg", "Bruno Costa", "Chen Wei"])]
    matrix = builder.matrix(profiles)
    words = builder.evidence(profiles[0], ["invitation__campaign_senders"], matrix[0])
    assert words["invitation__campaign_senders"].startswith("2 other profile(s) in this batch sent the same note")


def test_a_batch_feature_must_be_declared():
    from fakeprofile.extractors.base import RAISES, Extractor, Feature, register

    class Broken(Extractor):
        name, version, description, features = "broken-batch", "1", "test", (Feature("a", RAISES),)
        known_false_positives = "Nobody, in this test."
        batch_feature = "b"

        def extract(self, profile, ctx):
            return {"a": 0.0}

        def evidence(self, profile, values, ctx):
            return {"a": ""}

    with pytest.raises(ValueError, match="batch feature 'b'"):
        register(Broken)


def test_in_a_batch_a_note_too_common_to_count_shares_nothing_and_alone_it_is_unknown():
    builder = FeatureBuilder(make_extractors(["invitation"]), "2026-10")
    default = _sender(1, "I'd like to add you to my professional network on LinkedIn.")
    no_note = make_profile(id="n", invitation={"message": None, "recipient": {"name": "Anna Berg"}})
    no_invitation = make_profile(id="x", invitation=None)
    column = _campaign_column(builder, [default, no_note, no_invitation, _sender(2, PITCH)])
    assert column[:2].tolist() == [0.0, 0.0] and math.isnan(column[2])
    assert math.isnan(_campaign_column(builder, [no_note])[0])


def test_in_a_batch_a_profile_without_a_photo_shares_no_photo():
    builder = FeatureBuilder(make_extractors(["photo"]), "2026-10")
    column = builder.matrix([make_profile(id="a", has_photo=False), make_profile(id="b")])[
        :, builder.feature_names.index("photo__batch_shared")]
    assert column[0] == 0.0 and math.isnan(column[1])


def test_a_campaign_text_that_merely_resembles_a_stock_opener_still_counts():
    text = "Hi there! Let's connect and grow together. Regards, the Acme Solutions team."
    assert campaign_key(_sender(1, text)) is not None
