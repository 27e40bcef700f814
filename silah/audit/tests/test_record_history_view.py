"""A record's audit page: changes and reads, for auditors only; 404 for everything else."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.audit.templatetags import silah_audit
from silah.audit.tests.testapp.models import Dossier, Office

pytestmark = pytest.mark.django_db


def audit_url(app_label: str, model: str, object_id: object) -> str:
    return reverse(
        "audit:record_history",
        kwargs={"app_label": app_label, "model": model, "object_id": str(object_id)},
    )


def dossier_url(dossier: Dossier) -> str:
    return audit_url("audit_testapp", "dossier", dossier.pk)


@pytest.fixture
def dossier():
    dossier = Dossier.objects.create(title="طلب إعانة", national_id="1012345678")
    dossier.status = Dossier.Status.CLOSED
    dossier.save()
    return dossier


def test_auditor_sees_the_changes_and_the_reads_of_a_record(client, auditor, clerk, dossier):
    log_read(clerk, dossier, what="documents")
    client.force_login(auditor)

    response = client.get(dossier_url(dossier))

    assert response.status_code == 200
    assert [change.kind for change in response.context["changes"]] == ["changed", "created"]
    assert list(response.context["reads_page"]) == list(AccessLog.objects.all())
    page = response.content.decode()
    assert "سجل التغييرات" in page
    assert "مفتوح" in page and "مغلق" in page  # the status, old → new, by its labels
    assert "سجل الاطلاع" in page
    assert "خالد العتيبي" in page and "الوثائق" in page  # who read, and what


def test_heading_names_the_record_by_kind_and_id_only(client, auditor, dossier):
    client.force_login(auditor)

    response = client.get(dossier_url(dossier))

    assert response.context["record"].label == f"ملف رقم {dossier.pk}"


def test_tables_have_captions_and_column_headers(client, auditor, dossier):
    client.force_login(auditor)

    page = client.get(dossier_url(dossier)).content.decode()

    assert page.count("<caption>") == 2
    assert page.count('<th scope="col">') == 8


def test_staff_without_the_audit_permission_get_404(client, clerk, dossier):
    client.force_login(clerk)

    response = client.get(dossier_url(dossier))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, dossier):
    response = client.get(dossier_url(dossier))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_unknown_kind_of_record_gives_404(client, auditor):
    client.force_login(auditor)

    response = client.get(audit_url("registry", "nothing", 1))

    assert response.status_code == 404


def test_a_record_that_never_existed_gives_404(client, auditor):
    client.force_login(auditor)

    response = client.get(audit_url("audit_testapp", "dossier", 424242))

    assert response.status_code == 404


@pytest.mark.parametrize("object_id", ["abc", "1.5", "99999999999999999999999999"])
def test_a_malformed_id_gives_404_not_an_error(client, auditor, object_id):
    client.force_login(auditor)

    response = client.get(audit_url("audit_testapp", "dossier", object_id))

    assert response.status_code == 404


def test_a_stale_content_type_gives_404(client, auditor):
    ContentType.objects.create(app_label="removed_app", model="oldrecord")
    client.force_login(auditor)

    response = client.get(audit_url("removed_app", "oldrecord", 1))

    assert response.status_code == 404


def test_a_deleted_record_keeps_its_audit_page(client, auditor, dossier):
    url = dossier_url(dossier)
    dossier.delete()
    client.force_login(auditor)

    response = client.get(url)

    assert response.status_code == 200
    assert [change.kind for change in response.context["changes"]] == [
        "deleted",
        "changed",
        "created",
    ]


def test_a_record_without_history_shows_its_reads(client, auditor, clerk):
    office = Office.objects.create(name="مكتب الليث")
    log_read(clerk, office)
    client.force_login(auditor)

    response = client.get(audit_url("audit_testapp", "office", office.pk))

    assert response.status_code == 200
    assert response.context["changes_page"] is None
    assert "لا يُحفظ سجل تغييرات لهذا النوع من السجلات." in response.content.decode()
    assert len(response.context["reads_page"]) == 1


def test_opening_the_audit_page_is_not_logged_as_a_read(client, auditor, dossier):
    client.force_login(auditor)

    client.get(dossier_url(dossier))

    assert not AccessLog.objects.exists()


def test_sensitive_values_are_masked_for_an_auditor_without_that_permission(
    client, auditor, dossier
):
    client.force_login(auditor)

    page = client.get(dossier_url(dossier)).content.decode()

    assert "1012345678" not in page
    assert "(تغيّر)" in page


def test_sensitive_values_are_shown_to_an_auditor_with_that_permission(
    client, chief_auditor, dossier
):
    client.force_login(chief_auditor)

    page = client.get(dossier_url(dossier)).content.decode()

    assert "1012345678" in page


def test_change_history_is_paginated_by_fifty(client, auditor):
    dossier = Dossier.objects.create(title="0")
    for number in range(1, 51):
        dossier.title = str(number)
        dossier.save()
    client.force_login(auditor)

    first = client.get(dossier_url(dossier))
    second = client.get(dossier_url(dossier), {"changes_page": 2})

    assert len(first.context["changes"]) == 50
    assert [change.kind for change in second.context["changes"]] == ["created"]
    assert "?changes_page=2#changes" in first.content.decode()


def test_the_oldest_change_on_a_page_is_compared_with_the_next_page(client, auditor):
    dossier = Dossier.objects.create(title="0")
    for number in range(1, 51):
        dossier.title = str(number)
        dossier.save()
    client.force_login(auditor)

    response = client.get(dossier_url(dossier))

    [field] = response.context["changes"][-1].fields
    assert (field.old, field.new) == ("0", "1")


def test_read_log_is_paginated_by_fifty(client, auditor, clerk, dossier):
    content_type = ContentType.objects.get_for_model(Dossier)
    start = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
    AccessLog.objects.bulk_create(
        AccessLog(
            user=clerk,
            content_type=content_type,
            object_id=str(dossier.pk),
            what="file",
            at=start + dt.timedelta(minutes=minute),
        )
        for minute in range(51)
    )
    client.force_login(auditor)

    first = client.get(dossier_url(dossier))
    second = client.get(dossier_url(dossier), {"reads_page": 2, "changes_page": 1})

    assert len(first.context["reads_page"]) == 50
    assert [read.at for read in second.context["reads_page"]] == [start]
    assert "changes_page=1" in second.content.decode()  # the other list keeps its page


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, auditor, dossier):
    client.force_login(auditor)

    response = client.get(dossier_url(dossier), {"changes_page": "x", "reads_page": "999"})

    assert response.status_code == 200
    assert response.context["changes_page"].number == 1


def _record_links(user, record) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("audit/partials/record_links.html", {"record": record}, request=request)


def test_record_links_point_auditors_to_the_audit_page(auditor, dossier):
    assert dossier_url(dossier) in _record_links(auditor, dossier)


def test_record_links_show_nothing_to_staff_without_the_permission(clerk, dossier):
    assert _record_links(clerk, dossier).strip() == ""


def test_times_are_shown_in_riyadh_when_no_dual_calendar_is_available(monkeypatch):
    monkeypatch.setattr(silah_audit, "_dual_date_filter", lambda: None)

    shown = silah_audit.audit_when(dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC))

    assert shown == "2026-03-01 12:30"


def test_times_use_both_calendars_when_core_provides_them(monkeypatch):
    monkeypatch.setattr(
        silah_audit, "_dual_date_filter", lambda: lambda value, style: f"[{value:%Y-%m-%d}]"
    )

    shown = silah_audit.audit_when(dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC))

    assert shown == '[2026-03-01] <bdi dir="ltr">12:30</bdi>'
