"""Data-subject requests: logged with their verification, answered within 30 days."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from silah.accounts.factories import UserFactory
from silah.core.clock import ClockState
from silah.core.errors import DomainError
from silah.core.models import Clock
from silah.registry import privacy, privacy_setup
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import PrivacyRequest, PrivacyRequestEvent
from silah.registry.tests.privacy_helpers import make_manager

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 1, 4)  # a Sunday; 30 days later is Tuesday 3 February, a working day


def _record(actor, person=None, **overrides):
    fields = {
        "kind": PrivacyRequest.Kind.COPY,
        "received_on": RECEIVED,
        "channel": PrivacyRequest.Channel.IN_PERSON,
        "verification": PrivacyRequest.Verification.IN_PERSON_ID,
    }
    fields.update(overrides)
    return privacy.record_request(person or BeneficiaryFactory(), actor=actor, **fields)


@pytest.fixture
def manager():
    return make_manager()


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_a_request_is_logged_with_how_the_requester_was_verified(manager):
    officer = UserFactory(roles=["relations_officer"])
    request = _record(
        officer,
        verification=PrivacyRequest.Verification.PHONE_QUESTIONS,
        verification_note="أجاب عن تاريخ الميلاد والحي",
        verified_by=manager,
    )
    assert request.reference.startswith("PDR-")
    assert (request.verification, request.verified_by, request.created_by) == (
        PrivacyRequest.Verification.PHONE_QUESTIONS,
        manager,
        officer,
    )
    assert request.events.get().kind == PrivacyRequestEvent.Kind.RECEIVED


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_the_request_is_due_thirty_calendar_days_after_receipt(manager):
    request = _record(manager)
    assert privacy.request_clock(request).due_on == dt.date(2026, 2, 3)
    assert privacy.request_clock(request).unit == Clock.Unit.CALENDAR_DAYS


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_on_day_thirty_it_is_due_not_late_and_late_the_day_after(manager):
    request = _record(manager)
    on_day = privacy.clock_status(request, today=dt.date(2026, 2, 3))
    assert (on_day.state, on_day.days_left) == (ClockState.AT_RISK, 0)
    after = privacy.clock_status(request, today=dt.date(2026, 2, 4))
    assert (after.state, after.days_late) == (ClockState.LATE, 1)
    early = privacy.clock_status(request, today=dt.date(2026, 1, 10))
    assert early.state == ClockState.ON_TIME


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_a_deadline_on_a_weekend_moves_to_the_next_working_day(manager):
    request = _record(manager, received_on=dt.date(2026, 1, 5))  # day 30: Wed 4 Feb
    assert privacy.request_clock(request).due_on == dt.date(2026, 2, 4)
    friday = _record(manager, received_on=dt.date(2026, 1, 1))  # day 30: Sat 31 Jan
    assert privacy.request_clock(friday).due_on == dt.date(2026, 2, 1)


def test_the_dashboard_shows_late_and_due_soon_requests(manager):
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        late = _record(manager, received_on=dt.date(2026, 1, 1))
        soon = _record(manager, received_on=dt.date(2026, 1, 4))
        done = _record(manager, received_on=dt.date(2026, 1, 1))
        privacy.answer_request(done, actor=manager, answer="أُرسلت النسخة بالبريد")
    with time_machine.travel(dt.datetime(2026, 1, 25, 9, tzinfo=dt.UTC), tick=False):
        _record(manager, received_on=dt.date(2026, 1, 25))  # due 24 February: not shown
    with time_machine.travel(dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC), tick=False):
        web = RequestFactory().get("/")
        web.user = manager
        card = privacy_setup.privacy_requests_card(web)
    assert card.value == 2
    assert [ref for ref, _ in card.items] == [late.reference, soon.reference]
    assert card.tone == "danger"


def test_the_dashboard_card_is_not_shown_to_a_relations_officer():
    web = RequestFactory().get("/")
    web.user = UserFactory(roles=["relations_officer"])
    assert privacy_setup.privacy_requests_card(web) is None


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_answering_stops_the_clock_met(manager):
    request = _record(manager)
    privacy.answer_request(request, actor=manager, answer="سُلّمت النسخة باليد")
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.ANSWERED
    assert privacy.clock_status(request).state == ClockState.MET


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_one_extension_doubles_the_deadline_with_the_reasons(manager):
    request = _record(manager)
    privacy.extend_request(request, actor=manager, reason="البيانات في أرشيف ورقي بفرع آخر")
    assert privacy.request_clock(request).due_on == dt.date(2026, 3, 5)
    with pytest.raises(DomainError) as caught:
        privacy.extend_request(request, actor=manager, reason="مرة أخرى")
    assert caught.value.field == "reason"


def _state(request):
    request.refresh_from_db()
    clock = privacy.request_clock(request)
    return (
        list(PrivacyRequest.objects.filter(pk=request.pk).values()),
        list(request.events.values()),
        (clock.due_on, clock.stopped_on, clock.length, clock.restarts),
    )


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    "attempt",
    [
        lambda r, m: privacy.answer_request(r, actor=m, answer="  "),
        lambda r, m: privacy.refuse_request(r, actor=m, reason=""),
        lambda r, m: privacy.extend_request(r, actor=m, reason=""),
        lambda r, m: privacy.answer_request(r, actor=UserFactory(), answer="رد"),
    ],
    ids=["empty-answer", "refusal-without-reason", "extension-without-reason", "no-permission"],
)
def test_a_refused_step_on_an_open_request_changes_nothing(manager, attempt):
    request = _record(manager)
    before = _state(request)
    with pytest.raises((DomainError, PermissionDenied)):
        attempt(request, manager)
    assert _state(request) == before


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    "attempt",
    [
        lambda r, m: privacy.answer_request(r, actor=m, answer="رد آخر"),
        lambda r, m: privacy.refuse_request(r, actor=m, reason="سبب"),
        lambda r, m: privacy.extend_request(r, actor=m, reason="سبب"),
        lambda r, m: privacy.start_request(r, actor=m),
    ],
    ids=["answer-again", "refuse-answered", "extend-answered", "start-answered"],
)
def test_an_answered_request_takes_no_further_step(manager, attempt):
    request = _record(manager)
    privacy.answer_request(request, actor=manager, answer="سُلّمت النسخة")
    before = _state(request)
    with pytest.raises(DomainError):
        attempt(request, manager)
    assert _state(request) == before


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
def test_a_destruction_request_is_not_answered_by_text(manager):
    request = _record(manager, kind=PrivacyRequest.Kind.DESTROY)
    before = _state(request)
    with pytest.raises(DomainError):
        privacy.answer_request(request, actor=manager, answer="أُتلفت")
    assert _state(request) == before


@time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "forget"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"verification": "trust"}, "verification"),
        ({"verification": PrivacyRequest.Verification.OTHER}, "verification_note"),
        ({"received_on": dt.date(2026, 1, 6)}, "received_on"),
        ({"received_on": dt.date(2024, 1, 6)}, "received_on"),
        ({"by_representative": True}, "representative_name"),
        ({"by_representative": True, "representative_name": "سعد"}, "representative_relation"),
    ],
)
def test_a_bad_request_is_refused_at_its_field_and_nothing_is_saved(manager, overrides, field):
    person = BeneficiaryFactory()
    with pytest.raises(DomainError) as caught:
        _record(manager, person, **overrides)
    assert caught.value.field == field
    assert PrivacyRequest.objects.count() == 0
    assert Clock.objects.count() == 0


def test_staff_without_the_permission_cannot_record_a_request():
    with pytest.raises(PermissionDenied):
        _record(UserFactory(roles=["social_researcher"]))
    assert PrivacyRequest.objects.count() == 0
