"""Self-service from the outside: the demo's articles imported with `touchpoint kb import`, the public help centre in
headless Chromium (suggestions as you type, an article with its translations, "was this helpful?"), and the chat
widget's assistant answering and handing over to a person, whose case carries the transcript."""
import os
import subprocess
import signal

import pytest

from conftest import BINARY, ROOT, WRITE_KEY, Server
from test_console_browser import CHROMEDRIVER, HAVE_BROWSER, check_accessibility, shot

pytestmark = pytest.mark.skipif(not HAVE_BROWSER, reason="chromium / chromedriver not installed")
ARTICLES = os.path.join(ROOT, "Sources", "TouchpointDemo", "Resources", "help")


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory):
    """One server for the module, on a SQLite file the CLI imported the demo help centre into first."""
    workdir = str(tmp_path_factory.mktemp("help"))
    url = f"sqlite:{workdir}/help.sqlite"
    imported = subprocess.run([BINARY, "kb", "import", ARTICLES, "--database", url], capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert "117 created" in imported.stdout, imported.stdout
    again = subprocess.run([BINARY, "kb", "import", ARTICLES, "--database", url], capture_output=True, text=True, timeout=300)
    assert "117 unchanged" in again.stdout, again.stdout
    server = Server(url, "sqlite", workdir).start()
    # Nobody is on duty: the widget starts with the assistant.
    status, agents = server.get("/api/v1/service/agents")
    for agent in agents.get("agents", []) if isinstance(agents, dict) else agents:
        server.request("PATCH", f"/api/v1/service/agents/{agent['id']}", {"presence": "offline"})
    yield server
    server.kill(signal.SIGTERM)


def browser(width=1280, height=1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    return driver


def test_export_writes_every_article_back(helpdesk, tmp_path):
    out = subprocess.run([BINARY, "kb", "export", str(tmp_path / "kb"), "--database", helpdesk.database_url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    files = [name for _, _, names in os.walk(tmp_path / "kb") for name in names]
    assert len(files) == 117
    text = open(tmp_path / "kb" / "pl" / "zwrot-towaru.md", encoding="utf-8").read()
    assert text.startswith("---\ntranslation: returns\nlocale: pl\n") and "status: published" in text


def test_the_help_centre_in_a_browser(helpdesk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver = browser()
    try:
        driver.get(helpdesk.base + "/help/pl")
        assert driver.find_element(By.TAG_NAME, "h1").text == "Centrum pomocy"
        check_accessibility(driver, "help centre home")
        shot(driver, "40-help-centre")
        # Suggestions while typing, without diacritics.
        box = driver.find_element(By.ID, "q")
        box.send_keys("platnosc blik")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#suggestions a"))
        titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#suggestions a")]
        assert "Metody płatności" in titles, titles
        shot(driver, "41-help-suggestions")
        # A search for an inflected form finds the article; the article names its translations.
        box.clear()
        box.send_keys("zwroty towarów")
        driver.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "/search" in d.current_url)
        first = driver.find_element(By.CSS_SELECTOR, "main ol li a")
        assert first.text == "Zwrot towaru", first.text
        first.click()
        WebDriverWait(driver, 10).until(lambda d: "/a/zwrot-towaru" in d.current_url)
        alternates = {link.get_attribute("hreflang") for link in driver.find_elements(By.CSS_SELECTOR, "link[rel=alternate]")}
        assert alternates == {"pl", "en", "ru"}, alternates
        check_accessibility(driver, "help centre article")
        driver.find_element(By.CSS_SELECTOR, "#vote button[value=yes]").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#vote .done"))
        shot(driver, "42-help-article")
        driver.get(helpdesk.base + "/help/ru/search?q=" + "гарантией")
        assert "Гарантия" in driver.find_element(By.CSS_SELECTOR, "main ol li a").text
    finally:
        driver.quit()
    status, report = helpdesk.get("/api/v1/self-service/report")
    assert status == 200 and report["searches"] >= 2 and report["articleViews"] >= 1 and report["helpful"] >= 1, report


def test_the_widget_assistant_answers_and_hands_over(helpdesk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    driver = browser(420, 800)
    try:
        driver.get(helpdesk.base + f"/chat/demo?key={WRITE_KEY}&lang=pl")
        driver.find_element(By.CSS_SELECTOR, ".tp-chat > button").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-notice="assistant"]'))
        ask = lambda text: (driver.find_element(By.CSS_SELECTOR, ".tp-chat textarea").send_keys(text),
                            driver.find_element(By.CSS_SELECTOR, ".tp-chat form button[type=submit]").click())
        ask("Jakie są metody płatności w sklepie?")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".tp-chat-assistant"))
        answer = driver.find_elements(By.CSS_SELECTOR, ".tp-chat-assistant")[-1]
        assert answer.get_attribute("data-outcome") in ("answered", "clarify"), answer.text
        assert answer.find_elements(By.TAG_NAME, "a"), "the answer links its article"
        shot(driver, "43-widget-assistant")
        ask("To nie to, chcę rozmawiać z konsultantem")
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, '.tp-chat-assistant[data-outcome="handover"]'))
        shot(driver, "44-widget-handover")
        # Now the visitor writes to people: the next message is stored on the case.
        ask("Numer zamówienia 12345")
        WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".tp-chat [data-pending]"))
    finally:
        driver.quit()
    status, cases = helpdesk.get("/api/v1/cases?limit=50")
    handed = [c for c in cases["cases"] if "assistant" in c.get("tags", [])]
    assert len(handed) == 1, cases
    status, messages = helpdesk.get(f"/api/v1/cases/{handed[0]['id']}")
    bodies = [m["body"] for m in messages["messages"]]
    assert any("Transcript" in b and "metody płatności" in b and "asked_for_human" in b for b in bodies), bodies
    assert any("Numer zamówienia 12345" in b for b in bodies), bodies
    status, report = helpdesk.get("/api/v1/self-service/report")
    assert report["handovers"] >= 1 and report["handoverReasons"].get("asked_for_human", 0) >= 1, report
