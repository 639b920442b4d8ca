"""The web console in a real browser: headless Chromium driven by selenium and chromedriver (Debian packages).

Screenshots are kept in artifacts/screenshots for people to look at.
"""
import os
import re
import shutil
import signal

import pytest

from conftest import ROOT, Server

ARTIFACTS = os.path.join(ROOT, "artifacts", "screenshots")
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMEDRIVER) and (shutil.which("chromium") or shutil.which("chromium-browser"))

if not HAVE_BROWSER and os.environ.get("CI"):
    raise RuntimeError("CI needs chromium and chromium-driver (apt-get install chromium chromium-driver)")
pytestmark = pytest.mark.skipif(not HAVE_BROWSER, reason="chromium / chromedriver not installed")


@pytest.fixture
def console(tmp_path):
    server = Server(f"sqlite:{tmp_path}/console.sqlite", "sqlite", str(tmp_path))
    os.environ["TOUCHPOINT_ADMIN_EMAIL"] = "manager@example.com"
    os.environ["TOUCHPOINT_ADMIN_PASSWORD"] = "browser-test-password"
    try:
        server.start()
    finally:
        del os.environ["TOUCHPOINT_ADMIN_EMAIL"]
        del os.environ["TOUCHPOINT_ADMIN_PASSWORD"]
    batch = [
        {"type": "page", "anonymousId": "web-1", "name": "Home", "timestamp": "2026-11-01T10:00:00Z"},
        {"type": "identify", "anonymousId": "web-1", "userId": "zofia", "timestamp": "2026-11-02T10:00:00Z",
         "traits": {"name": "Zofia Wiśniewska", "email": "zofia@example.pl", "phone": "+48 601 234 567"}},
        {"type": "track", "userId": "zofia", "event": "Product Viewed", "timestamp": "2026-11-03T10:00:00Z", "properties": {"name": "Telewizor OLED"}},
        {"type": "track", "userId": "zofia", "event": "Order Completed", "timestamp": "2026-11-04T10:00:00Z",
         "properties": {"revenue": 4999, "currency": "PLN"}, "context": {"channel": "store"}},
        {"type": "track", "userId": "zofia", "event": "Call Completed", "timestamp": "2026-11-05T10:00:00Z", "context": {"channel": "phone"}},
        {"type": "identify", "userId": "jan", "traits": {"name": "Jan Kowalski"}, "timestamp": "2026-11-06T10:00:00Z"},
    ]
    status, body = server.request("POST", "/v1/import", {"batch": batch}, auth="write")
    assert status == 200, body
    yield server
    server.kill(signal.SIGTERM)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shot(driver, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    driver.save_screenshot(os.path.join(ARTIFACTS, name + ".png"))


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def parse_color(text):
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    return numbers[:3], (numbers[3] if len(numbers) > 3 else 1.0)


def background_of(driver, element):
    return driver.execute_script("""
        let node = arguments[0];
        while (node) {
            const color = getComputedStyle(node).backgroundColor;
            if (color && color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
            node = node.parentElement;
        }
        return 'rgb(255, 255, 255)';""", element)


def check_accessibility(driver, page):
    """WCAG basics: a page language, one h1, labelled form fields, named buttons, text contrast of at least 4.5:1."""
    from selenium.webdriver.common.by import By
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") in ("pl", "en", "ru"), page
    assert len(driver.find_elements(By.TAG_NAME, "h1")) == 1, page
    for field in driver.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select"):
        field_id = field.get_attribute("id")
        assert field_id and driver.find_elements(By.CSS_SELECTOR, f"label[for='{field_id}']"), f"{page}: unlabelled field {field.get_attribute('name')}"
    for button in driver.find_elements(By.TAG_NAME, "button"):
        assert button.text.strip(), f"{page}: a button without a name"
    for element in driver.find_elements(By.CSS_SELECTOR, "p, td, th, a, label, dt, dd, small, span.channel, h1, h2"):
        if not element.is_displayed() or not element.text.strip():
            continue
        foreground, alpha = parse_color(element.value_of_css_property("color"))
        background, _ = parse_color(background_of(driver, element))
        light, dark = sorted([luminance(foreground), luminance(background)], reverse=True)
        ratio = (light + 0.05) / (dark + 0.05)
        assert ratio >= 4.5, f"{page}: contrast {ratio:.2f} for '{element.text[:30]}'"


def test_sign_in_search_360_view_and_language(console, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    browser.get(console.base + "/profiles?lang=en")
    assert "/login" in browser.current_url
    shot(browser, "01-sign-in")
    check_accessibility(browser, "sign-in")
    browser.find_element(By.ID, "email").send_keys("manager@example.com")
    browser.find_element(By.ID, "password").send_keys("browser-test-password")
    browser.find_element(By.CSS_SELECTOR, "form button.primary").click()
    WebDriverWait(browser, 15).until(lambda driver: "/login" not in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Customers")

    search = browser.find_element(By.ID, "q")
    search.send_keys("wiśniewska")
    search.submit()
    WebDriverWait(browser, 10).until(lambda driver: "q=" in driver.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len(rows) == 1 and "Zofia" in rows[0].text
    shot(browser, "02-search")
    check_accessibility(browser, "search")

    rows[0].find_element(By.TAG_NAME, "a").click()
    WebDriverWait(browser, 10).until(lambda driver: "/profiles/" in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Zofia Wiśniewska"
    timeline = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    assert "Order Completed" in timeline and "Call Completed" in timeline
    marks = {mark.get_attribute("class") for mark in browser.find_elements(By.CSS_SELECTOR, "ol.timeline .channel")}
    assert {"channel ch-store", "channel ch-phone", "channel ch-web"} <= marks
    assert "+48601234567" in browser.find_element(By.CSS_SELECTOR, "dl.pairs").text
    shot(browser, "03-customer-360")
    check_accessibility(browser, "customer 360")

    browser.find_element(By.CSS_SELECTOR, "a[hreflang=pl]").click()
    WebDriverWait(browser, 10).until(lambda driver: "lang=pl" in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pl"
    assert "Oś czasu" in browser.page_source
    shot(browser, "04-customer-360-pl")
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=ru]").click()
    WebDriverWait(browser, 10).until(lambda driver: "lang=ru" in driver.current_url)
    assert "Хронология" in browser.page_source
    shot(browser, "05-customer-360-ru")

    for path, name in [("/", "06-overview"), ("/journeys", "07-journeys"), ("/sources", "08-sources"), ("/settings", "09-settings")]:
        browser.get(console.base + path + "?lang=en")
        assert browser.find_element(By.TAG_NAME, "h1").text
        shot(browser, name)
        check_accessibility(browser, path)
        if path in ("/", "/journeys"):
            assert browser.find_elements(By.CSS_SELECTOR, "svg.chart"), f"{path} draws its charts as SVG"


def test_keyboard_reaches_the_content_first(console, browser):
    from selenium.webdriver.common.by import By
    browser.get(console.base + "/login?lang=en")
    assert browser.switch_to.active_element.get_attribute("id") == "email", "the sign-in form takes the focus"
    first = browser.execute_script("return document.querySelector('a[href], button, input:not([type=hidden]), select')")
    assert first.get_attribute("class") == "skip", "the first stop of the Tab key is the skip link"
    browser.execute_script("arguments[0].focus()", first)
    assert first.location["x"] >= 0 and first.is_displayed(), "the skip link shows when focused"
    assert first.get_attribute("href").endswith("#main")


def test_feedback_page_reads_in_russian(console, browser):
    """The voice-of-the-customer page: headline figures, the trend, the loop and the surveys, accessible, in Russian."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    status, _ = console.request("POST", "/v1/track", {
        "userId": "zofia", "event": "Survey Answered", "context": {"traits": {"email": "zofia@example.pl"}},
        "properties": {"survey_type": "nps", "score": 3, "comment": "Kurier spóźnił się dwa dni, a infolinia nie odbiera."}}, auth="write")
    assert status == 200
    status, _ = console.request("POST", "/api/v1/surveys", {"name": "NPS <po zakupie>", "type": "nps", "question": {"pl": "Polecisz nas?"},
                                                          "trigger": {"event": "order_completed", "delayHours": 168}})
    assert status == 201
    browser.get(console.base + "/feedback?lang=ru")
    browser.find_element(By.ID, "email").send_keys("manager@example.com")
    browser.find_element(By.ID, "password").send_keys("browser-test-password")
    browser.find_element(By.CSS_SELECTOR, "form button.primary").click()
    WebDriverWait(browser, 15).until(lambda driver: "/feedback" in driver.current_url and "/login" not in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Голос клиента")
    body = browser.find_element(By.TAG_NAME, "main").text if browser.find_elements(By.TAG_NAME, "main") else browser.page_source
    assert "Замкнутый цикл" in body and "NPS <po zakupie>" in body
    shot(browser, "feedback-ru")
    check_accessibility(browser, "feedback")


def test_decision_pages_live_count_and_report(console, browser):
    """Decisions in the console: the segment builder counts members live as a manager types (Polish), the catalogue and
    the report with its suppression chart (English), the person's segments on the 360° view (Russian)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    status, _ = console.request("POST", "/api/v1/segments", {"id": "store-buyers", "name": "Kupili w sklepie",
                                                           "conditions": [{"all": [{"did": "Order Completed", "channel": "store", "withinDays": 180}]}]})
    assert status == 201
    status, _ = console.request("POST", "/api/v1/actions", {
        "id": "warranty", "name": "Extended warranty", "kind": "cross-sell", "channels": ["web", "phone"], "value": 120,
        "eligibility": {"segments": ["store-buyers"]}, "controlGroupPercent": 10,
        "texts": {"pl": {"title": "Przedłużona gwarancja", "body": "Dwa lata spokoju."}, "en": {"title": "Extended warranty", "body": "Two calm years."},
                  "ru": {"title": "Расширенная гарантия", "body": "Два спокойных года."}}})
    assert status == 201
    # On the web: no quiet hours, whatever the time the test runs at.
    status, decision = console.request("POST", "/api/v1/decisions", {"profile": "user_id:zofia", "channel": "web"})
    assert status == 200, decision

    browser.get(console.base + "/decisions/segments?lang=pl")
    browser.find_element(By.ID, "email").send_keys("manager@example.com")
    browser.find_element(By.ID, "password").send_keys("browser-test-password")
    browser.find_element(By.CSS_SELECTOR, "form button.primary").click()
    WebDriverWait(browser, 15).until(lambda driver: "/decisions/segments" in driver.current_url and "/login" not in driver.current_url)
    assert "Kupili w sklepie" in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "sg-name").send_keys("Z Warszawy lub ze sklepu")
    browser.find_element(By.ID, "sg-conditions").send_keys('{"did":"Order Completed","channel":"store","withinDays":60}')
    WebDriverWait(browser, 10).until(lambda driver: "1 osoba" in driver.find_element(By.ID, "sg-count").text)
    browser.find_element(By.ID, "sg-conditions").send_keys("\nvalue.cvl > 3")
    WebDriverWait(browser, 10).until(lambda driver: "value.cvl" in driver.find_element(By.ID, "sg-count").text)
    shot(browser, "decisions-segments-pl")
    check_accessibility(browser, "decision segments")

    for path, name in [("/decisions/actions?lang=en", "decisions-actions-en"), ("/decisions/report?lang=en", "decisions-report-en")]:
        browser.get(console.base + path)
        assert browser.find_element(By.TAG_NAME, "h1").text
        shot(browser, name)
        check_accessibility(browser, path)
    assert "Extended warranty" in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart") or "control" in browser.page_source.lower()

    browser.get(console.base + "/profiles/user_id:zofia?lang=ru")
    assert "Kupili w sklepie" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "decisions-profile-ru")


def test_cx_pyramid_channels_and_indicator_in_three_languages(console, browser):
    """Measurement in the console: the CX pyramid drawn as SVG with a text alternative (Polish), the channels compared
    (English) and an indicator's explanation (Russian), each accessible; the pyramid's text says the level reached."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    status, body = console.request("POST", "/api/v1/cases", {"channel": "email", "customer": {"email": "zofia@example.pl"},
                                                            "subject": "Gdzie jest paczka?", "message": "Nie dotarła."})
    assert status == 201, body
    status, body = console.request("POST", "/api/v1/cases", {"channel": "email", "customer": {"email": "jan@example.pl"},
                                                            "subject": "Opóźnienie", "message": "Paczka się spóźni.", "direction": "outbound"})
    assert status == 201 and body["origin"] == "proactive", body

    browser.get(console.base + "/cx/pyramid?lang=pl&from=2026-01-01")
    browser.find_element(By.ID, "email").send_keys("manager@example.com")
    browser.find_element(By.ID, "password").send_keys("browser-test-password")
    browser.find_element(By.CSS_SELECTOR, "form button.primary").click()
    WebDriverWait(browser, 15).until(lambda driver: "/cx/pyramid" in driver.current_url and "/login" not in driver.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Piramida")
    svg = browser.find_element(By.CSS_SELECTOR, "main svg")
    assert svg.find_element(By.TAG_NAME, "title").get_attribute("textContent").strip()
    assert "Osiągnięty poziom" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "cx-pyramid-pl")
    check_accessibility(browser, "cx pyramid")

    browser.get(console.base + "/cx/channels?lang=en&from=2026-01-01")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Channels")
    assert browser.find_elements(By.CSS_SELECTOR, "main svg desc")
    assert "Spread across channels" in browser.find_element(By.TAG_NAME, "main").text
    shot(browser, "cx-channels-en")
    check_accessibility(browser, "cx channels")

    browser.get(console.base + "/cx/indicators/proactive_share?lang=ru")
    assert browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "main svg")
    shot(browser, "cx-indicator-ru")
    check_accessibility(browser, "cx indicator")
