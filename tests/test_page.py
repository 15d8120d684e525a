"""The page at ``/``: the form becomes the profile the API would receive (empty is unknown, "none" is said),
errors land next to their input in the API's words, hostile text is escaped, the body cap holds, nothing
typed is logged or spooled to disk, and the JSON API is unchanged. The browser tests are in
tests/test_page_browser.py; these drive the app in-process."""

from __future__ import annotations

import io
import json
import re
import tempfile
from html.parser import HTMLParser

import markupsafe
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install 'fakeprofile[serve]'")
pytest.importorskip("jinja2", reason="the serve extra is not installed: pip install 'fakeprofile[serve]'")

from fastapi.testclient import TestClient  # noqa: E402
from PIL import Image  # noqa: E402

from fakeprofile.artifact import load_scoring_model, save_model  # noqa: E402
from fakeprofile.page.form import FORM_PROFILE_ID, Upload, read_count, read_form  # noqa: E402
from fakeprofile.page.words import operating_point, percent  # noqa: E402
from fakeprofile.schema import Profile  # noqa: E402
from fakeprofile.serve import create_app  # noqa: E402
from tests.conftest import REPO  # noqa: E402

#: A seed-style fake, as a person would type it: few connections after years "in HR", no summary, two
#: full-time jobs at once without descriptions, far from the recipient, a pitch asking for a phone number.
FAKE_FORM = {
    "name": "Juliana Alves", "headline": "HR Manager | Talent Acquisition", "location": "São Paulo, Brazil",
    "connections": "2", "followers": "3", "summary_none": "on",
    "experience.0.title": "HR Manager", "experience.0.company": "Recursos Humanos", "experience.0.start": "2018-03",
    "experience.0.employment_type": "full-time", "experience.0.no_description": "on",
    "experience.1.title": "Recruiter", "experience.1.company": "Globex Talent", "experience.1.start": "2019-06",
    "experience.1.employment_type": "full-time", "experience.1.no_description": "on",
    "invitation.message": "Hello dear, I have a business proposal that gives you passive income every week. "
                          "Kindly share your WhatsApp number.",
    "invitation.mutual_connections": "0", "invitation.recipient.location": "Toronto, Canada",
    "invitation.recipient.headline": "VP Engineering",
}
#: A genuine profile: a complete career with descriptions, a personal note, people in common, the same city.
GENUINE_FORM = {
    "name": "Maria Souza", "headline": "HR Business Partner at Vale", "location": "São Paulo, Brazil",
    "connections": "340", "followers": "360",
    "summary": "People and culture professional with ten years in talent development.",
    "experience.0.title": "HR Business Partner", "experience.0.company": "Vale",
    "experience.0.location": "São Paulo, Brazil", "experience.0.start": "2019-03",
    "experience.0.employment_type": "full-time",
    "experience.0.description": "Partnering with engineering leadership on hiring and retention.",
    "experience.1.title": "HR Analyst", "experience.1.company": "Itaú", "experience.1.location": "São Paulo, Brazil",
    "experience.1.start": "2015-01", "experience.1.end": "2019-02", "experience.1.employment_type": "full-time",
    "experience.1.description": "Payroll and onboarding for 400 people.",
    "education.0.school": "Universidade de São Paulo", "education.0.degree": "BA", "education.0.start": "2010",
    "education.0.end": "2014", "skills": "Recruiting, Coaching", "recommendations": "3",
    "invitation.message": "Hi Ana, great meeting you at the São Paulo HR summit last week!",
    "invitation.mutual_connections": "12", "invitation.recipient.location": "São Paulo, Brazil",
    "invitation.recipient.headline": "Recruiter at Natura",
}
#: A photo the shipped known-image index holds (a stock-style face): uploading it must reach the photo clues.
KNOWN_PHOTO = REPO / "data" / "sample" / "known_images" / "known_003.jpg"


@pytest.fixture(scope="module")
def default_client():
    with TestClient(create_app(load_scoring_model())) as client:
        yield client


