"""The load balancer's own promises, checked on the real HAProxy with ``deploy/haproxy.cfg`` in
front of two small servers that answer with what reached them: who someone is comes from the
proxy alone, a person stays on one replica, and a dead replica is taken out."""

from __future__ import annotations

import base64
import http.client
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from deploy.cluster import HEADER, Proxy
from tests.cluster.conftest import ADMIN, MO, PASSWORDS, REPLICA_COOKIE, eventually, free_ports

pytestmark = pytest.mark.cluster


class Echo(BaseHTTPRequestHandler):
    """Answers every request with the replica's name and the headers that reached it."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.path == "/_stcore/health":
            body = b"ok"
        else:
            self.server.seen.append(self.headers.items())
            body = json.dumps({"replica": self.server.name,
                               "headers": self.headers.items()}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet: the tests read the answers."""


class Server(ThreadingHTTPServer):
    """The stand-in's server; HAProxy's health checks hang up before the answer: no matter."""

    def handle_error(self, request, client_address) -> None:
        """Quiet: a check that hung up early is no error."""


class Replica:
    """A stand-in replica on ``port``: started, stopped, started again."""

    def __init__(self, name: str, port: int) -> None:
        self.name, self.port, self.seen = name, port, []
        self.server: Server | None = None

    def start(self) -> None:
        self.server = Server(("127.0.0.1", self.port), Echo)
        self.server.name, self.server.seen = self.name, self.seen
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> Iterator[tuple[Proxy, dict[str, Replica]]]:
    """HAProxy on a free port in front of stand-ins r1 and r2."""
    port, *ports = free_ports(3)
    replicas = {f"r{n}": Replica(f"r{n}", p) for n, p in enumerate(ports, start=1)}
    for replica in replicas.values():
        replica.start()
    proxy = Proxy(f"127.0.0.1:{port}", [f"127.0.0.1:{p}" for p in ports],
                  tmp_path_factory.mktemp("proxy"))
    proxy.start()
    try:
        yield proxy, replicas
    finally:
        proxy.stop()
        for replica in replicas.values():
            replica.stop()


@pytest.fixture
def proxy(started) -> tuple[Proxy, dict[str, Replica]]:
    """The proxy with both stand-ins seen up, and nothing reached them yet."""
    proxy, replicas = started
    eventually(lambda: set(proxy.server_states().values()) == {"UP"}, "both up")
    for replica in replicas.values():
        replica.seen.clear()
    return started


def asked(proxy: Proxy, headers: list[tuple[str, str]], user: str | None = MO,
          password: str | None = None, path: str = "/") -> http.client.HTTPResponse:
    """The answer to a GET through the proxy with exactly ``headers`` (a name may repeat),
    signed in as ``user`` (with their password unless another is given)."""
    host, port = proxy.bind.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.putrequest("GET", path)
    if user is not None:
        secret = f"{user}:{password or PASSWORDS[user]}".encode()
        connection.putheader("Authorization", "Basic " + base64.b64encode(secret).decode())
    for name, value in headers:
        connection.putheader(name, value)
    connection.endheaders()
    answer = connection.getresponse()
    answer.body = answer.read()
    connection.close()
    return answer


def seen(answer: http.client.HTTPResponse) -> tuple[str, list[tuple[str, str]]]:
    """The replica that answered, and the headers that reached it."""
    found = json.loads(answer.body)
    return found["replica"], [tuple(pair) for pair in found["headers"]]


WEBSOCKET = [("Connection", "Upgrade"), ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"),
             ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")]
FORGED = {
    "none": [],
    "the header": [(HEADER, ADMIN)],
    "lower case": [(HEADER.lower(), ADMIN)],
    "upper case": [(HEADER.upper(), ADMIN)],
    "twice": [(HEADER, ADMIN), (HEADER, ADMIN)],
    "a list": [(HEADER, f"{ADMIN}, {MO}")],
    "after the proxy's": [(HEADER, MO), (HEADER, ADMIN)],
}


@pytest.mark.parametrize("request_kind", ["page", "websocket"])
@pytest.mark.parametrize("forged", FORGED.values(), ids=FORGED.keys())
def test_the_replica_hears_who_signed_in_once_whatever_header_the_client_sent(
        proxy, forged, request_kind):
    started, _replicas = proxy
    extra = WEBSOCKET if request_kind == "websocket" else []
    answer = asked(started, [*extra, *forged])
    assert answer.status == 200
    _replica, headers = seen(answer)
    # (header names are the same whatever their case; HAProxy passes them on in lower case)
    assert [v for n, v in headers if n.lower() == HEADER.lower()] == [MO]
    # the password stays with the proxy
    assert not [n for n, _v in headers if n.lower() == "authorization"]


@pytest.mark.parametrize(("user", "password"), [
    (None, None), (MO, "wrong"), (MO, PASSWORDS[ADMIN]), ("someone@rivierstad.example", "x"),
], ids=["not signed in", "wrong password", "another's password", "unknown person"])
def test_no_request_reaches_a_replica_without_a_sign_in(proxy, user, password):
    started, replicas = proxy
    answer = asked(started, [(HEADER, ADMIN)], user=user, password=password)
    assert answer.status == 401
    assert answer.getheader("WWW-Authenticate") == 'Basic realm="Alignment"'
    assert all(replica.seen == [] for replica in replicas.values())


def test_a_person_stays_on_the_replica_the_cookie_names(proxy):
    started, _replicas = proxy
    first = asked(started, [])
    replica, _headers = seen(first)
    assert first.getheader("Set-Cookie").startswith(f"{REPLICA_COOKIE}={replica};")
    cookie = [("Cookie", f"{REPLICA_COOKIE}={replica}")]
    for _ in range(6):
        again = asked(started, cookie)
        assert seen(again)[0] == replica
        assert again.getheader("Set-Cookie") is None
        # the cookie is the proxy's: the app never sees it
        assert not [n for n, _v in seen(again)[1] if n.lower() == "cookie"]
    other = "r2" if replica == "r1" else "r1"
    assert seen(asked(started, [("Cookie", f"{REPLICA_COOKIE}={other}")]))[0] == other


def test_a_dead_replica_is_taken_out_and_its_people_go_to_another(proxy):
    started, replicas = proxy
    replicas["r1"].stop()
    # at once, before any health check: the refused connection is tried on the other replica
    answer = asked(started, [("Cookie", f"{REPLICA_COOKIE}=r1")])
    assert answer.status == 200
    assert seen(answer)[0] == "r2"
    assert answer.getheader("Set-Cookie").startswith(f"{REPLICA_COOKIE}=r2;")
    eventually(lambda: started.server_states()["r1"].startswith("DOWN"), "r1 taken out")
    assert started.server_states()["r2"] == "UP"
    # back again, it is checked healthy and taken in
    replicas["r1"].start()
    eventually(lambda: started.server_states()["r1"] == "UP", "r1 back in")
    assert seen(asked(started, [("Cookie", f"{REPLICA_COOKIE}=r1")]))[0] == "r1"
