"""Next best action from outside: events from the official Segment client put a person in a segment, a decision picks
the offer, the outcome comes back as a Segment track event and teaches the report; on a real web page (another origin)
decisions.js draws the visitor's offer in headless Chromium and reports the click; a campaign list comes from the CLI;
erasing the person takes their decisions with them."""
import csv
import http.server
import io
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
from segment.analytics.client import Client

from conftest import BINARY, ROOT, WRITE_KEY, Server

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = os.path.exists(CHROMEDRIVER) and (shutil.which("chromium") or shutil.which("chromium-browser"))
ARTIFACTS = os.path.join(ROOT, "artifacts", "screenshots")

SEGMENT = {"id": "tv-buyers", "name": "Bought a TV lately", "conditions": [{"all": [
    {"did": "Order Completed", "where": ["category == tv"], "withinDays": 90},
    {"didNot": "Order Completed", "where": ["category == soundbar"], "withinDays": 90}]}]}
SOUNDBAR = {"id": "soundbar", "name": "Soundbar for TV buyers", "kind": "cross-sell", "channels": ["web", "email"],
            "placements": ["home_banner", "email_weekly"], "eligibility": {"segments": ["tv-buyers"]}, "value": 80,
            "texts": {"pl": {"title": "Soundbar -20%", "body": "Pełny dźwięk do Twojego telewizora.", "callToAction": "Zobacz"},
                      "en": {"title": "Soundbar 20% off", "body": "Full sound for your TV.", "callToAction": "Show me"},
                      "ru": {"title": "Саундбар -20%", "body": "Полный звук для вашего телевизора.", "callToAction": "Смотреть"}}}
CASE_HELP = {"id": "case-help", "name": "We are on your case", "kind": "service", "channels": ["web", "email", "phone"],
             "eligibility": {"conditions": ["cases.open >= 1"]}, "value": 10,
             "texts": {"pl": {"title": "Zajmujemy się Twoją sprawą", "body": "Odpowiemy jeszcze dziś."}}}


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """One server for the module, with the segment and the actions in its catalogue."""
    workdir = tmp_path_factory.mktemp("decisions")
    server = Server(f"sqlite:{workdir}/decisions.sqlite", "sqlite", str(workdir)).start()
    for path, body in [("/api/v1/segments", SEGMENT), ("/api/v1/actions", SOUNDBAR), ("/api/v1/actions", CASE_HELP)]:
        status, answer = server.request("POST", path, body)
        assert status == 201, answer
    yield server
    server.kill(signal.SIGTERM)


def segment_client(server):
    errors = []
    return Client(write_key=WRITE_KEY, host=server.base, sync_mode=True, on_error=lambda e, b: errors.append(e)), errors


