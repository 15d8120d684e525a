"""The page in a real browser: headless Chromium, driven by Selenium, against ``fakeprofile serve``'s app
running in uvicorn on a free local port with the shipped default model.

Needs Debian's ``chromium`` and ``chromium-driver`` packages (``.ci/run`` installs them, so CI always runs
these tests); without them the tests skip, saying so. Selenium is pointed at the system browser and driver,
and Selenium Manager is kept offline, so nothing is downloaded. Every result page is saved as a full-page
screenshot in the test's temporary folder, for looking at a failure.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.test_page import FAKE_FORM, GENUINE_FORM, KNOWN_PHOTO

pytest.importorskip("fastapi", reason="the serve extra is not installed: pip install 'fakeprofile[serve]'")
pytest.importorskip("selenium", reason="selenium is not installed: pip install -e '.[test]'")

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip(f"no browser to test the page in: {CHROMIUM} or {CHROMEDRIVER} is missing; install Debian's chromium "
                "and chromium-driver (apt-get install chromium chromium-driver), as .ci/run does",
                allow_module_level=True)

import uvicorn  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.wait import WebDriverWait  # noqa: E402

from fakeprofile.artifact import load_scoring_model  # noqa: E402
from fakeprofile.serve import create_app  # noqa: E402

#: Without the background-networking flags Chromium reaches out (updates, safe browsing), which a closed
#: network refuses; a fresh profile folder keeps runs apart.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--lang=en-US", "--window-size=1200,1000")
#: A name typed into the form that the server's logs must never show.
TYPED_NAME = "Juliana Alves"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class _Records(logging.Handler):
    """Every log record emitted while the server runs, formatted, except the test's own browser client's
    (Selenium logs at debug level the commands it sends the driver, typed text included)."""

    CLIENT_LOGGERS = ("selenium", "urllib3")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(self.CLIENT_LOGGERS):
            self.lines.append(f"{record.name}: {self.format(record)}")


@pytest.fixture(scope="module")
def server():
    """The base URL of the app serving the default model, and the log lines it wrote."""
    records = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(records)
    root.setLevel(logging.DEBUG)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # log_config=None: uvicorn's own loggers (access log included) propagate to the handler above.
    config = uvicorn.Config(create_app(load_scoring_model()), host="127.0.0.1", port=port, log_config=None,
                            log_level="debug", access_log=True)
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not instance.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "the server did not start"
    try:
        yield f"http://127.0.0.1:{port}", records.lines
    finally:
        instance.should_exit = True
        thread.join(timeout=30)
        root.removeHandler(records)
        root.setLevel(old_level)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium for the module, using the system's browser and driver, never downloading one."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def save_page(driver: WebDriver, path: Path, *, width: int = 1200) -> Path:
    """A screenshot of the whole page (the window is stretched to the page's height for it)."""
    size = driver.get_window_size()
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 100, 16_000))
    driver.execute_script("window.scrollTo(0, 0)")
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.set_window_size(size["width"], size["height"])
    return path


def _type_month(element: WebElement, month: str) -> None:
    """Type a YYYY-MM month into an ``<input type="month">`` with the keyboard, as a person does."""
    year, number = month.split("-")
    element.send_keys(_MONTHS[int(number) - 1], Keys.TAB, year)
    assert element.get_attribute("value") == month


def fill(driver: WebDriver, form: dict[str, str]) -> None:
    """Fill the page's inputs by name, each the way a person would: typing, ticking, choosing."""
    for name, value in form.items():
        element = driver.find_element(By.NAME, name)
        kind = element.get_attribute("type")
        if kind == "checkbox":
            if bool(value) != element.is_selected():
                element.click()
        elif element.tag_name == "select":
            Select(element).select_by_value(value)
        elif kind == "month":
            _type_month(element, value)
        else:
            element.clear()
            element.send_keys(value)


def _text(driver: WebDriver, element_id: str) -> str:
    """The element's text as written (textContent: not upper-cased by CSS, hidden parts included)."""
    return " ".join(driver.find_element(By.ID, element_id).get_attribute("textContent").split())


def _submitted(driver: WebDriver) -> None:
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                    and d.find_elements(By.ID, "result"))


