"""The schema accepts incomplete real data and rejects impossible values, naming the field."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fakeprofile.io.records import validate_record
from fakeprofile.schema import Profile, describe_validation_error, profile_json_schema
from tests.conftest import make_profile_dict


def test_only_id_is_required():
    profile = Profile.model_validate({"id": "x"})
    assert profile.connections is None and profile.experience is None and profile.has_any_photo is None


def test_a_full_profile_validates():
    profile = Profile.model_validate(make_profile_dict())
    assert profile.experience[0].end is None
    assert profile.invitation.recipient.location == "Toronto, Canada"


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"id": None}, "id", "Field required"),
        ({"id": ""}, "id", "at least 1"),
        ({"connections": -1}, "connections", "greater than or equal to 0"),
        ({"connections": 10**12}, "connections", "less than or equal to"),
        ({"connections": "500"}, "connections", "valid integer"),
        ({"connections": 3.5}, "connections", "valid integer"),
        ({"connections": True}, "connections", "valid integer"),
        ({"created_at": "2020-13"}, "created_at", "month 13"),
        ({"created_at": "2020-00"}, "created_at", "month 00"),
        ({"created_at": "0201"}, "created_at", "year 201"),
        ({"created_at": "20019"}, "created_at", "YYYY-MM"),
        ({"created_at": "2020-02-30"}, "created_at", "YYYY-MM"),
        ({"created_at": "March 2020"}, "created_at", "YYYY-MM"),
        ({"experience": [{"start": "2020-1"}]}, "experience.0.start", "YYYY-MM"),
        ({"experience": [{"employment_type": "forever"}]}, "experience.0.employment_type", "Input should be"),
        ({"photo": "https://example.com/me.jpg"}, "photo", "never fetches"),
        ({"photo": "data:image/png;base64,@@@"}, "photo", "not valid base64"),
        ({"photo": "data:image/png,rawbytes"}, "photo", "data URI"),
        ({"label": 2}, "label", "less than or equal to 1"),
        ({"label": True}, "label", "valid integer"),
        ({"label": 1.0}, "label", "valid integer"),
        ({"created_at": "２０１９-０１"}, "created_at", "YYYY-MM"),
        ({"created_at": "2019-01\n"}, "created_at", "YYYY-MM"),
        ({"photo": " https://example.com/me.jpg"}, "photo", "never fetches"),
        ({"photo": "s3://bucket/me.jpg"}, "photo", "never fetches"),
        ({"photo": "file:///etc/passwd"}, "photo", "never fetches"),
        ({"nickname": "x"}, "nickname", "unknown field"),
        ({"conections": 5}, "conections", "unknown field (did you mean 'connections'?)"),
        ({"activity": {"posts": 1, "likes": 3}}, "activity.likes", "unknown field"),
        ({"summary": "x" * 50_001}, "summary", "at most 50000"),
        ({"skills": "Python"}, "skills", "valid list"),
        # Issue 19's fields.
        ({"handle": "https://www.linkedin.com/in/jane"}, "handle", "not one word"),
        ({"handle": "x" * 101}, "handle", "not one word"),
        ({"website": "not a site"}, "website", "not a URL or domain"),
        ({"website": "localhost"}, "website", "not a URL or domain"),
        ({"website": "example.org", "has_website": False}, "has_website", "a website is given"),
        ({"visibility": "hidden"}, "visibility", "Input should be"),
        ({"banner": "https://example.com/b.jpg"}, "banner", "banner is a URL"),
        ({"endorsements": {"total": 2, "endorsers": 3}}, "endorsements.endorsers", "more than the 2"),
        ({"endorsements": {"total": 40, "endorsers": 0}}, "endorsements.endorsers", "each endorsement"),
        ({"connections": 3, "invitation": {"mutual_connections": 50}}, "invitation", "more than the profile's 3"),
        ({"summary": "abc", "measured": {"summary_length": 5}}, "measured", "summary has 3 characters"),
        ({"handle": "ab12", "measured": {"handle_digits": 1}}, "measured", "has 2 digits"),
        ({"measured": {"handle_digits": 9, "handle_length": 3}}, "measured", "more than the 3 characters"),
        ({"measured": {"name_digits": 1, "name_length": 4, "name_digit_share": 0.5}}, "measured", "consistent"),
        ({"measured": {"handle_digit_share": 1.5}}, "measured.handle_digit_share", "less than or equal to 1"),
        ({"name": "Jane Doe", "handle": "jdoe", "measured": {"name_is_handle": True}}, "measured", "say otherwise"),
    ],
)
def test_bad_values_are_rejected_naming_the_field(overrides, field, fragment):
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(make_profile_dict(**overrides))
    message = describe_validation_error(caught.value)
    assert message.startswith(f"{field}: ") or f"; {field}: " in message, message
    assert fragment in message


def test_messages_carry_no_pydantic_prefix():
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate({"id": "x", "photo": "https://example.com/a.jpg"})
    assert describe_validation_error(caught.value).startswith("photo: photo is a URL")


def test_end_before_start_is_accepted_for_the_timeline_clues_to_measure():
    profile = Profile.model_validate({"id": "x", "experience": [{"start": "2022-01", "end": "2020-01"}]})
    assert profile.experience[0].start == "2022-01"


def test_inline_photo_data_uri_is_accepted():
    assert Profile.model_validate({"id": "x", "photo": "data:image/png;base64,iVBORw0KGgo="}).has_any_photo


def test_validate_record_names_the_record_and_keeps_the_id():
    item = validate_record({"id": "abc", "connections": -5}, source="f.jsonl", line=7)
    assert not item.ok and item.id == "abc"
    assert item.where() == "f.jsonl:7 (id abc)"
    assert "connections" in item.error


@pytest.mark.parametrize("raw", [[1, 2], "text", 3, None])
def test_validate_record_rejects_non_objects(raw):
    item = validate_record(raw, source="f", line=1)
    assert not item.ok and "not an object" in item.error


def test_json_schema_describes_every_field():
    schema = profile_json_schema()
    assert schema["required"] == ["id"]
    assert {"experience", "education", "activity", "invitation", "photo", "label"} <= set(schema["properties"])
    json.dumps(schema)


@given(st.dictionaries(st.text(max_size=12), st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8), max_size=6))
def test_no_json_value_makes_validation_raise_anything_but_a_record_error(raw):
    item = validate_record(raw, source="h", line=1)
    assert item.ok or item.error


def test_a_photo_with_has_photo_false_is_refused_naming_the_field():
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Profile.model_validate({"id": "x", "photo": "a.jpg", "has_photo": False})
    assert describe_validation_error(caught.value) == "has_photo: is false but a photo is given; say one or the other"


@pytest.mark.parametrize(("text", "host"), [
    ("https://münchen.de", "münchen.de"), ("https://例え.jp/about", "例え.jp"), ("example.com.", "example.com"),
    ("https://my_site.tumblr.com", "my_site.tumblr.com"), ("https://user@example.com/x", "example.com"),
    ("HTTPS://WWW.Example.ORG:8080/a?b#c", "example.org"), ("bit.ly/3xYz", "bit.ly"), ("localhost", None),
    ("http://a b.com", None), ("a..b", None), ("", None),
])
def test_a_website_is_any_host_with_a_dot_as_a_person_writes_it(text, host):
    from fakeprofile.schema import website_host

    assert website_host(text) == host
    if host:
        assert Profile.model_validate(make_profile_dict(website=text)).website == text.strip()


def test_mutual_connections_above_the_500_display_cap_are_not_checked():
    profile = Profile.model_validate(make_profile_dict(connections=800, invitation={"mutual_connections": 900}))
    assert profile.invitation.mutual_connections == 900
