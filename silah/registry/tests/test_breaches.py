"""The breach register: the 72-hour notice clock runs in hours from discovery."""

import datetime as dt

import pytest
import time_machine

from silah.core.clock import ClockState
from silah.core.errors import DomainError
from silah.registry import breaches
from silah.registry.models import Breach
from silah.registry.tests.privacy_helpers import make_manager

pytestmark = pytest.mark.django_db

FOUND = dt.datetime(2026, 3, 12, 18, 0, tzinfo=dt.UTC)  # a Thursday evening


def _breach(manager, **overrides):
    fields = {
        "discovered_at": FOUND,
        "description": "أُرسل كشف بأسماء المستفيدين إلى بريد خاطئ",
        "data_categories": [Breach.DataCategory.CONTACT, Breach.DataCategory.HEALTH],
        "people_affected": 40,
    }
    fields.update(overrides)
    with time_machine.travel(FOUND + dt.timedelta(hours=1), tick=False):
        return breaches.record_breach(actor=manager, **fields)


def test_the_notice_is_due_72_hours_after_discovery_weekend_or_not():
    breach = _breach(make_manager())
    assert breaches.notice_deadline(breach) == FOUND + dt.timedelta(hours=72)


@pytest.mark.parametrize(
    ("hours", "state"),
    [
        (10, ClockState.ON_TIME),
        (57, ClockState.ON_TIME),
        (58, ClockState.AT_RISK),
        (72, ClockState.AT_RISK),
        (73, ClockState.LATE),
    ],
)
def test_the_notice_clock_state(hours, state):
    breach = _breach(make_manager())
    assert breaches.notice_status(breach, now=FOUND + dt.timedelta(hours=hours)).state == state


def test_a_notice_at_71_hours_is_met_and_at_75_missed():
    manager = make_manager()
    on_time, late = _breach(manager), _breach(manager)
    with time_machine.travel(FOUND + dt.timedelta(hours=80), tick=False):
        breaches.notify_regulator(
            on_time, actor=manager, notified_at=FOUND + dt.timedelta(hours=71), reference="S-1"
        )
        breaches.notify_regulator(late, actor=manager, notified_at=FOUND + dt.timedelta(hours=75))
    assert breaches.notice_status(on_time).state == ClockState.MET
    missed = breaches.notice_status(late)
    assert (missed.state, missed.hours_late) == (ClockState.MISSED, 3)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"description": " "}, "description"),
        ({"data_categories": []}, "data_categories"),
        ({"data_categories": ["gossip"]}, "data_categories"),
        ({"people_affected": -1}, "people_affected"),
        ({"discovered_at": FOUND + dt.timedelta(days=3)}, "discovered_at"),
    ],
)
def test_a_bad_breach_is_refused_and_nothing_saved(overrides, field):
    with pytest.raises(DomainError) as caught:
        _breach(make_manager(), **overrides)
    assert caught.value.field == field
    assert Breach.objects.count() == 0


def test_a_notice_before_discovery_or_twice_is_refused_and_nothing_changes():
    manager = make_manager()
    breach = _breach(manager)
    with time_machine.travel(FOUND + dt.timedelta(hours=5), tick=False):
        with pytest.raises(DomainError):
            breaches.notify_regulator(
                breach, actor=manager, notified_at=FOUND - dt.timedelta(hours=1)
            )
        breach.refresh_from_db()
        assert breach.regulator_notified_at is None
        breaches.notify_regulator(breach, actor=manager, notified_at=FOUND + dt.timedelta(hours=4))
        count = breach.history.count()
        with pytest.raises(DomainError):
            breaches.notify_regulator(
                breach, actor=manager, notified_at=FOUND + dt.timedelta(hours=5)
            )
    breach.refresh_from_db()
    assert breach.regulator_notified_at == FOUND + dt.timedelta(hours=4)
    assert breach.history.count() == count


def test_a_breach_is_closed_only_once_contained_and_notified():
    manager = make_manager()
    breach = _breach(manager)
    with time_machine.travel(FOUND + dt.timedelta(hours=6), tick=False):
        with pytest.raises(DomainError):
            breaches.close_breach(breach, actor=manager)
        breaches.update_breach(
            breach,
            actor=manager,
            description=breach.description,
            data_categories=breach.data_categories,
            people_affected=41,
            containment="طُلب من المستلم حذف الرسالة وأكّد ذلك كتابة",
            contained_at=FOUND + dt.timedelta(hours=3),
        )
        breaches.notify_regulator(breach, actor=manager, notified_at=FOUND + dt.timedelta(hours=5))
        breaches.close_breach(breach, actor=manager)
    breach.refresh_from_db()
    assert breach.status == Breach.Status.CLOSED


def test_the_dashboard_shows_breaches_awaiting_notice():
    from django.test import RequestFactory

    from silah.registry import privacy_setup

    manager = make_manager()
    breach = _breach(manager)
    web = RequestFactory().get("/")
    web.user = manager
    with time_machine.travel(FOUND + dt.timedelta(hours=73), tick=False):
        card = privacy_setup.breaches_card(web)
    assert card.value == 1 and card.tone == "danger"
    assert card.items[0][0] == breach.reference