def _text(html: str, element_id: str) -> str:
    """The text inside the element with this id (tags dropped, entities kept as written)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element #{element_id} in the page"
    return re.sub(r"<[^>]+>", " ", match.group(2))


def _unescape(text: str) -> str:
    import html

    return " ".join(html.unescape(text).split())


# ------------------------------------------------------------------------------------ form -> profile
def test_an_empty_form_is_a_profile_with_nothing_known():
    reading = read_form({name: "" for name in FAKE_FORM})
    assert reading.record == {"id": FORM_PROFILE_ID} and not reading.errors


def test_empty_inputs_are_absent_never_zero_or_empty_text():
    record = read_form({"name": "  ", "connections": "", "summary": "", "skills": " , ",
                        "experience.0.title": "", "invitation.message": ""}).record
    assert record == {"id": FORM_PROFILE_ID}


def test_shows_none_boxes_give_the_schemas_empty_values():
    record = read_form({"summary_none": "on", "experience_none": "on", "education_none": "on", "skills_none": "on",
                        "has_photo": "false", "recommendations": "0"}).record
    assert record == {"id": FORM_PROFILE_ID, "summary": "", "experience": [], "education": [], "skills": [],
                      "has_photo": False, "recommendations": 0}


def test_the_seed_style_fake_form_reads_as_the_profile_a_person_sees():
    record = read_form(FAKE_FORM).record
    assert record["connections"] == 2 and record["summary"] == ""
    assert record["experience"] == [
        {"title": "HR Manager", "company": "Recursos Humanos", "start": "2018-03", "employment_type": "full-time",
         "description": ""},
        {"title": "Recruiter", "company": "Globex Talent", "start": "2019-06", "employment_type": "full-time",
         "description": ""}]
    assert record["invitation"]["recipient"] == {"location": "Toronto, Canada", "headline": "VP Engineering"}
    assert record["invitation"]["mutual_connections"] == 0
    Profile.model_validate(record)


@pytest.mark.parametrize(("section", "start", "end", "error"), [
    ("experience", "2022-09", "2021-02", "ends (2021-02) before it starts (2022-09) (a job held now has no end month)"),
    ("education", "2014", "2010", "ends (2010) before it starts (2014)"),
    ("experience", "2022-09", "2022-09", None),  # one month
    ("experience", "2022-09", "2022", None),  # a year-only end reads as its December
    ("experience", "2022-09", "22", None),  # not a date: the schema says so, in the API's words
])
def test_an_end_before_its_start_is_an_error_on_the_end_input(section, start, end, error):
    reading = read_form({f"{section}.0.start": start, f"{section}.0.end": end})
    assert reading.errors.get(f"{section}.0.end") == error


def test_the_recipients_name_reaches_the_note_clues():
    """Without it whether the note names the recipient is unknown; with it, "Hi Ana" is a note that does."""
    form = GENUINE_FORM | {"invitation.recipient.name": "Ana Lima"}
    assert read_form(form).record["invitation"]["recipient"]["name"] == "Ana Lima"
    model = load_scoring_model()
    column = model.feature_names.index("invitation__mentions_recipient")
    profiles = [Profile.model_validate(read_form(f).record) for f in (GENUINE_FORM, form)]
    without, named = model.builder.matrix(profiles)[:, column]
    assert np.isnan(without) and named == 1.0


@pytest.mark.parametrize(("typed", "count"), [
    ("340", 340), ("500+", 500), ("1,234", 1234), ("1.2K", 1200), (" 12 ", 12),
    ("-3", -3),  # a plain integer goes to the schema as it is, which refuses it in the API's words
])
def test_counts_are_read_as_people_copy_them(typed, count):
    assert read_count(typed) == count


@pytest.mark.parametrize("typed", ["lots", "12 people", "3.5"])
def test_a_count_that_is_not_a_number_is_an_error_naming_it(typed):
    message = read_count(typed)
    assert isinstance(message, str) and repr(typed) in message


@pytest.mark.parametrize(("form", "invitation"), [
    ({}, None),
    ({"invitation.no_note": "on"}, {"message": None}),
    ({"invitation.message": " Hi! "}, {"message": "Hi!"}),
    # anything about the invitation makes it one, and an invitation without a note text came without one
    ({"invitation.recipient.location": "Lisbon"}, {"recipient": {"location": "Lisbon"}, "message": None}),
    ({"invitation.mutual_connections": "500+"}, {"mutual_connections": 500, "message": None}),
])
def test_the_invitation_exists_only_when_something_about_it_is_given(form, invitation):
    assert read_form(form).record.get("invitation") == invitation


@pytest.mark.parametrize(("form", "box"), [
    ({"summary": "Hello", "summary_none": "on"}, "summary_none"),
    ({"experience.0.title": "CEO", "experience_none": "on"}, "experience_none"),
    ({"skills": "Python", "skills_none": "on"}, "skills_none"),
    ({"invitation.message": "Hi", "invitation.no_note": "on"}, "invitation.no_note"),
    ({"experience.0.description": "Sales", "experience.0.no_description": "on"}, "experience.0.description"),
])
def test_none_ticked_beside_text_is_an_error_on_that_input(form, box):
    assert "say one or the other" in read_form(form).errors[box]


def test_empty_job_rows_are_skipped_and_errors_find_their_form_row():
    reading = read_form({"experience.0.title": "CEO", "experience.1.title": "", "experience.2.start": "2019-13"})
    assert [job.get("title") for job in reading.record["experience"]] == ["CEO", None]
    assert reading.input_for("experience.1.start") == "experience.2.start"
    assert reading.input_for("invitation") == "invitation.mutual_connections"
    assert reading.input_for("measured.name_words") is None


def test_skills_split_on_lines_commas_and_dots():
    assert read_form({"skills": "Python, SQL\nAirflow · dbt;Spark"}).record["skills"] == [
        "Python", "SQL", "Airflow", "dbt", "Spark"]


def test_an_uploaded_photo_becomes_a_data_uri_and_a_non_image_type_is_not_claimed():
    assert read_form({}, Upload("me.png", "image/png", b"abc")).record["photo"] == "data:image/png;base64,YWJj"
    assert Upload("x", "text/html", b"abc").data_uri().startswith("data:application/octet-stream;base64,")


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*FAKE_FORM, *GENUINE_FORM, "has_photo", "skills_none", "invitation.no_note",
                                        "experience.7.end", "education.3.start"]), st.text(max_size=40)))
def test_no_form_crashes_the_reading(form):
    reading = read_form(form)
    assert reading.record["id"] == FORM_PROFILE_ID
    assert all(isinstance(message, str) and message for message in reading.errors.values())


# ---------------------------------------------------------------------------------------------- words
@pytest.mark.parametrize(("p", "words"), [(0.001, "less than 1%"), (0.5, "50%"), (0.918, "92%"),
                                          (0.9999, "more than 99%")])
def test_probabilities_read_as_percentages_never_certainty(p, words):
    assert percent(p) == words


def test_the_operating_point_is_said_from_the_manifests_numbers():
    info = {"target_fpr": 0.02, "metrics": {"test": {"n": 1000, "n_fake": 200, "false_positive_rate": 0.0125,
                                                     "recall": 0.5}}}
    assert operating_point(info) == [
        "At this setting about 1 in 50 genuine profiles is flagged as fake.",
        "On 800 genuine profiles held out from its training it flagged 10, and it caught 100 of 200 fakes (50%): a "
        "genuine verdict is not proof, only that these clues do not point to a fake."]
    assert operating_point({}) == []


# ---------------------------------------------------------------------------------------------- the page
class _Controls(HTMLParser):
    """Every form control's id and type, and every label's target."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, str]] = []
        self.labelled: set[str] = set()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit"):
            self.controls.append((attrs.get("id") or "", attrs.get("name") or ""))
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        self.urls += [value for key, value in attrs.items() if key in ("src", "href", "action") and value]