def test_a_seed_style_fake_with_its_photo_is_judged_fake_and_the_clues_read_in_words(server, browser, tmp_path):
    base, _ = server
    browser.get(base + "/")
    fill(browser, FAKE_FORM)
    browser.find_element(By.ID, "f-photo").send_keys(str(KNOWN_PHOTO))
    browser.find_element(By.ID, "f-name").send_keys(Keys.ENTER)  # the keyboard submits the form
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "verdict"))
    save_page(browser, tmp_path / "fake.png")
    assert _text(browser, "verdict") == "Fake"
    assert browser.current_url.endswith("/#result")
    reasons = _text(browser, "reasons")
    assert "known image" in reasons  # the uploaded photo went through the photo loader and the known-image index
    assert "overlap" in reasons or "2 connections" in reasons or "WhatsApp" in reasons
    assert "1 in 100 genuine profiles is flagged" in _text(browser, "operating-point")
    visible = browser.find_element(By.TAG_NAME, "body").text
    assert "__" not in visible  # feature names stay in the closed details section


def test_a_genuine_profile_is_judged_genuine_with_a_row_added_in_the_page(server, browser, tmp_path):
    base, _ = server
    browser.get(base + "/")
    fill(browser, GENUINE_FORM)
    browser.find_element(By.CSS_SELECTOR, "button.add-row[data-target='school-rows']").click()
    added = browser.switch_to.active_element  # the new row's first input has the focus
    assert added.get_attribute("name") == "education.2.school"
    fill(browser, {"education.2.school": "Fundação Getulio Vargas", "education.2.degree": "MBA",
                   "education.2.start": "2016", "education.2.end": "2018"})
    browser.find_element(By.ID, "check").click()
    _submitted(browser)
    save_page(browser, tmp_path / "genuine.png")
    assert _text(browser, "verdict") == "Genuine"
    assert "connections in common" in _text(browser, "reassurances")
    assert browser.find_element(By.ID, "f-education-2-school").get_attribute("value") == "Fundação Getulio Vargas"
    details = browser.find_element(By.ID, "details")
    assert details.get_attribute("open") is None and "network__" not in browser.find_element(By.TAG_NAME, "body").text
    details.find_element(By.TAG_NAME, "summary").click()
    assert "network__" in details.text  # opened on request, the feature names show


def test_an_invalid_field_shows_the_apis_message_next_to_it(server, browser, tmp_path):
    base, _ = server
    browser.get(base + "/")
    fill(browser, dict(FAKE_FORM, **{"education.0.school": "USP", "education.0.start": "20019"}))
    browser.find_element(By.ID, "check").click()
    _submitted(browser)
    save_page(browser, tmp_path / "invalid.png")
    error = browser.find_element(By.ID, "f-education-0-start-error")
    assert error.is_displayed() and "date '20019' is not in the form YYYY-MM or YYYY" in error.text
    field = browser.find_element(By.ID, "f-education-0-start")
    assert "f-education-0-start-error" in field.get_attribute("aria-describedby").split()
    assert field.get_attribute("aria-invalid") == "true" and field.get_attribute("value") == "20019"
    # next to it: the error sits in the same field block as its input, right above it
    assert error.find_element(By.XPATH, "..") == field.find_element(By.XPATH, "..")
    assert browser.find_element(By.ID, "f-name").get_attribute("value") == TYPED_NAME  # nothing typed is lost
    assert not browser.find_elements(By.ID, "verdict")
    link = browser.find_element(By.CSS_SELECTOR, ".error-summary a[href='#f-education-0-start']")
    assert "School 1: From (year)" in link.text


def test_the_server_logs_show_requests_but_nothing_typed(server, browser):
    """Typed here, whatever ran before (test workers share a module's tests out)."""
    base, lines = server
    browser.get(base + "/")
    fill(browser, FAKE_FORM)
    browser.find_element(By.ID, "f-name").send_keys(Keys.ENTER)
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "verdict"))
    # the access line is written once the response is sent, which may be after the browser has drawn it
    WebDriverWait(browser, 10).until(lambda _: any('"POST / HTTP' in line for line in lines))
    assert not [line for line in lines if TYPED_NAME in line or "WhatsApp" in line]


def test_no_request_left_the_machine(server, browser):
    """Everything the browser loaded came from the app: the page, its stylesheet and script."""
    base, _ = server
    browser.get(base + "/")
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(url.startswith(base + "/") for url in loaded), loaded
