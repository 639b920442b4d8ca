"""A server killed with kill -9 under load has lost nothing it acknowledged."""
import json
import threading
import time
import uuid

from conftest import Server, timeline_message_ids


def test_acknowledged_messages_survive_kill_minus_nine(database, tmp_path):
    kind, url = database
    server = Server(url, kind, str(tmp_path)).start()
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def sender(worker):
        sequence = 0
        while not stop.is_set():
            batch = []
            for _ in range(50):
                sequence += 1
                batch.append({"type": "track", "userId": f"durable-{worker}-{sequence % 13}", "event": "Load",
                              "messageId": f"w{worker}-{sequence}-{uuid.uuid4().hex[:6]}",
                              "anonymousId": f"device-{worker}-{sequence % 5}"})
            try:
                status, _ = server.request("POST", "/v1/batch", {"batch": batch}, auth="write")
            except Exception:
                return  # the server is gone: what was not answered was not acknowledged
            if status == 200:
                with lock:
                    acknowledged.extend(message["messageId"] for message in batch)

    threads = [threading.Thread(target=sender, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    server.kill()  # SIGKILL, mid-flight
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 500, "the load should have been acknowledged for a while before the kill"

    restarted = Server(url, kind, str(tmp_path)).start()
    try:
        stored = set(timeline_message_ids(restarted, [f"durable-{worker}-{user}" for worker in range(6) for user in range(13)]))
        lost = [message for message in acknowledged if message not in stored]
        assert lost == [], f"{len(lost)} acknowledged messages lost out of {len(acknowledged)}"
    finally:
        restarted.kill()