def test_every_control_has_a_label_and_the_page_loads_nothing_from_elsewhere(default_client):
    response = default_client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    parser = _Controls()
    parser.feed(response.text)
    unlabelled = [control for control in parser.controls if control[0] not in parser.labelled]
    assert len(parser.controls) > 40 and not unlabelled
    external = [url for url in parser.urls if re.match(r"\s*(https?:)?//", url, re.I)]
    assert not external and not re.search(r"https?://", response.text)
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "img-src 'self' data:" in csp
    assert response.headers["cache-control"] == "no-store"
    for path, kind in (("/static/page.css", "text/css"), ("/static/page.js", "text/javascript")):
        asset = default_client.get(path)
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
        assert not re.search(rb"https?://|@import|url\(", asset.content)


def test_the_seed_style_fake_is_judged_fake_with_its_clues_in_words(default_client):
    page = default_client.post("/", data=FAKE_FORM, files={"photo": ("", b"", "application/octet-stream")}).text
    assert _unescape(_text(page, "verdict")) == "Fake"
    reasons = _unescape(_text(page, "reasons"))
    assert "overlap" in reasons and "2 connections" in reasons and "WhatsApp" in reasons
    assert "1 in 100 genuine profiles is flagged" in _unescape(_text(page, "operating-point"))
    # Feature names only inside the details section.
    before_details = page[:page.index('id="details"')]
    assert "timeline__" not in before_details and "connections__" not in before_details
    assert "timeline__fulltime_overlap_months" in page


