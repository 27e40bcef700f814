"""Fixtures that start the fake providers of ``fakes.py`` for one test and stop them after."""

import logging

import pytest

from silah.messaging.tests.fakes import FakeHTTPProvider, FakeSMTPServer, SilentServer


@pytest.fixture
def fake_provider():
    fake = FakeHTTPProvider()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_smtp():
    server = FakeSMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.stop()


@pytest.fixture
def gateway_log(caplog):
    """Everything the gateways logged, at every level."""
    caplog.set_level(logging.ERROR, logger="mail.log")  # the fake SMTP server's own log
    caplog.set_level(logging.DEBUG, logger="silah.messaging.gateways")  # last: handler level
    return caplog


@pytest.fixture
def fake_smtp_with_login():
    server = FakeSMTPServer(credentials=("silah", "smtp-secret"))
    server.start()
    yield server
    server.stop()
