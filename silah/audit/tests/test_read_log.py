"""The read log: one row per read, ids only, never changed, newest first."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from silah.audit.models import AccessLog, AppendOnlyError
from silah.audit.queries import reads_of
from silah.audit.services import log_read
from silah.audit.tests.testapp.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier():
    return Dossier.objects.create(title="طلب إعانة أسرة الحربي", national_id="1012345678")


def test_log_read_writes_one_row_naming_the_record_by_kind_and_id(clerk, dossier):
    read = log_read(clerk, dossier)

    assert AccessLog.objects.count() == 1
    assert read.user == clerk
    assert read.content_type == ContentType.objects.get_for_model(Dossier)
    assert read.object_id == str(dossier.pk)
    assert (read.what, read.channel) == ("file", "page")


def test_log_read_records_what_was_read_and_how(clerk, dossier):
    read = log_read(clerk, dossier, what="documents", channel=AccessLog.Channel.PRINT)

    assert (read.what, read.channel) == ("documents", "print")


def test_log_read_stores_no_personal_values(clerk, dossier):
    read = log_read(clerk, dossier, what="export", channel="export")

    row = AccessLog.objects.filter(pk=read.pk).values().get()
    assert set(row) == {"id", "user_id", "at", "content_type_id", "object_id", "what", "channel"}
    stored = " ".join(str(value) for value in row.values())
    for personal in (dossier.title, dossier.national_id, clerk.first_name, clerk.username):
        assert personal not in stored


def test_log_read_refuses_an_anonymous_reader(dossier):
    with pytest.raises(ValueError, match="signed-in"):
        log_read(AnonymousUser(), dossier)


def test_log_read_refuses_a_what_that_is_not_a_short_code(clerk, dossier):
    with pytest.raises(ValueError, match="short lowercase code"):
        log_read(clerk, dossier, what="ملف أسرة الحربي")


def test_log_read_refuses_an_unknown_channel(clerk, dossier):
    with pytest.raises(ValueError, match="channel"):
        log_read(clerk, dossier, channel="fax")


def test_a_read_cannot_be_updated(clerk, dossier):
    read = log_read(clerk, dossier)
    read.what = "documents"

    with pytest.raises(AppendOnlyError):
        read.save()
    assert AccessLog.objects.get().what == "file"


def test_reads_cannot_be_updated_in_bulk(clerk, dossier):
    log_read(clerk, dossier)

    with pytest.raises(AppendOnlyError):
        AccessLog.objects.update(what="documents")


def test_a_read_cannot_be_deleted(clerk, dossier):
    read = log_read(clerk, dossier)

    with pytest.raises(AppendOnlyError):
        read.delete()
    assert AccessLog.objects.count() == 1


def test_a_new_row_with_an_existing_id_does_not_overwrite_a_read(clerk, dossier):
    read = log_read(clerk, dossier)
    forged = AccessLog(
        pk=read.pk,
        user=clerk,
        content_type=read.content_type,
        object_id="999",
        what="file",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()
    assert AccessLog.objects.get().object_id == str(dossier.pk)


def test_a_reader_cannot_be_deleted_while_their_reads_are_kept(clerk, dossier):
    log_read(clerk, dossier)

    with pytest.raises(ProtectedError):
        clerk.delete()


def test_reads_of_lists_newest_first(clerk, auditor, dossier):
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        first = log_read(clerk, dossier)
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        last = log_read(auditor, dossier)
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        middle = log_read(clerk, dossier, what="documents")

    assert list(reads_of(dossier)) == [last, middle, first]


def test_reads_at_the_same_moment_keep_the_order_they_were_written_in(clerk, dossier):
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        first = log_read(clerk, dossier)
        second = log_read(clerk, dossier, what="documents")

    assert list(reads_of(dossier)) == [second, first]


def test_reads_of_lists_only_that_record(clerk, dossier):
    other = Dossier.objects.create(title="طلب آخر")
    log_read(clerk, other)
    mine = log_read(clerk, dossier)

    assert list(reads_of(dossier)) == [mine]