def wait_for(check, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting")


def test_events_segments_decisions_outcomes_and_erasure(shop):
    client, errors = segment_client(shop)
    client.identify("ola", {"email": "ola@example.pl", "name": "Ola Nowak", "language": "en"})
    client.track("ola", "Order Completed", {"category": "tv", "revenue": 3999})
    client.flush()
    assert not errors, errors
    # Membership follows the event within moments, from the projection's checkpoint.
    wait_for(lambda: shop.get("/api/v1/profiles/user_id:ola")[1].get("segments") == ["tv-buyers"])

    status, decision = shop.request("POST", "/api/v1/decisions", {"profile": "user_id:ola", "channel": "web", "placement": "home_banner"})
    assert status == 200, decision
    assert [action["id"] for action in decision["actions"]] == ["soundbar"], decision
    assert decision["actions"][0]["title"] == "Soundbar 20% off" and "propensity" in decision["actions"][0]["reason"]
    assert decision["notApplicable"] == {"not_eligible": 1}, decision

    client.track("ola", "Offer Accepted", {"decision_id": decision["decisionId"], "action_id": "soundbar"})
    client.flush()
    report = wait_for(lambda: (lambda r: r if r["actions"] and r["actions"][0]["accepted"] == 1 else None)(shop.get("/api/v1/decisions/report")[1]))
    assert report["actions"][0]["shown"] >= 1 and report["decisions"] >= 1, report

    # A problem opened with the service desk puts service before marketing.
    status, case = shop.request("POST", "/api/v1/cases", {"channel": "email", "customer": {"email": "ola@example.pl"},
                                                           "subject": "TV flickers", "message": "The screen flickers"})
    assert status == 201, case
    status, second = shop.request("POST", "/api/v1/decisions", {"profile": "email:ola@example.pl", "channel": "web"})
    assert second["serviceFirst"] is True and [a["id"] for a in second["actions"]] == ["case-help"], second
    assert {"id": "soundbar", "kind": "cross-sell", "reason": "service_first"} in second["removed"], second

    timeline = shop.get("/api/v1/profiles/user_id:ola/timeline")[1]
    names = [entry.get("event") or entry.get("name") for entry in timeline.get("events", timeline.get("entries", []))]
    assert "Segment Entered" in names and "Decision Made" in names, names

    status, erased = shop.request("DELETE", "/api/v1/profiles/user_id:ola")
    assert status == 200, erased
    status, after = shop.request("POST", "/api/v1/decisions", {"profile": "user_id:ola", "channel": "web"})
    assert status == 404, after


def daytime_zone():
    """An IANA zone where it is now midday: e-mail waits for the morning in the person's quiet hours (21:00–08:00)."""
    offset = (12 - time.gmtime().tm_hour + 24) % 24
    offset = offset - 24 if offset > 14 else offset
    return "Etc/GMT" + ("-" if offset > 0 else "+") + str(abs(offset)) if offset else "Etc/UTC"


def test_campaign_list_from_the_cli(shop):
    client, errors = segment_client(shop)
    for user in ["piotr", "ewa"]:
        client.identify(user, {"email": f"{user}@example.pl", "name": user.title(), "timezone": daytime_zone()})
        client.track(user, "Order Completed", {"category": "tv"})
    client.flush()
    assert not errors, errors
    wait_for(lambda: shop.get("/api/v1/segments/tv-buyers/members")[1]["members"].__len__() >= 2)
    output = os.path.join(shop.workdir, "campaign.csv")
    result = subprocess.run([BINARY, "decisions", "export", "--segment", "tv-buyers", "--channel", "email", "--placement", "email_weekly",
                             "-o", output, "--database", shop.database_url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "get an action on email" in result.stderr
    with open(output, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["email"] for row in rows} >= {"piotr@example.pl", "ewa@example.pl"}, rows
    assert all(row["action_id"] == "soundbar" and row["title"] == "Soundbar -20%" for row in rows), rows
    unknown = subprocess.run([BINARY, "decisions", "export", "--segment", "nope", "--channel", "email", "--database", shop.database_url],
                             capture_output=True, text=True, timeout=120)
    assert unknown.returncode != 0 and "no segment 'nope'" in unknown.stderr and "tv-buyers" in unknown.stderr


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.skipif(not HAVE_BROWSER, reason="chromium / chromedriver not installed")
def test_snippet_draws_the_offer_on_another_site_and_reports_the_click(shop, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    # The shop's own site, on another origin, embeds the snippet.
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f"""<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Elektro</title></head>
<body><h1>Witamy</h1><div id="banner" data-touchpoint-placement="home_banner"></div>
<script src="{shop.base}/decisions.js" data-key="{WRITE_KEY}" async></script></body></html>""", encoding="utf-8")
    handler = lambda *args, **kwargs: QuietHandler(*args, directory=str(site), **kwargs)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = f"http://127.0.0.1:{httpd.server_address[1]}/index.html"

    # The visitor bought a TV before (analytics.js's anonymous id on this browser).
    client, errors = segment_client(shop)
    client.track(event="Order Completed", properties={"category": "tv"}, anonymous_id="browser-visitor-1")
    client.flush()
    assert not errors, errors
    wait_for(lambda: shop.get("/api/v1/profiles/anonymous_id:browser-visitor-1")[1].get("segments") == ["tv-buyers"])

    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1000,700"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(page)
        driver.execute_script("window.localStorage.setItem('ajs_anonymous_id', JSON.stringify('browser-visitor-1'))")
        driver.get(page)
        title = wait_for(lambda: (lambda found: found[0] if found and found[0].text else None)(driver.find_elements(By.CSS_SELECTOR, "#banner .tp-offer-title")))
        assert title.text == "Soundbar -20%"
        os.makedirs(ARTIFACTS, exist_ok=True)
        driver.save_screenshot(os.path.join(ARTIFACTS, "decisions-snippet.png"))
        driver.find_element(By.CSS_SELECTOR, "#banner .tp-offer-action").click()
        # The view (it is on screen) and the click come back as outcome events of that decision.
        decisions = wait_for(lambda: shop.get("/api/v1/profiles/anonymous_id:browser-visitor-1/decisions")[1]["decisions"])
        assert decisions[0]["placement"] == "home_banner" and decisions[0]["actions"][0]["id"] == "soundbar"
        wait_for(lambda: any(a["id"] == "soundbar" and a["accepted"] >= 1 and a["viewed"] >= 1 for a in shop.get("/api/v1/decisions/report")[1]["actions"]))
    finally:
        driver.quit()
        httpd.shutdown()
