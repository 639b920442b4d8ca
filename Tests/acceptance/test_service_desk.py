"""The service desk from the outside: live chat over real WebSockets (with a dropped connection), the agent's
live socket, and the agent workspace and chat widget in headless Chromium."""
import hashlib
import hmac
import json
import os
import signal
import time
import uuid

import pytest
import websocket  # websocket-client

from conftest import ADMIN_TOKEN, POSTGRES_SERVER, WRITE_KEY, Server, psql
from test_console_browser import HAVE_BROWSER, check_accessibility, shot


def ws_url(server, path):
    return server.base.replace("http://", "ws://") + path


def receive_until(sock, predicate, timeout=10):
    """Frames until one matches; returns it (and fails after `timeout`)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        sock.settimeout(max(0.1, deadline - time.time()))
        frame = json.loads(sock.recv())
        if predicate(frame):
            return frame
    raise AssertionError("no matching frame")


def text_of(driver, selector):
    """The text of an element, or "" while the page is being replaced (a stale element)."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
    try:
        return driver.find_element("css selector", selector).text
    except (StaleElementReferenceException, NoSuchElementException):
        return ""
    except WebDriverException as error:
        # Chromium's "Node … does not belong to the document": the live update replaced the element mid-read.
        if "does not belong to the document" in str(error):
            return ""
        raise


def visitor_token(server, current=""):
    """A signed chat visitor token, as the widget gets one (POST /chat/session)."""
    status, answer = server.request("POST", f"/chat/session?key={WRITE_KEY}", current.encode(), auth=None)
    assert status == 200, answer
    return answer["token"]


def identity_secret(server):
    """The default source's identity-verification secret (made anew)."""
    status, sources = server.get("/api/v1/sources")
    source = next(s for s in sources if s["name"] == "default")
    status, answer = server.request("POST", f"/api/v1/sources/{source['id']}/identity-secret", {})
    assert status == 201, answer
    return answer["identitySecret"]


def user_hash(secret, subject):
    return hmac.new(secret.encode(), subject.encode(), hashlib.sha256).hexdigest()


def make_agent(server, email, presence="online"):
    status, agent = server.request("POST", "/api/v1/service/agents",
                                   {"email": email, "password": "agent-password", "name": "Agent " + email, "presence": presence})
    assert status == 201, agent
    status, token = server.request("POST", f"/api/v1/service/agents/{agent['id']}/tokens", {})
    assert status == 201, token
    return agent, token["token"]


def test_chat_reaches_the_agent_and_survives_a_dropped_connection(server):
    agent, token = make_agent(server, "chat-agent@example.com")
    live = websocket.create_connection(ws_url(server, "/api/v1/service/live"), header=[f"Authorization: Bearer {token}"], timeout=10)
    assert receive_until(live, lambda f: f["type"] == "hello")["agentId"] == agent["id"]

    token = visitor_token(server)
    secret = identity_secret(server)
    chat = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&token={token}"), timeout=10)
    assert receive_until(chat, lambda f: f["type"] == "ready")["lastSequence"] == 0
    # The shop proves who its signed-in customer is (Intercom-style user hash): only then does the chat join their profile.
    chat.send(json.dumps({"type": "identify", "email": "Klient.Czatu@Example.com", "name": "Klient Czatu",
                          "userHash": user_hash(secret, "Klient.Czatu@Example.com")}))
    assert receive_until(chat, lambda f: f["type"] == "identified")["verified"] is True
    chat.send(json.dumps({"type": "message", "clientId": "c-1", "body": "Dzień dobry, gdzie moja paczka?"}))
    ack = receive_until(chat, lambda f: f["type"] == "ack")
    assert ack["clientId"] == "c-1" and ack["sequence"] == 1

    # The agent sees it live, with the case routed to them, and answers through the socket.
    incoming = receive_until(live, lambda f: f["type"] == "message" and f["message"]["clientId"] == "c-1")
    assert incoming["assigneeId"] == agent["id"]
    case_id = incoming["caseId"]
    live.send(json.dumps({"type": "reply", "caseId": case_id, "body": "Już sprawdzam!", "clientId": "r-1"}))
    assert receive_until(live, lambda f: f["type"] == "ack" and f["clientId"] == "r-1")["sequence"] == 2
    reply = receive_until(chat, lambda f: f["type"] == "message" and f["message"]["direction"] == "outbound")
    assert reply["message"]["body"] == "Już sprawdzam!"
    last_seen = reply["message"]["sequence"]

    # The visitor's connection drops; the agent answers meanwhile.
    chat.close()
    status, _ = server.request("POST", f"/api/v1/cases/{case_id}/messages", {"body": "Paczka jest w drodze."})
    assert status == 201
    # Reconnecting with the last sequence seen brings the missed reply; a message re-sent with the same
    # clientId (its ack was lost with the connection) is stored once.
    token = visitor_token(server, token)  # the widget renews its token when it starts again
    chat = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&token={token}&after={last_seen}"), timeout=10)
    missed = receive_until(chat, lambda f: f["type"] == "message")
    assert missed["message"]["body"] == "Paczka jest w drodze."
    assert receive_until(chat, lambda f: f["type"] == "ready")["lastSequence"] == 3
    chat.send(json.dumps({"type": "message", "clientId": "c-1", "body": "Dzień dobry, gdzie moja paczka?"}))
    assert receive_until(chat, lambda f: f["type"] == "ack")["sequence"] == 1
    chat.close()
    live.close()

    status, detail = server.get(f"/api/v1/cases/{case_id}")
    assert [m["body"] for m in detail["messages"]] == ["Dzień dobry, gdzie moja paczka?", "Już sprawdzam!", "Paczka jest w drodze."]
    assert detail["channel"] == "chat" and detail["firstResponseAt"]
    # The conversation is on the customer's timeline, found by the e-mail given in the chat.
    status, timeline = server.get("/api/v1/profiles/email:klient.czatu@example.com/timeline")
    assert status == 200, timeline
    names = [event["name"] for event in timeline["events"]]
    assert "Case Message Received" in names and "Case Reply Sent" in names


