"""The retention schedule: archived files are anonymised after their retention and notice."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.core import scheduler
from silah.core.errors import DomainError
from silah.registry import retention, services
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Beneficiary, DestructionRecord, RetentionRule, Status
from silah.registry.tests.privacy_helpers import make_manager

pytestmark = pytest.mark.django_db

ARCHIVED = dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)


def _archived(manager):
    person = BeneficiaryFactory(status=Status.ACTIVE, first_name="مؤرشفة")
    with time_machine.travel(ARCHIVED, tick=False):
        services.change_status(
            person, to=Status.ARCHIVED, reason="انتقلت إلى مدينة أخرى", actor=manager
        )
    return person


@override_settings(SILAH_RETENTION_ARCHIVED_FILE_DAYS=365, SILAH_RETENTION_NOTICE_DAYS=30)
def test_a_file_is_listed_when_due_and_anonymised_after_the_notice():
    manager = make_manager()
    person = _archived(manager)
    assert retention.archived_files_due(today=dt.date(2027, 1, 9)) == []
    due = retention.archived_files_due(today=dt.date(2027, 1, 10))
    assert [(d.beneficiary.pk, d.due_on, d.destroy_on) for d in due] == [
        (person.pk, dt.date(2027, 1, 10), dt.date(2027, 2, 9))
    ]
    with time_machine.travel(dt.datetime(2027, 2, 8, 9, tzinfo=dt.UTC), tick=False):
        assert retention.apply_retention().destroyed == []
    person.refresh_from_db()
    assert person.first_name == "مؤرشفة"
    with time_machine.travel(dt.datetime(2027, 2, 9, 9, tzinfo=dt.UTC), tick=False):
        result = retention.apply_retention()
    person.refresh_from_db()
    assert result.destroyed == [person.file_number]
    assert person.first_name == ""
    record = DestructionRecord.objects.get()
    assert record.basis == DestructionRecord.Basis.RETENTION


@override_settings(SILAH_RETENTION_ARCHIVED_FILE_DAYS=365, SILAH_RETENTION_NOTICE_DAYS=30)
def test_a_held_file_is_kept_and_released_it_goes():
    manager = make_manager()
    person = _archived(manager)
    hold = retention.hold_file(person, actor=manager, reason="شكوى مفتوحة")
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        assert retention.apply_retention().destroyed == []
        retention.release_hold(hold, actor=manager)
        assert len(retention.apply_retention().destroyed) == 1


def test_an_active_file_is_never_due():
    manager = make_manager()
    BeneficiaryFactory(status=Status.ACTIVE)
    _archived(manager)
    with time_machine.travel(dt.datetime(2040, 1, 1, 9, tzinfo=dt.UTC), tick=False):
        retention.apply_retention()
    assert Beneficiary.objects.filter(status=Status.ACTIVE).exclude(first_name="").count() == 1


@override_settings(SILAH_RETENTION_READ_LOG_DAYS=400)
def test_old_read_log_rows_are_deleted():
    manager = make_manager()
    person = BeneficiaryFactory()
    with time_machine.travel(dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC), tick=False):
        log_read(manager, person)
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        log_read(manager, person)
    with time_machine.travel(dt.datetime(2027, 2, 10, 9, tzinfo=dt.UTC), tick=False):
        assert retention.apply_retention().reads_deleted == 1
    assert AccessLog.objects.count() == 1


def test_a_disabled_rule_is_not_applied():
    manager = make_manager()
    person = _archived(manager)
    retention.set_rule(
        RetentionRule.Kind.ARCHIVED_FILE, actor=manager, keep_days=365, enabled=False
    )
    with time_machine.travel(dt.datetime(2040, 1, 1, 9, tzinfo=dt.UTC), tick=False):
        assert retention.apply_retention().destroyed == []
    person.refresh_from_db()
    assert person.first_name == "مؤرشفة"


@pytest.mark.parametrize("days", [0, 364, 36501])
def test_a_retention_shorter_than_a_year_is_refused_and_nothing_changes(days):
    manager = make_manager()
    before = retention.rule(RetentionRule.Kind.ARCHIVED_FILE).keep_days
    with pytest.raises(DomainError) as caught:
        retention.set_rule(
            RetentionRule.Kind.ARCHIVED_FILE, actor=manager, keep_days=days, enabled=True
        )
    assert caught.value.field == "keep_days"
    assert retention.rule(RetentionRule.Kind.ARCHIVED_FILE).keep_days == before


def test_only_managers_change_the_schedule():
    from silah.accounts.factories import UserFactory

    with pytest.raises(PermissionDenied):
        retention.set_rule(
            RetentionRule.Kind.READ_LOG,
            actor=UserFactory(roles=["relations_officer"]),
            keep_days=400,
            enabled=True,
        )


def test_the_job_is_on_the_workers_daily_schedule():
    job = {j.name: j for j in scheduler.registered_jobs()}["registry.apply_retention"]
    assert job.daily_at == dt.time(3, 0)
    assert job.task is retention.apply_retention_task