def test_the_genuine_profile_is_judged_genuine_and_the_page_agrees_with_the_api(default_client):
    page = default_client.post("/", data=GENUINE_FORM).text
    assert _unescape(_text(page, "verdict")) == "Genuine"
    assert "connections in common" in _unescape(_text(page, "reassurances"))
    api = default_client.post("/v1/explain", json=read_form(GENUINE_FORM).record).json()
    assert api["verdict"] == "genuine"
    assert f"{api['probability']:.4f}" in page


def test_a_profile_with_only_a_name_is_not_enough_to_judge_and_says_what_would_help(default_client):
    page = default_client.post("/", data={"name": "Alex"}).text
    assert _unescape(_text(page, "verdict")) == "Not enough to judge"
    hints = _unescape(_text(page, "hints"))
    assert hints.startswith("The number of connections")


def test_an_invalid_field_gets_the_apis_message_next_to_it_and_keeps_what_was_typed(default_client):
    form = dict(FAKE_FORM, **{"education.0.school": "USP", "education.0.start": "20019"})
    response = default_client.post("/", data=form)
    assert response.status_code == 422
    page = response.text
    message = _unescape(_text(page, "f-education-0-start-error"))
    api = default_client.post("/v1/explain", json=dict(read_form(form).record)).json()
    assert message.removeprefix("Error: ") in api["detail"] and "20019" in message
    field = re.search(r'<input[^>]*id="f-education-0-start"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and "f-education-0-start-error" in field and 'value="20019"' in field
    assert 'href="#f-education-0-start"' in page  # the summary at the top links to it
    assert 'value="Juliana Alves"' in page and 'id="verdict"' not in page


def test_mutual_connections_beyond_connections_lands_on_the_mutual_input(default_client):
    page = default_client.post("/", data={"connections": "3", "invitation.mutual_connections": "40"}).text
    assert "more than the profile&#39;s 3 connections" in _text(page, "f-invitation-mutual_connections-error")


def test_hostile_text_is_shown_escaped_never_as_markup(default_client):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    page = default_client.post("/", data={"name": hostile, "connections": hostile}).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_photo_upload_reaches_the_photo_clues(default_client):
    upload = {"photo": ("face.jpg", KNOWN_PHOTO.read_bytes(), "image/jpeg")}
    page = default_client.post("/", data=FAKE_FORM, files=upload).text
    assert "known image" in _unescape(_text(page, "reasons"))


def test_an_oversized_body_gets_a_page_saying_the_limit(load_default_model):
    with TestClient(create_app(load_default_model, max_body_bytes=5_000)) as client:
        response = client.post("/", data=FAKE_FORM, files={"photo": ("big.png", b"x" * 6_000, "image/png")})
        assert response.status_code == 413 and response.headers["content-type"].startswith("text/html")
        assert "larger than the limit of 5,000 bytes" in response.text
        # Under the body cap, but over it once the photo is base64 text, as the API would receive it.
        response = client.post("/", data={"name": "A"}, files={"photo": ("p.png", b"x" * 4_000, "image/png")})
        assert response.status_code == 413 and "choose a smaller photo" in _text(response.text, "f-photo-error")


@pytest.mark.parametrize(("content_type", "body", "status", "words"), [
    ("multipart/form-data; boundary=zz", b"--zz\r\nnot a header line\r\n\r\n--zz--", 400, "could not be read"),
    ("multipart/form-data", b"name=A", 400, "no multipart boundary"),
    ("application/json", b'{"id": "x"}', 415, "is not a form"),
])
def test_a_body_that_is_not_the_pages_form_gets_a_page_saying_so(default_client, content_type, body, status, words):
    response = default_client.post("/", content=body, headers={"content-type": content_type})
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert words in response.text


def test_a_form_with_a_megabyte_photo_is_parsed_without_touching_the_disk(default_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the page wrote a temporary file")

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuse)
    image = Image.effect_noise((700, 700), 80).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert 1_000_000 < len(buffer.getvalue()) < 1_400_000  # past Starlette's 1 MB spooling threshold
    page = default_client.post("/", data={"name": "Noisy"}, files={"photo": ("n.png", buffer.getvalue(), "image/png")})
    assert page.status_code == 200 and 'id="verdict"' in page.text


def test_nothing_typed_is_logged(default_client, caplog):
    with caplog.at_level("DEBUG"):
        default_client.post("/", data=dict(FAKE_FORM, name="Zebulon Quixotic-Marsh"))
        default_client.post("/", data={"name": "Zebulon Quixotic-Marsh", "connections": "many"})
    assert "Zebulon" not in caplog.text


def test_pasted_json_is_read_as_the_api_reads_it(default_client):
    record = read_form(GENUINE_FORM).record
    page = default_client.post("/", data={"profile_json": json.dumps(record)}).text
    assert _unescape(_text(page, "verdict")) == "Genuine"
    for pasted, words in (("{not json", "is not valid JSON"), ("[]", "must be one profile"),
                          ('{"id": "x", "conections": 3}', "did you mean 'connections'?"),
                          ('{"id": "x", "photo": "/etc/passwd"}', "a local file path is not read over HTTP")):
        response = default_client.post("/", data={"profile_json": pasted})
        assert response.status_code in (400, 422)
        error = _unescape(_text(response.text, "f-profile_json-error"))
        assert words in error, error
        assert str(markupsafe.escape(pasted)) in response.text  # what was pasted is kept, as text


def test_rows_added_in_the_browser_are_rendered_again_with_their_values(default_client):
    page = default_client.post("/", data={"experience.5.title": "Founder", "experience.5.start": "2031-13"}).text
    assert 'id="f-experience-5-title" name="experience.5.title" value="Founder"' in page
    assert "Job 6" in page and 'data-next="6"' in page


def test_the_json_api_is_unchanged_and_the_page_is_not_in_its_document(default_client):
    paths = default_client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/v1/predict", "/v1/explain", "/v1/health", "/v1/model"}
    answer = default_client.post("/v1/predict", json={"id": "a", "connections": 3})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    assert default_client.post("/v1/explain", content=b"{", headers={"content-type": "application/json"}
                               ).json()["detail"].startswith("the body is not valid JSON")


# ------------------------------------------------------------------------------------------ --model
@pytest.fixture(scope="module")
def load_default_model():
    return load_scoring_model()


def test_the_page_works_with_a_model_given_by_folder(trained, tmp_path):
    """What ``fakeprofile serve --model FOLDER`` serves: a model trained here, saved and loaded back."""
    folder = save_model(trained[0], tmp_path / "model")
    model = load_scoring_model(folder)
    with TestClient(create_app(model)) as client:
        page = client.post("/", data=FAKE_FORM).text
    assert _unescape(_text(page, "verdict")) in {"Fake", "Genuine"}
    assert f"{model.threshold:.4f}" in page
    assert f"about 1 in {round(1 / model.info['target_fpr']):,} genuine profiles" in page
