"""Fixtures that start the fake providers of ``fakes.py`` for one test and stop them after."""

import logging
from datetime import UTC, datetime

import pytest
import time_machine

from silah.messaging.tests.fakes import FakeHTTPProvider, FakeSMTPServer, Reply, SilentServer


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


@pytest.fixture(autouse=True)
def _messages_to_a_temporary_file(settings, tmp_path):
    """The console gateway writes to this test's own file; gateways are built afresh."""
    from silah.messaging import config

    settings.SILAH_MESSAGES_FILE = str(tmp_path / "messages.log")
    config.reset()
    yield
    config.reset()


@pytest.fixture
def beneficiary(db):
    from silah.registry.factories import BeneficiaryFactory
    from silah.registry.models import Status

    return BeneficiaryFactory(status=Status.ACTIVE, mobile="+966501234567")


@pytest.fixture
def unifonic(fake_provider, settings):
    """SMS through Unifonic's fake; it accepts every message unless told otherwise."""
    from silah.messaging import config

    fake_provider.default = Reply(
        200,
        {"success": True, "message": "", "errorCode": "ER-00", "data": {"MessageID": "u-1"}},
    )
    settings.SILAH_SMS_GATEWAY = "unifonic"
    settings.SILAH_SMS_BASE_URL = fake_provider.base_url
    settings.SILAH_SMS_APP_SID = "sid"
    settings.SILAH_GATEWAY_TIMEOUT = 0.5
    config.reset()
    return fake_provider


@pytest.fixture
def consenting(beneficiary):
    """The beneficiary consented, in person, to awareness and promotional messages."""
    from silah.registry.services import grant_consent

    # Before every moment the tests travel to: a consent recorded at the real "now" would
    # be later than a test's fixed noon once that day has passed, and outrank its opt-out.
    with time_machine.travel(datetime(2026, 1, 1, 9, 0, tzinfo=UTC), tick=False):
        for purpose in ("awareness", "promotional"):
            grant_consent(beneficiary, purpose, actor=None, how="in_person")
