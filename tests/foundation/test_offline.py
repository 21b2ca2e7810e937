from __future__ import annotations

import socket

import pytest


def test_only_loopback_connections_are_allowed(request: pytest.FixtureRequest) -> None:
    allowed = request.config.getoption("allow_hosts")
    assert allowed, "pytest-socket must restrict connections (see pyproject addopts)"
    hosts = {h.strip() for h in str(allowed).split(",")}
    assert hosts <= {"127.0.0.1", "localhost", "::1"}


def test_a_non_loopback_connect_is_blocked_before_any_packet() -> None:
    from pytest_socket import SocketConnectBlockedError

    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(SocketConnectBlockedError),
    ):
        # the guard raises before the kernel is asked, so nothing leaves the machine
        sock.connect(("203.0.113.7", 9))


def test_loopback_still_works() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        conn, _ = server.accept()
        conn.close()
    server.close()
