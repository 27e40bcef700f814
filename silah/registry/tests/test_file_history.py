"""The file's history tab shows the changes of the file and of what hangs on it — categories,
household memberships, the household's incomes and obligations, documents, consents and
attestations — merged newest first, each with who, when and what, in a fixed number of
queries."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from silah.accounts.factories import UserFactory
from silah.registry import attestation, documents, services
from silah.registry.factories import category, registration_fields
from silah.registry.models import Beneficiary
from silah.registry.queries_history import file_history
from silah.registry.tests.documents_helpers import (
    PDF,
    doc_type,
    private_media,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

DAY = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def at(days: int, hours: int = 0) -> time_machine.travel:
    return time_machine.travel(DAY + dt.timedelta(days=days, hours=hours), tick=False)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(officer, branch, **fields) -> Beneficiary:
    return services.register_beneficiary(
        actor=officer, **registration_fields(branch=branch, **fields)
    )


@pytest.fixture
def person(officer, branch):
    with at(0):
        return _register(officer, branch)


def _subjects(changes) -> list[tuple[str, str]]:
    return [(change.subject, change.action) for change in changes]


def test_categories_added_and_removed_are_on_the_file_history(officer, manager, person):
    orphans = category("orphan")
    with at(1):
        services.set_categories(person, [orphans], actor=officer)
    with at(2):
        services.set_categories(person, [], actor=officer)
    changes = file_history(person, viewer=manager)
    name = f"الفئة: {orphans.name}"
    assert _subjects(changes)[:2] == [(name, "حذف"), (name, "إنشاء")]
    assert changes[0].user == officer


def test_a_viewer_without_the_sensitive_permission_sees_no_category_name(officer, person):
    orphans = category("orphan")
    with at(1):
        services.set_categories(person, [orphans], actor=officer)
    [change] = [c for c in file_history(person, viewer=officer) if c.subject == "فئة"]
    assert orphans.name not in str(change.fields)


def test_the_household_its_members_incomes_and_obligations_are_on_the_head_history(
    officer, manager, branch, person
):
    with at(1):
        household = services.create_household(person, actor=officer)
    with at(2):
        son = _register(officer, branch, first_name="خالد")
        services.add_member(household, son, relationship="son", actor=officer)
    with at(3):
        services.set_incomes(household, [("salary", "3000")], actor=officer)
    with at(4):
        services.set_obligations(household, [("loan", "500")], actor=officer)
    subjects = _subjects(file_history(person, viewer=manager))
    assert subjects[:5] == [
        ("التزامات الأسرة", "إنشاء"),
        ("دخل الأسرة", "إنشاء"),
        (f"عضو الأسرة {son.file_number}", "إنشاء"),
        ("عضويته في الأسرة", "إنشاء"),
        ("الأسرة", "إنشاء"),
    ]


def test_income_amounts_are_masked_for_a_viewer_without_the_sensitive_permission(
    officer, manager, person
):
    with at(1):
        household = services.create_household(person, actor=officer)
    with at(2):
        services.set_incomes(household, [("salary", "3123")], actor=officer)
    [shown] = [c for c in file_history(person, viewer=officer) if c.subject == "دخل الأسرة"]
    assert "3123" not in str(shown.fields)
    [clear] = [c for c in file_history(person, viewer=manager) if c.subject == "دخل الأسرة"]
    assert any("3" in field.new and "123" in field.new for field in clear.fields)


def test_a_household_changes_show_only_while_the_person_was_in_it(officer, manager, branch):
    with at(0):
        head = _register(officer, branch)
        household = services.create_household(head, actor=officer)
        services.set_incomes(household, [("salary", "1000")], actor=officer)
    with at(2):
        wife = _register(officer, branch, first_name="نورة", sex="female")
        services.add_member(household, wife, relationship="spouse", actor=officer)
    with at(4):
        other_head = _register(officer, branch, first_name="سالم")
        other = services.create_household(other_head, actor=officer)
        services.move_to_household(
            wife, other, relationship="spouse", actor=officer, reason="انتقلت"
        )
    with at(6):
        services.set_obligations(household, [("debt", "200")], actor=officer)
    subjects = [subject for subject, _action in _subjects(file_history(wife, viewer=manager))]
    assert "التزامات الأسرة" not in subjects  # after she left
    assert "دخل الأسرة" not in subjects  # before she joined
    assert subjects.count("عضويته في الأسرة") >= 2  # joined, left, joined the other


def test_documents_consents_and_attestations_are_on_the_file_history(officer, manager, person):
    with at(1):
        documents.upload_document(
            person,
            actor=officer,
            document_type=doc_type("income_proof"),
            upload=upload("a.pdf", PDF),
        )
    with at(2):
        services.grant_consent(person, "awareness", actor=officer, how="in_person")
    with at(3):
        services.withdraw_consent(person, "awareness", actor=officer, how="phone")
    with at(4):
        attestation.attest_on_screen(
            person, actor=officer, typed_name=person.full_name, confirmed=True
        )
    changes = file_history(person, viewer=manager)
    subjects = _subjects(changes)
    assert subjects[:4] == [
        ("الإقرار بصحة البيانات", "أقرّ المستفيد بصحة بياناته"),
        ("الموافقة: تلقي الرسائل التوعوية", "سحب الموافقة"),
        ("الموافقة: تلقي الرسائل التوعوية", "منح الموافقة"),
        (f"الوثيقة: {doc_type('income_proof').name}", "إنشاء"),
    ]
    assert {change.user for change in changes[:4]} == {officer}


def test_the_history_tab_shows_the_merged_changes_with_who_and_what(officer, manager, person):
    with at(1):
        household = services.create_household(person, actor=officer)
        services.set_incomes(household, [("pension", "2500")], actor=officer)
    page = client_for(manager).get(f"/beneficiaries/{person.pk}/history/").content.decode()
    assert "دخل الأسرة" in page
    assert "عضويته في الأسرة" in page
    assert officer.get_full_name() in page


def test_the_history_tab_of_a_file_outside_the_users_branch_is_404(officer, other_branch):
    stranger = _register(
        UserFactory(roles=["relations_officer"], branches=[other_branch]), other_branch
    )
    response = client_for(officer).get(f"/beneficiaries/{stranger.pk}/history/")
    assert response.status_code == 404


def _grow(person, officer, branch, household, rounds: int) -> None:
    """`rounds` more changes of every kind the history tab reads."""
    kinds = [category("orphan"), category("widow")]
    for index in range(rounds):
        services.set_categories(person, [kinds[index % 2]], actor=officer)
        member = _register(officer, branch, first_name="خالد", mobile=f"05012{index:05d}")
        services.add_member(household, member, relationship="son", actor=officer)
        services.set_incomes(household, [("salary", str(1000 + index))], actor=officer)
        services.set_obligations(household, [("loan", str(100 + index))], actor=officer)
        documents.upload_document(
            person,
            actor=officer,
            document_type=doc_type("income_proof"),
            upload=upload("a.pdf", PDF),
        )
        latest = person.consents.filter(purpose="awareness").order_by("-at", "-pk").first()
        if latest is not None and latest.granted:
            services.withdraw_consent(person, "awareness", actor=officer, how="phone")
        else:
            services.grant_consent(person, "awareness", actor=officer, how="in_person")
        attestation.attest_on_screen(
            person, actor=officer, typed_name=person.full_name, confirmed=True
        )
        services.update_beneficiary(person, actor=officer, reason="تحديث", city=f"مدينة {index}")


def test_the_history_tab_reads_in_the_same_number_of_queries_as_its_rows_grow(
    officer, manager, branch, person, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    household = services.create_household(person, actor=officer)
    client = client_for(manager)
    url = f"/beneficiaries/{person.pk}/history/"
    _grow(person, officer, branch, household, rounds=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(person, officer, branch, household, rounds=6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["changes"]) > 60


def test_a_household_member_outside_the_viewers_files_is_not_named(
    officer, manager, branch, other_branch, person
):
    with at(1):
        household = services.create_household(person, actor=officer)
    with at(2):
        elsewhere = services.register_beneficiary(
            actor=manager, **registration_fields(branch=other_branch, first_name="سالم")
        )
        services.add_member(household, elsewhere, relationship="brother", actor=manager)
    changes = file_history(person, viewer=officer)
    assert ("عضو في الأسرة ملفه خارج نطاقك", "إنشاء") in _subjects(changes)
    assert elsewhere.file_number not in str([(c.subject, c.fields) for c in changes])
    shown = _subjects(file_history(person, viewer=manager))
    assert (f"عضو الأسرة {elsewhere.file_number}", "إنشاء") in shown
