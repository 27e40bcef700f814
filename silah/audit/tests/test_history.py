"""The change history of a record: who, when, what kind, and each field's old → new."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import models
from django.test import RequestFactory
from django.test.utils import isolate_apps
from simple_history.middleware import HistoryRequestMiddleware

from silah.audit.history import ChangeKind, annotate_change, audited
from silah.audit.queries import changes_for
from silah.audit.tests.testapp.models import Dossier, Office

pytestmark = pytest.mark.django_db

RIYADH_MORNING = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


def _fields(change) -> dict[str, tuple[str, str]]:
    return {field.label: (field.old, field.new) for field in change.fields}


def _save_during_request(user, obj: Dossier) -> None:
    """Save obj the way a view does: inside a request that passed the middleware."""
    request = RequestFactory().post("/")
    request.user = user

    def view(request):
        obj.save()

    HistoryRequestMiddleware(view)(request)


def test_creation_is_recorded_with_its_initial_values():
    dossier = Dossier.objects.create(title="طلب إعانة", status=Dossier.Status.OPEN)

    [change] = changes_for(dossier)

    assert change.kind == ChangeKind.CREATED
    assert _fields(change)["العنوان"] == ("—", "طلب إعانة")
    assert _fields(change)["الحالة"] == ("—", "مفتوح")


def test_change_says_who_made_it_from_the_request_and_when(clerk):
    with time_machine.travel(RIYADH_MORNING - dt.timedelta(days=1), tick=False):
        dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.title = "طلب إعانة شهرية"
    with time_machine.travel(RIYADH_MORNING, tick=False):
        _save_during_request(clerk, dossier)

    latest = changes_for(dossier)[0]

    assert latest.kind == ChangeKind.CHANGED
    assert latest.user == clerk
    assert latest.who == "خالد العتيبي"
    assert latest.at == RIYADH_MORNING
    assert latest.at.tzinfo is not None


def test_change_shows_old_and_new_values():
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.title = "طلب إعانة شهرية"
    dossier.save()

    latest = changes_for(dossier)[0]

    assert _fields(latest) == {"العنوان": ("طلب إعانة", "طلب إعانة شهرية")}


def test_change_made_outside_a_request_is_attributed_to_the_system():
    dossier = Dossier.objects.create(title="طلب إعانة")

    [change] = changes_for(dossier)

    assert change.user is None
    assert change.who == "النظام"


def test_worker_can_name_the_person_and_the_reason(clerk):
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.status = Dossier.Status.CLOSED
    reason = "أُغلق بعد اكتمال الصرف وإشعار المستفيد بالرسالة النصية على رقمه المسجل في الملف"
    annotate_change(dossier, reason=reason, actor=clerk)
    dossier.save()

    latest = changes_for(dossier)[0]

    assert latest.who == "خالد العتيبي"
    assert latest.reason == reason  # longer than simple_history's default 100 characters


def test_choices_are_shown_by_their_labels():
    dossier = Dossier.objects.create(title="طلب إعانة", status=Dossier.Status.OPEN)
    dossier.status = Dossier.Status.CLOSED
    dossier.save()

    latest = changes_for(dossier)[0]

    assert _fields(latest) == {"الحالة": ("مفتوح", "مغلق")}


def test_related_records_yes_no_and_dates_are_shown_as_people_read_them():
    office = Office.objects.create(name="مكتب الليث")
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.office = office
    dossier.is_urgent = True
    dossier.opened_on = dt.date(2026, 3, 1)
    dossier.save()

    latest = changes_for(dossier)[0]

    assert _fields(latest) == {
        "المكتب": ("—", "مكتب الليث"),
        "عاجل": ("لا", "نعم"),
        "تاريخ الفتح": ("—", "2026-03-01"),
    }


def test_fields_are_listed_in_the_models_order():
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.opened_on = dt.date(2026, 3, 1)
    dossier.title = "طلب إعانة شهرية"
    dossier.status = Dossier.Status.CLOSED
    dossier.save()

    latest = changes_for(dossier)[0]

    assert [field.name for field in latest.fields] == ["title", "status", "opened_on"]


def test_deleted_related_record_is_named_by_its_id():
    office = Office.objects.create(name="مكتب الليث")
    dossier = Dossier.objects.create(title="طلب إعانة", office=office)
    office_id = office.pk
    office.delete()  # SET_NULL: the dossier changes too, without a history row

    created = changes_for(dossier)[-1]

    assert _fields(created)["المكتب"] == ("—", f"سجل محذوف رقم {office_id}")


def test_sensitive_field_is_masked_for_a_viewer_without_permission(auditor):
    dossier = Dossier.objects.create(title="طلب إعانة", national_id="1012345678")
    dossier.national_id = "1098765432"
    dossier.save()

    latest = changes_for(dossier, viewer=auditor)[0]

    [field] = latest.fields
    assert field.label == "رقم الهوية"
    assert field.masked
    assert (field.old, field.new) == ("(تغيّر)", "(تغيّر)")


def test_sensitive_field_is_masked_when_no_viewer_is_named():
    dossier = Dossier.objects.create(title="طلب إعانة", national_id="1012345678")

    [created] = changes_for(dossier)

    assert _fields(created)["رقم الهوية"] == ("(تغيّر)", "(تغيّر)")
    assert "1012345678" not in repr(created)


def test_sensitive_field_is_shown_to_a_viewer_with_permission(chief_auditor):
    dossier = Dossier.objects.create(title="طلب إعانة", national_id="1012345678")
    dossier.national_id = "1098765432"
    dossier.save()

    latest = changes_for(dossier, viewer=chief_auditor)[0]

    assert _fields(latest) == {"رقم الهوية": ("1012345678", "1098765432")}


def test_saving_only_an_excluded_field_writes_no_history():
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.views += 1
    dossier.save(update_fields=["views"])

    assert len(changes_for(dossier)) == 1


def test_deletion_is_recorded_and_the_history_is_kept():
    dossier = Dossier.objects.create(title="طلب إعانة")
    history = Dossier.history.filter(id=dossier.pk)
    dossier.delete()

    assert [row.history_type for row in history] == ["-", "+"]


def test_many_to_many_additions_are_shown_by_name():
    dossier = Dossier.objects.create(title="طلب إعانة")
    dossier.helpers.add(Office.objects.create(name="مكتب الليث"))

    latest = changes_for(dossier)[0]

    assert _fields(latest) == {"مكاتب مساندة": ("—", "مكتب الليث")}


def test_many_to_many_additions_from_the_other_side_are_recorded_too():
    dossier = Dossier.objects.create(title="طلب إعانة")
    office = Office.objects.create(name="مكتب الليث")

    office.supported_dossiers.add(dossier)
    office.supported_dossiers.clear()

    kinds_and_fields = [_fields(change) for change in changes_for(dossier)]
    assert kinds_and_fields[:2] == [
        {"مكاتب مساندة": ("مكتب الليث", "—")},
        {"مكاتب مساندة": ("—", "مكتب الليث")},
    ]


def test_changes_are_listed_newest_first():
    dossier = Dossier.objects.create(title="أ")
    for title in ("ب", "ج"):
        dossier.title = title
        dossier.save()

    news = [_fields(change)["العنوان"][1] for change in changes_for(dossier)]

    assert news == ["ج", "ب", "أ"]


def test_asking_for_changes_of_a_model_without_history_is_an_error():
    with pytest.raises(TypeError, match="has no history"):
        changes_for(Office.objects.create(name="مكتب الليث"))


@isolate_apps("silah.audit.tests.testapp")
def test_audited_refuses_a_sensitive_field_the_model_does_not_have():
    with pytest.raises(ImproperlyConfigured, match="national_number"):

        class Card(models.Model):
            holder = models.CharField(max_length=10)
            history = audited(sensitive_fields=["national_number"])

            class Meta:
                app_label = "audit_testapp"

            def __str__(self) -> str:
                return self.holder


def test_audit_migrations_are_up_to_date():
    call_command("makemigrations", "audit", "audit_testapp", "--check", "--dry-run", verbosity=0)
