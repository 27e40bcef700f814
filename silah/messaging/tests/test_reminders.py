"""The daily late list: one message a day to each manager, only when something is late."""

from datetime import date

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core.clock import start_clock, stop_clock
from silah.core.scheduler import registered_jobs
from silah.messaging.events import Event
from silah.messaging.models import Message
from silah.messaging.reminders import open_clock_states, send_late_list

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture
def manager(db):
    return UserFactory(roles=["manager"], email="manager@example.org", first_name="خالد")


def a_clock(started_on: date, length: int = 30):
    return start_clock(
        BranchFactory(), purpose="answer", unit="calendar", length=length, on=started_on
    )


def test_nothing_is_sent_when_no_clock_is_late_or_at_risk(manager):
    a_clock(TODAY, length=30)
    assert send_late_list(today=TODAY) == 0
    assert not Message.objects.exists()


def test_each_manager_is_told_how_many_are_late_and_at_risk(manager):
    a_clock(date(2026, 10, 1))  # due 31 Oct: late
    a_clock(date(2026, 10, 28))  # due 27 Nov: at risk
    other = UserFactory(roles=["manager"], email="other@example.org")
    assert send_late_list(today=TODAY) == 2
    message = Message.objects.get(staff=manager)
    assert message.event == Event.STAFF_REMINDER
    assert "التزام واحد تجاوزت موعدها" in message.body
    assert "/" in message.body and Message.objects.filter(staff=other).exists()


def test_a_second_run_the_same_day_sends_nothing_more(manager):
    a_clock(date(2026, 10, 1))
    send_late_list(today=TODAY)
    send_late_list(today=TODAY)
    assert Message.objects.count() == 1


def test_staff_who_are_not_managers_are_not_sent_the_list(manager):
    UserFactory(roles=["relations_officer"], email="clerk@example.org")
    a_clock(date(2026, 10, 1))
    send_late_list(today=TODAY)
    assert list(Message.objects.values_list("staff", flat=True)) == [manager.pk]


def test_stopped_clocks_are_not_counted(manager):
    clock = a_clock(date(2026, 10, 1))
    stop_clock(clock, on=date(2026, 10, 20))
    assert sum(open_clock_states(today=TODAY).values()) == 0


def test_the_late_list_is_on_the_workers_daily_schedule():
    job = {job.name: job for job in registered_jobs()}["messaging.daily_late_list"]
    assert job.daily_at is not None
