"""The official Segment Python client, pointed at Touchpoint, delivers every call unchanged."""
import pytest
from segment.analytics.request import APIError
from segment.analytics.client import Client

from conftest import WRITE_KEY


def make_client(server, **options):
    errors = []
    client = Client(write_key=WRITE_KEY, host=server.base, sync_mode=True, on_error=lambda e, b: errors.append(e), **options)
    return client, errors


def test_every_call_of_the_official_client_arrives(server):
    client, errors = make_client(server)
    client.identify("py-user-1", {"email": "Py.User@Example.com", "name": "Py User", "phone": "+48 601 000 111"}, anonymous_id="py-anon-1")
    client.track("py-user-1", "Order Completed", {"revenue": 249.99, "currency": "PLN", "order_id": "o-1"})
    client.page("py-user-1", "Shop", "Home", {"url": "https://shop.example/"})
    client.screen("py-user-1", "App", "Cart", {"items": 2})
    client.group("py-user-1", "company-9", {"name": "Acme"})
    client.alias("py-user-1", "py-user-1-renamed")
    client.flush()
    assert errors == []

    status, profile = server.get("/api/v1/profiles/user_id:py-user-1-renamed")
    assert status == 200, profile
    assert profile["eventCount"] == 6
    keys = {(i["type"], i["value"]) for i in profile["identities"]}
    assert {("user_id", "py-user-1"), ("user_id", "py-user-1-renamed"), ("anonymous_id", "py-anon-1"),
            ("email", "py.user@example.com"), ("phone", "+48601000111")} <= keys
    assert profile["traits"]["name"] == "Py User"

    status, timeline = server.get("/api/v1/profiles/email:py.user@example.com/timeline?limit=50")
    types = sorted(event["type"] for event in timeline["events"])
    assert types == ["alias", "group", "identify", "page", "screen", "track"]
    order = next(event for event in timeline["events"] if event["type"] == "track")
    assert order["event"] == "Order Completed"
    assert order["properties"]["revenue"] == 249.99
    assert order["context"]["library"]["name"] == "analytics-python"


def test_gzip_and_batching_of_the_official_client(server):
    client, errors = make_client(server, gzip=True, upload_size=50)
    for index in range(120):
        client.track(f"bulk-{index % 7}", "Product Viewed", {"sku": f"sku-{index}"})
    client.flush()
    assert errors == []
    total = 0
    for user in range(7):
        status, profile = server.get(f"/api/v1/profiles/user_id:bulk-{user}")
        assert status == 200
        total += profile["eventCount"]
    assert total == 120


def test_a_wrong_write_key_is_refused(server):
    client = Client(write_key="wrong-key", host=server.base, sync_mode=True, max_retries=0)
    with pytest.raises(APIError) as refused:
        client.track("someone", "Nope")
    assert refused.value.status == 401
    assert "unauthorized" in refused.value.message