@pytest.mark.skipif(not POSTGRES_SERVER, reason="TOUCHPOINT_TEST_POSTGRES_URL is not set")
def test_two_nodes_on_one_postgres_share_live_updates(tmp_path):
    """A visitor on node A and an agent on node B: LISTEN/NOTIFY carries each side's messages to the other."""
    name = "touchpoint_accept_" + uuid.uuid4().hex[:10]
    psql(POSTGRES_SERVER, f"CREATE DATABASE {name}")
    url = POSTGRES_SERVER.split("?")[0].rsplit("/", 1)[0] + f"/{name}?sslmode=disable"
    node_a = Server(url, "postgres", str(tmp_path)).start()
    node_b = Server(url, "postgres", str(tmp_path)).start()
    try:
        agent, token = make_agent(node_a, "relay-agent@example.com")
        live = websocket.create_connection(ws_url(node_b, "/api/v1/service/live"), header=[f"Authorization: Bearer {token}"], timeout=15)
        receive_until(live, lambda f: f["type"] == "hello")
        time.sleep(0.5)  # node B's listener is up
        # A token made by node B opens the chat on node A: the signing key is shared through the database.
        token = visitor_token(node_b)
        chat = websocket.create_connection(ws_url(node_a, f"/chat/socket?key={WRITE_KEY}&token={token}"), timeout=15)
        receive_until(chat, lambda f: f["type"] == "ready")
        chat.send(json.dumps({"type": "message", "clientId": "a-1", "body": "Hello from node A"}))
        incoming = receive_until(live, lambda f: f["type"] == "message" and f["message"]["clientId"] == "a-1", timeout=15)
        assert incoming["message"]["body"] == "Hello from node A"
        live.send(json.dumps({"type": "reply", "caseId": incoming["caseId"], "body": "Answer from node B", "clientId": "b-1"}))
        reply = receive_until(chat, lambda f: f["type"] == "message" and f["message"]["direction"] == "outbound", timeout=15)
        assert reply["message"]["body"] == "Answer from node B"
        chat.close()
        live.close()
    finally:
        node_a.kill(signal.SIGTERM)
        node_b.kill(signal.SIGTERM)
        psql(POSTGRES_SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_bad_chat_credentials_are_refused(server):
    sock = websocket.create_connection(ws_url(server, "/chat/socket?key=wrong&token=x"), timeout=10)
    frame = json.loads(sock.recv())
    assert frame["type"] == "error" and frame["code"] == "unauthorized"
    # A bare visitor id (what agents used to see on profiles) no longer opens anyone's chat; nor does an altered token.
    sock = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&visitor=visitor-123456"), timeout=10)
    assert json.loads(sock.recv())["code"] == "invalid_visitor"
    token = visitor_token(server)
    forged = token.rsplit(".", 1)[0].replace(token.split(".")[1], "v" + "0" * 32) + "." + token.rsplit(".", 1)[1]
    sock = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&token={forged}"), timeout=10)
    assert json.loads(sock.recv())["code"] == "invalid_visitor"


def test_an_unproven_identity_does_not_join_a_customers_profile(server):
    """A stranger who types a real customer's e-mail into the chat is shown to agents as unverified, and their chat
    stays off that customer's profile."""
    status, _ = server.request("POST", "/v1/identify", {"userId": "real-customer", "traits": {"email": "real.customer@example.com"}}, auth="write")
    assert status == 200
    chat = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&token={visitor_token(server)}"), timeout=10)
    receive_until(chat, lambda f: f["type"] == "ready")
    chat.send(json.dumps({"type": "identify", "email": "real.customer@example.com", "userId": "real-customer", "userHash": "00" * 32}))
    assert receive_until(chat, lambda f: f["type"] == "identified")["verified"] is False
    chat.send(json.dumps({"type": "message", "clientId": "s-1", "body": "Show me my orders"}))
    ack = receive_until(chat, lambda f: f["type"] == "ack")
    chat.close()
    status, cases = server.get("/api/v1/profiles/user_id:real-customer/cases")
    assert status == 200 and cases["cases"] == [], cases
    status, found = server.get(f"/api/v1/cases/{ack['caseNumber']}")
    assert found["customer"]["unverifiedEmail"] == "real.customer@example.com" and found["customer"]["email"] is None
    assert found["chatVisitor"].startswith("chat-")


def test_new_chat_visitors_and_conversations_are_limited_per_address(tmp_path):
    """Fifty new visitor ids once opened fifty cases: visitors and conversations are now limited per address."""
    node = Server(f"sqlite:{tmp_path}/limits.sqlite", "sqlite", str(tmp_path)).start(
        extra_env={"TOUCHPOINT_CHAT_VISITORS_PER_HOUR": "5", "TOUCHPOINT_CHAT_CONVERSATIONS_PER_HOUR": "3"})
    try:
        tokens = [visitor_token(node) for _ in range(5)]
        status, answer = node.request("POST", f"/chat/session?key={WRITE_KEY}", b"", auth=None)
        assert status == 429 and answer["error"]["code"] == "rate_limited", answer
        # Renewing a token the browser already holds is not a new visitor.
        assert visitor_token(node, tokens[0]).split(".")[1] == tokens[0].split(".")[1]
        opened, refused = 0, 0
        for index, token in enumerate(tokens):
            chat = websocket.create_connection(ws_url(node, f"/chat/socket?key={WRITE_KEY}&token={token}"), timeout=10)
            receive_until(chat, lambda f: f["type"] == "ready")
            chat.send(json.dumps({"type": "message", "clientId": f"n-{index}", "body": "Hello"}))
            frame = receive_until(chat, lambda f: f["type"] in ("ack", "error"))
            if frame["type"] == "ack":
                opened += 1
            else:
                assert frame["code"] == "rate_limited", frame
                refused += 1
            chat.close()
        assert (opened, refused) == (3, 2)
        status, listed = node.get("/api/v1/cases?channel=chat")
        assert listed["total"] == 3
    finally:
        node.kill(signal.SIGTERM)


def test_chat_floods_are_limited(server):
    """One visitor sending faster than a person types gets rate_limited frames (nothing stored past the limit)."""
    chat = websocket.create_connection(ws_url(server, f"/chat/socket?key={WRITE_KEY}&token={visitor_token(server)}"), timeout=10)
    receive_until(chat, lambda f: f["type"] == "ready")
    for index in range(60):
        chat.send(json.dumps({"type": "message", "clientId": f"f-{index}", "body": f"flood {index}"}))
    acks, limited = 0, 0
    deadline = time.time() + 15
    while acks + limited < 60 and time.time() < deadline:
        chat.settimeout(max(0.1, deadline - time.time()))
        frame = json.loads(chat.recv())
        if frame["type"] == "ack":
            acks += 1
        elif frame["type"] == "error" and frame["code"] == "rate_limited":
            limited += 1
            assert frame["retryAfter"] >= 1
    chat.close()
    assert acks <= 21 and limited >= 39, (acks, limited)


@pytest.mark.skipif(not HAVE_BROWSER, reason="chromium / chromedriver not installed")
def test_workspace_and_chat_widget_in_a_browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from test_console_browser import CHROMEDRIVER

    server = Server(f"sqlite:{tmp_path}/service.sqlite", "sqlite", str(tmp_path))
    os.environ["TOUCHPOINT_ADMIN_EMAIL"] = "lead@example.com"
    os.environ["TOUCHPOINT_ADMIN_PASSWORD"] = "service-test-password"
    try:
        server.start()
    finally:
        del os.environ["TOUCHPOINT_ADMIN_EMAIL"]
        del os.environ["TOUCHPOINT_ADMIN_PASSWORD"]
    options = Options()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1100"]:
        options.add_argument(argument)
    customer = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    agent = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        customer.implicitly_wait(5)
        agent.implicitly_wait(5)
        # A customer writes through the widget embedded in a shop page, with a script in the text.
        customer.get(server.base + f"/chat/demo?key={WRITE_KEY}&lang=pl")
        customer.find_element(By.CSS_SELECTOR, ".tp-chat > button").click()
        customer.find_element(By.CSS_SELECTOR, ".tp-chat textarea").send_keys("Pomocy <script>alert('x')</script> z zamówieniem")
        customer.find_element(By.CSS_SELECTOR, ".tp-chat form button[type=submit]").click()
        WebDriverWait(customer, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".tp-chat [data-pending]"))
        shot(customer, "20-chat-widget")

        # The team lead signs in and finds it in the inbox.
        agent.get(server.base + "/service?lang=pl")
        agent.find_element(By.ID, "email").send_keys("lead@example.com")
        agent.find_element(By.ID, "password").send_keys("service-test-password")
        agent.find_element(By.CSS_SELECTOR, "form button.primary").click()
        WebDriverWait(agent, 15).until(lambda d: "/login" not in d.current_url)
        agent.get(server.base + "/service?view=open&lang=pl")
        assert agent.find_element(By.TAG_NAME, "h1").text == "Skrzynka obsługi klienta"
        rows = agent.find_elements(By.CSS_SELECTOR, "table.cases tbody tr")
        assert len(rows) == 1 and "Pomocy" in rows[0].text
        shot(agent, "21-service-inbox")
        check_accessibility(agent, "service inbox")

        rows[0].find_element(By.TAG_NAME, "a").click()
        WebDriverWait(agent, 10).until(lambda d: "/service/cases/" in d.current_url)
        conversation = agent.find_element(By.ID, "conversation").text
        assert "<script>alert('x')</script>" in conversation, "the payload is shown as text"
        assert agent.execute_script("return document.querySelectorAll('#conversation script').length") == 0
        check_accessibility(agent, "case workspace")
        agent.find_element(By.ID, "reply-body").send_keys("Dzień dobry! Zamówienie wyszło dziś.")
        agent.find_element(By.CSS_SELECTOR, "#reply-form button[type=submit]").click()
        WebDriverWait(agent, 10).until(lambda d: "wyszło dziś" in text_of(d, "#conversation"))
        shot(agent, "22-case-workspace")

        # The reply reaches the customer's open widget live.
        WebDriverWait(customer, 10).until(lambda d: "wyszło dziś" in text_of(d, ".tp-chat-messages"))
        # A new customer message appears in the open workspace without a reload.
        customer.find_element(By.CSS_SELECTOR, ".tp-chat textarea").send_keys("Dziękuję!")
        customer.find_element(By.CSS_SELECTOR, ".tp-chat form button[type=submit]").click()
        WebDriverWait(agent, 10).until(lambda d: "Dziękuję!" in text_of(d, "#conversation"))
        shot(customer, "23-chat-widget-reply")
        # The widget greets, confirms the first message arrived, and Close really hides the panel.
        notices = [n.get_attribute("data-notice") for n in customer.find_elements(By.CSS_SELECTOR, ".tp-chat-notice")]
        assert notices == ["welcome", "received"], notices
        panel = customer.find_element(By.CSS_SELECTOR, ".tp-chat section")
        assert panel.is_displayed()
        customer.find_element(By.CSS_SELECTOR, ".tp-chat > button").click()
        WebDriverWait(customer, 5).until(lambda d: not d.find_element(By.CSS_SELECTOR, ".tp-chat section").is_displayed())
        assert customer.find_element(By.CSS_SELECTOR, ".tp-chat > button").is_displayed()

        agent.get(server.base + "/service/reports?lang=en")
        assert agent.find_element(By.TAG_NAME, "h1").text == "Service metrics"
        grouping = [t.find_element(By.CSS_SELECTOR, "thead th").text for t in agent.find_elements(By.CSS_SELECTOR, "section.card table")[1:4]]
        assert grouping == ["Agent", "Team", "Channel"], grouping
        shot(agent, "24-service-reports")
        check_accessibility(agent, "service reports")
        agent.get(server.base + "/service/settings?lang=pl")
        assert agent.find_element(By.TAG_NAME, "h1").text == "Ustawienia obsługi klienta"
        shot(agent, "25-service-settings")
        check_accessibility(agent, "service settings")
    finally:
        customer.quit()
        agent.quit()
        server.kill(signal.SIGTERM)
