"""Surveys end to end: a real SMTP server (aiosmtpd, STARTTLS and AUTH required) receives the invitation the outbox
sends; the test follows the link in the mail like a person, answers on the public page, and checks what the answer
did (the closed loop's follow-up case, the report) and what the page refuses (a second answer, a forged link)."""
import datetime
import email
import email.policy
import re
import ssl
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from conftest import Server, free_port


class Inbox:
    """Collects every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"

    def wait_for(self, recipient, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for rcpts, content in self.messages:
                if recipient in rcpts:
                    return email.message_from_bytes(content, policy=email.policy.default)
            time.sleep(0.2)
        raise AssertionError(f"no mail for {recipient} within {timeout} s (got {len(self.messages)} mails)")


def authenticator(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"tester" and auth_data.password == b"s3cret")


@pytest.fixture
def smtp(tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticator, auth_required=True)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def survey_server(database, tmp_path, smtp):
    kind, url = database
    inbox, smtp_port = smtp
    running = Server(url, kind, str(tmp_path))
    env = {"TOUCHPOINT_SMTP_URL": f"smtp://tester:s3cret@127.0.0.1:{smtp_port}?from=cx@elektro-swiat.example&starttls=required&insecure=1",
           "TOUCHPOINT_PUBLIC_URL": running.base, "TOUCHPOINT_COMPANY_NAME": "Elektro Świat"}
    running.start(extra_env=env)
    yield running, inbox
    running.kill()


def daytime_zone():
    """A time zone where it is now about noon, so the quiet hours never hold the invitation back."""
    offset = 12 - datetime.datetime.now(datetime.timezone.utc).hour
    if offset > 14:
        offset -= 24
    if offset < -12:
        offset += 24
    return f"Etc/GMT{-offset:+d}"


def identify(server, user, traits):
    status, _ = server.request("POST", "/v1/identify", {"userId": user, "traits": traits}, auth="write")
    assert status == 200


def page(url, data=None):
    body = None if data is None else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def phone_browser():
    """Headless Chromium with a phone-sized window (skips without a browser, fails on CI without one)."""
    import os
    import shutil
    chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (os.path.exists(chromedriver) and (shutil.which("chromium") or shutil.which("chromium-browser"))):
        if os.environ.get("CI"):
            raise RuntimeError("CI needs chromium and chromium-driver")
        pytest.skip("chromium / chromedriver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.implicitly_wait(5)
    return driver


def screenshot(driver, name):
    import os
    from conftest import ROOT
    folder = os.path.join(ROOT, "artifacts", "screenshots")
    os.makedirs(folder, exist_ok=True)
    driver.save_screenshot(os.path.join(folder, name + ".png"))


def test_invitation_mail_link_answer_and_closed_loop(survey_server):
    server, inbox = survey_server
    zone = daytime_zone()
    identify(server, "ann-1", {"email": "ann@example.com", "name": "Ann <b>Smith</b>", "locale": "en", "timezone": zone})
    identify(server, "olek-2", {"email": "olek@example.com", "survey_opt_out": True, "timezone": zone})
    identify(server, "nomail-3", {"name": "No Mail", "timezone": zone})

    status, survey = server.request("POST", "/api/v1/surveys", {
        "name": "NPS after purchase", "type": "nps",
        "question": {"pl": "Czy polecisz nas znajomym?", "en": "How likely are you to recommend us to a friend?", "ru": "Порекомендуете ли вы нас?"},
        "trigger": {"event": "manual"}})
    assert status == 201, survey
    assert survey["status"] == "active"
    status, error = server.request("POST", "/api/v1/surveys", {"name": "x", "type": "nps", "question": {"en": "q"}, "samplingPercent": 0})
    assert status == 422 and "samplingPercent" in error["error"]["message"]

    status, invitation = server.request("POST", f"/api/v1/surveys/{survey['id']}/invitations", {"profile": "email:ann@example.com"})
    assert status == 201, invitation
    assert invitation["status"] == "sent", invitation
    mail = inbox.wait_for("ann@example.com")
    assert "one question" in mail["subject"] and "Elektro Świat" in mail["subject"]
    text = mail.get_body(preferencelist=("plain",)).get_content()
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert "How likely are you to recommend us" in text
    assert "Smith" not in html
    link = re.search(re.escape(server.base) + r"/s/[A-Za-z0-9_.\-]+", text).group(0)

    status, body = page(link)
    assert status == 200 and "How likely are you to recommend us" in body and 'lang="en"' in body
    assert "ann@example.com" not in body and "Smith" not in body  # the page shows nothing of the person

    forged = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert page(forged)[0] == 404
    assert page(forged, {"score": "9"})[0] == 404
    assert page(link, {"score": "11"})[0] == 422

    status, body = page(link, {"score": "3"})
    assert status == 201 and "Thank you" in body
    status, body = page(link, {"score": "10"})
    assert status == 409
    status, body = page(link + "/comment", {"comment": "The courier was rude and the parcel arrived broken. Terrible service."})
    assert status == 201

    # The answer went to the log: the report counts it and the closed loop opened one follow-up case.
    deadline = time.time() + 30
    cases = []
    while time.time() < deadline:
        status, listed = server.get("/api/v1/profiles/email:ann@example.com/cases")
        cases = [case for case in listed.get("cases", listed if isinstance(listed, list) else []) if case.get("origin") == "feedback"]
        if cases:
            break
        time.sleep(0.5)
    assert len(cases) == 1, listed
    status, report = server.get("/api/v1/feedback/report?type=nps")
    assert status == 200 and report["responses"] == 1 and report["detractors"] == 1, report
    status, answers = server.get("/api/v1/profiles/email:ann@example.com/feedback")
    assert answers["answers"][0]["score"] == 3
    assert answers["answers"][0]["sentiment"] == "negative", answers

    # Fatigue, explained: asked again within the cooldown, opted out, no address.
    for person, reason in [("email:ann@example.com", "cooldown"), ("email:olek@example.com", "opted_out"), ("user_id:nomail-3", "no_reachable_channel")]:
        status, skipped = server.request("POST", f"/api/v1/surveys/{survey['id']}/invitations", {"profile": person})
        assert status == 201 and skipped["status"] == "skipped" and skipped["reason"] == reason, skipped
    status, shown = server.get(f"/api/v1/surveys/{survey['id']}")
    assert shown["invitations"]["answered"] == 1 and shown["notSent"]["cooldown"] == 1 and shown["notSent"]["opted_out"] == 1
    status, outbox = server.get("/api/v1/outbox")
    # Only the invitation: a server started on a Monday morning also sends the weekly CX report (cx-weekly-…).
    invitations = [mail for mail in outbox["mails"] if not mail["id"].startswith("cx-weekly-")]
    assert outbox["configured"] is True and [mail["status"] for mail in invitations] == ["sent"], outbox


def test_survey_page_in_a_phone_browser(survey_server):
    """A person taps a score in the mail: the page opens on a phone-sized screen, sends that score by itself, and offers
    the comment box; a second person answers with one tap on the page. Screenshots in artifacts/screenshots."""
    from selenium.webdriver.common.by import By

    server, inbox = survey_server
    zone = daytime_zone()
    identify(server, "pl-1", {"email": "zofia@example.pl", "locale": "pl", "timezone": zone})
    identify(server, "ru-2", {"email": "ivan@example.com", "locale": "ru", "timezone": zone})
    status, survey = server.request("POST", "/api/v1/surveys", {
        "name": "CSAT po rozmowie", "type": "csat",
        "question": {"pl": "Jak oceniasz <naszą> obsługę?", "en": "How satisfied are you?", "ru": "Как вы оцениваете обслуживание?"},
        "followUps": [{"id": "reason", "kind": "choice", "text": {"pl": "Co zdecydowało?", "ru": "Что повлияло?"}, "options": ["czas", "cena", "ludzie"]}]})
    assert status == 201, survey
    links = {}
    for person, address in [("email:zofia@example.pl", "zofia@example.pl"), ("email:ivan@example.com", "ivan@example.com")]:
        status, invitation = server.request("POST", f"/api/v1/surveys/{survey['id']}/invitations", {"profile": person})
        assert invitation["status"] == "sent", invitation
        text = inbox.wait_for(address).get_body(preferencelist=("plain",)).get_content()
        links[address] = re.search(re.escape(server.base) + r"/s/[A-Za-z0-9_.\-]+\?score=5", text).group(0)

    driver = phone_browser()
    try:
        # One tap in the mail: the page records the score by itself and asks for more.
        driver.get(links["zofia@example.pl"])
        heading = driver.find_element(By.CSS_SELECTOR, "h1[role=status]")
        assert "Dziękujemy" in heading.text
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pl"
        screenshot(driver, "survey-thanks-pl")
        driver.find_element(By.ID, "q-comment").send_keys("Szybko i miło, dziękuję!")
        driver.find_element(By.CSS_SELECTOR, "button.send").click()
        assert "zapisana" in driver.find_element(By.CSS_SELECTOR, "p.done").text

        # The page itself: the question (escaped), a labelled group of buttons big enough for a thumb.
        plain = links["ivan@example.com"].split("?")[0]
        driver.get(plain)
        assert "Как вы оцениваете" in driver.find_element(By.TAG_NAME, "legend").text
        buttons = driver.find_elements(By.CSS_SELECTOR, ".scale button")
        assert [b.text for b in buttons] == ["1", "2", "3", "4", "5"]
        assert all(b.size["height"] >= 44 and b.size["width"] >= 44 for b in buttons)
        screenshot(driver, "survey-question-ru")
        buttons[1].click()
        assert "Спасибо" in driver.find_element(By.CSS_SELECTOR, "h1[role=status]").text
    finally:
        driver.quit()

    status, report = server.get("/api/v1/feedback/report?type=csat")
    assert report["responses"] == 2, report


def test_survey_widget_on_another_site(survey_server, tmp_path):
    """The widget on a shop's own page (another origin): it shows the invitation's question, takes one tap and a comment."""
    import http.server
    import threading
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server, inbox = survey_server
    identify(server, "app-user", {"email": "app@example.com", "locale": "en", "timezone": daytime_zone()})
    status, survey = server.request("POST", "/api/v1/surveys", {"name": "In-app CES", "type": "ces",
                                                               "question": {"en": "How easy was it to return your order?"}})
    assert status == 201
    status, invitation = server.request("POST", f"/api/v1/surveys/{survey['id']}/invitations", {"profile": "email:app@example.com"})
    assert status == 201 and invitation["token"] and invitation["link"].endswith(invitation["token"]), invitation

    site = tmp_path / "shop"
    site.mkdir()
    (site / "index.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>My orders</h1><script src="{server.base}/survey-widget.js" data-token="{invitation['token']}" async></script></body></html>""")
    handler = lambda *args, **kwargs: http.server.SimpleHTTPRequestHandler(*args, directory=str(site), **kwargs)
    shop = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=shop.serve_forever, daemon=True).start()

    driver = phone_browser()
    try:
        driver.get(f"http://127.0.0.1:{shop.server_address[1]}/index.html")
        dialog = WebDriverWait(driver, 15).until(lambda d: d.find_element(By.CSS_SELECTOR, "[role=dialog]"))
        assert "How easy was it to return your order?" in dialog.text
        buttons = dialog.find_elements(By.CSS_SELECTOR, "[role=group] button")
        assert [b.text for b in buttons] == [str(n) for n in range(1, 8)]
        screenshot(driver, "survey-widget")
        buttons[5].click()
        WebDriverWait(driver, 10).until(lambda d: "Thank you" in d.find_element(By.CSS_SELECTOR, "[role=dialog] [role=status]").text)
        driver.find_element(By.ID, "tp-survey-comment").send_keys("The return form kept rejecting my order number.")
        driver.find_element(By.CSS_SELECTOR, "[role=dialog] button[type=button]:last-of-type").click()
        WebDriverWait(driver, 10).until(lambda d: "recorded" in d.find_element(By.CSS_SELECTOR, "[role=dialog] [role=status]").text)
    finally:
        driver.quit()
        shop.shutdown()

    status, answers = server.get("/api/v1/profiles/email:app@example.com/feedback")
    deadline = time.time() + 15
    while time.time() < deadline and not (answers.get("answers") and answers["answers"][0].get("comment")):
        time.sleep(0.5)
        status, answers = server.get("/api/v1/profiles/email:app@example.com/feedback")
    assert answers["answers"][0]["type"] == "ces" and answers["answers"][0]["score"] == 6, answers
    assert "return form" in answers["answers"][0]["comment"], answers
