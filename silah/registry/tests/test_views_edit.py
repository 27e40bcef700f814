"""Registering and editing through the screens: field-level Arabic errors with nothing saved,
likely duplicates shown before saving, the identity block with its link, status changes."""

import pytest
from django.test import Client

from silah.accounts.factories import UserFactory
from silah.registry import services
from silah.registry.factories import BeneficiaryFactory, category, registration_fields
from silah.registry.models import Beneficiary, StatusChange

pytestmark = pytest.mark.django_db

NEW = "/beneficiaries/new/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(branch, **overrides) -> dict:
    fields = registration_fields(branch=branch)
    data = {
        **{k: v for k, v in fields.items() if k != "branch"},
        "branch": branch.pk,
        "nationality": "SA",
    }
    data.update(overrides)
    return data


# The same name and mobile, no identity number yet: a likely duplicate, not a block.
WITHOUT_ID = {"identity_type": "none", "identity_number": "", "identity_reason": "لم تُستخرج"}


def snapshot() -> list:
    return list(Beneficiary.objects.order_by("pk").values())


def test_a_relations_officer_registers_a_beneficiary_with_a_hijri_birth_date(officer, branch):
    data = form_data(
        branch,
        birth_date="1420/09/15",
        categories=[category("disability").pk],
        **{f"detail_{category('disability').pk}": "حركية"},
    )
    response = client_for(officer).post(NEW, data)
    beneficiary = Beneficiary.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/beneficiaries/{beneficiary.pk}/"
    assert beneficiary.birth_date.year == 1999
    assert beneficiary.entered_by == officer
    assert beneficiary.category_links.get().detail == "حركية"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("identity_number", "1234567890", "رقم الهوية الوطنية غير صحيح"),
        ("mobile", "12345", "رقم هاتف"),
        ("first_name", "", "هذا الحقل مطلوب."),
        ("postal_code", "12", "الرمز البريدي 5 أرقام."),
        ("preferred_channel", "whatsapp", "اختر قيمة من القائمة."),
        ("birth_date", "1500/01/01", "تاريخ"),
    ],
)
def test_bad_input_shows_an_arabic_error_at_its_field_and_saves_nothing(
    officer, branch, field, value, message
):
    before = snapshot()
    response = client_for(officer).post(NEW, form_data(branch, **{field: value}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert snapshot() == before


def test_a_type_without_its_category_is_an_error_at_the_type(officer, branch):
    disability = category("disability")
    response = client_for(officer).post(
        NEW, form_data(branch, **{f"detail_{disability.pk}": "بصرية"})
    )
    assert f"detail_{disability.pk}" in response.context["form"].errors
    assert not Beneficiary.objects.exists()


def test_likely_duplicates_are_shown_before_saving_and_saved_once_confirmed(officer, branch):
    existing = services.register_beneficiary(
        actor=officer, **registration_fields(branch=branch, mobile="0561234567")
    )
    data = form_data(branch, **WITHOUT_ID, mobile="0561234567")
    response = client_for(officer).post(NEW, data)
    assert response.status_code == 200
    shown = [c.beneficiary for c in response.context["candidates"]]
    assert shown == [existing]
    assert f'href="/beneficiaries/{existing.pk}/"' in response.content.decode()
    assert Beneficiary.objects.count() == 1

    confirmed = client_for(officer).post(NEW, {**data, "confirm_different": "on"})
    assert confirmed.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_a_duplicate_outside_the_users_files_is_mentioned_without_its_data(
    officer, branch, other_branch, manager
):
    elsewhere = services.register_beneficiary(
        actor=manager, **registration_fields(branch=other_branch, mobile="0561234567")
    )
    response = client_for(officer).post(NEW, form_data(branch, **WITHOUT_ID, mobile="0561234567"))
    page = response.content.decode()
    assert response.context["candidates"] == []
    assert response.context["hidden_candidates"] == 1
    assert "خارج الملفات التي تطّلع عليها" in page
    assert elsewhere.file_number not in page
    assert f"/beneficiaries/{elsewhere.pk}/" not in page


def test_the_same_identity_number_blocks_the_save_with_a_link_to_that_file(officer, branch):
    existing = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    before = snapshot()
    data = form_data(branch, identity_number=existing.identity_number, first_name="سالم")
    response = client_for(officer).post(NEW, {**data, "confirm_different": "on"})
    assert "identity_number" in response.context["form"].errors
    assert f'href="/beneficiaries/{existing.pk}/"' in response.content.decode()
    assert snapshot() == before


def test_the_identity_block_gives_no_link_to_a_file_outside_the_users_scope(
    officer, branch, other_branch, manager
):
    existing = services.register_beneficiary(
        actor=manager, **registration_fields(branch=other_branch)
    )
    response = client_for(officer).post(
        NEW, form_data(branch, identity_number=existing.identity_number)
    )
    assert "identity_number" in response.context["form"].errors
    assert f"/beneficiaries/{existing.pk}/" not in response.content.decode()
    assert Beneficiary.objects.count() == 1


def test_the_preferred_channel_offers_only_the_enabled_channels(officer):
    form = client_for(officer).get(NEW).context["form"]
    offered = {value for value, _label in form.fields["preferred_channel"].choices if value}
    assert offered == {"sms", "call"}


def test_a_researcher_cannot_open_the_registration_form():
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    assert client_for(researcher).get(NEW).status_code == 403


def test_editing_needs_a_reason_and_records_it(officer, branch):
    beneficiary = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    client = client_for(officer)
    url = f"/beneficiaries/{beneficiary.pk}/edit/"
    data = {**form_data(branch), "identity_number": beneficiary.identity_number}
    data["city"] = "القنفذة"
    before = snapshot()
    response = client.post(url, data)
    assert "reason" in response.context["reason_form"].errors
    assert snapshot() == before
    response = client.post(url, {**data, "reason": "انتقلت الأسرة إلى القنفذة"})
    assert response.status_code == 302
    beneficiary.refresh_from_db()
    assert beneficiary.city == "القنفذة"
    assert beneficiary.history.first().history_change_reason == "انتقلت الأسرة إلى القنفذة"


def test_editing_a_file_of_another_branch_is_a_404(officer, other_branch):
    beneficiary = BeneficiaryFactory(branch=other_branch)
    assert client_for(officer).get(f"/beneficiaries/{beneficiary.pk}/edit/").status_code == 404


def test_editing_to_an_identity_number_already_registered_is_refused_and_nothing_changes(
    officer, branch
):
    first = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    second = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    before = snapshot()
    data = {
        **form_data(branch),
        "identity_number": first.identity_number,
        "reason": "تصحيح",
    }
    response = client_for(officer).post(f"/beneficiaries/{second.pk}/edit/", data)
    assert "identity_number" in response.context["form"].errors
    assert f'href="/beneficiaries/{first.pk}/"' in response.content.decode()
    assert snapshot() == before


def test_a_status_change_with_a_reason_is_recorded(officer, branch):
    beneficiary = BeneficiaryFactory(branch=branch)
    response = client_for(officer).post(
        f"/beneficiaries/{beneficiary.pk}/status/", {"to": "active", "reason": "اكتمل البحث"}
    )
    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor) == ("applicant", "active", officer)


@pytest.mark.parametrize(
    ("to", "reason"), [("suspended", "سبب"), ("applicant", "سبب"), ("active", ""), ("x", "س")]
)
def test_a_refused_status_change_leaves_the_file_unchanged(officer, branch, to, reason):
    beneficiary = BeneficiaryFactory(branch=branch)
    before = snapshot()
    response = client_for(officer).post(
        f"/beneficiaries/{beneficiary.pk}/status/", {"to": to, "reason": reason}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert snapshot() == before
    assert not StatusChange.objects.exists()


def test_the_status_form_offers_only_the_allowed_transitions(officer, branch):
    beneficiary = BeneficiaryFactory(branch=branch, status="archived")
    form = client_for(officer).get(f"/beneficiaries/{beneficiary.pk}/status/").context["form"]
    assert [value for value, _label in form.fields["to"].choices if value] == ["active"]
