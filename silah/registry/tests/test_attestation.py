"""The data-correctness attestation: text from the policy in force, on screen or on signed
paper, and a new one needed when an attested field changes."""

import subprocess
from datetime import date

import pytest

from silah.core.errors import DomainError
from silah.policy import services as policy_services
from silah.policy.presets import create_association_from_preset
from silah.registry.attestation import (
    STANDARD_TEXT,
    attest_on_paper,
    attest_on_screen,
    attestation_text,
    render_attestation_pdf,
)
from silah.registry.factories import BeneficiaryFactory, HouseholdFactory
from silah.registry.models import Attestation, Document, Membership
from silah.registry.queries import needs_attestation
from silah.registry.services import set_incomes, update_beneficiary
from silah.registry.tests.documents_helpers import (
    PDF,
    image_bytes,
    private_media,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

FULL_NAME = "فاطمة علي حسن الزهراني"


@pytest.fixture
def policy(manager):
    """The amal_allith preset in force (seed 000 has the clause on the data's correctness)."""
    organization, version = create_association_from_preset("amal_allith", actor=manager)
    if not version.in_force:
        policy_services.record_approval(
            version, actor=manager, resolution_number="1/2026", approved_on=date(2026, 1, 1)
        )
    return policy_services.version_in_force(organization)


def test_the_text_quotes_the_policy_clause_on_the_correctness_of_data(policy):
    text = attestation_text()
    assert text.source == "clause"
    assert text.version == policy
    assert text.text.startswith(STANDARD_TEXT)
    assert "مسؤول مسئولية مباشرة عن صحة المعلومات" in text.text
    assert f"(الإصدار {policy.number})" in text.text


def test_a_policy_section_titled_attestation_gives_the_whole_text(policy, manager):
    draft = policy_services.start_draft(policy.organization, actor=manager)
    sections = [
        *draft.sections,
        {"kind": "other", "title": "نص الإقرار", "body": "أقر بصحة بياناتي.\n- وأتعهد بتحديثها."},
    ]
    policy_services.update_draft(draft, actor=manager, sections=sections)
    policy_services.record_approval(
        draft, actor=manager, resolution_number="2/2026", approved_on=date(2026, 2, 1)
    )
    text = attestation_text()
    assert (text.source, text.text) == ("section", "أقر بصحة بياناتي.\nوأتعهد بتحديثها.")


def test_without_a_policy_in_force_the_standard_text_is_used():
    text = attestation_text()
    assert (text.source, text.text, text.version) == ("standard", STANDARD_TEXT, None)


def test_a_file_never_attested_needs_an_attestation():
    assert needs_attestation(BeneficiaryFactory())


def test_on_screen_with_the_name_written_differently_but_equal_after_normalisation(policy, officer):
    beneficiary = BeneficiaryFactory()
    row = attest_on_screen(
        beneficiary, actor=officer, typed_name="  فاطمه علي  حسن الزهرانى ", confirmed=True
    )
    assert (row.method, row.witnessed_by, row.policy_version) == ("screen", officer, policy)
    assert row.text == attestation_text().text
    assert row.typed_name == "فاطمه علي حسن الزهرانى"
    assert not needs_attestation(beneficiary)


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("فاطمة علي الزهراني", "typed_name"),
        ("نورة علي حسن الزهراني", "typed_name"),
        ("", "typed_name"),
    ],
)
def test_on_screen_a_name_that_does_not_match_is_refused(officer, typed, field):
    beneficiary = BeneficiaryFactory()
    with pytest.raises(DomainError) as error:
        attest_on_screen(beneficiary, actor=officer, typed_name=typed, confirmed=True)
    assert error.value.field == field
    assert Attestation.objects.count() == 0


def test_on_screen_without_the_confirmation_is_refused(officer):
    with pytest.raises(DomainError) as error:
        attest_on_screen(BeneficiaryFactory(), actor=officer, typed_name=FULL_NAME, confirmed=False)
    assert error.value.field == "confirmed"
    assert Attestation.objects.count() == 0


def test_changing_an_attested_field_asks_for_a_new_attestation(officer):
    beneficiary = BeneficiaryFactory(branch=officer.branches.first())
    attest_on_screen(beneficiary, actor=officer, typed_name=FULL_NAME, confirmed=True)
    changed = update_beneficiary(beneficiary, actor=officer, reason="رقم جديد", mobile="0551234567")
    assert needs_attestation(changed)


def test_a_change_of_the_household_income_asks_for_a_new_attestation(officer):
    household = HouseholdFactory()
    beneficiary = household.head
    Membership.objects.create(
        household=household,
        beneficiary=beneficiary,
        relationship="head",
        joined_on=date(2026, 1, 1),
    )
    attest_on_screen(beneficiary, actor=officer, typed_name=FULL_NAME, confirmed=True)
    assert not needs_attestation(beneficiary)
    set_incomes(household, [("salary", "3000")], actor=officer)
    assert needs_attestation(beneficiary)


def test_a_change_of_a_field_not_attested_does_not(officer):
    beneficiary = BeneficiaryFactory()
    attest_on_screen(beneficiary, actor=officer, typed_name=FULL_NAME, confirmed=True)
    beneficiary.preferred_channel = "call"
    beneficiary.save()
    assert not needs_attestation(beneficiary)


def test_the_signed_form_is_uploaded_as_a_document_of_its_type(officer):
    beneficiary = BeneficiaryFactory()
    row = attest_on_paper(
        beneficiary, actor=officer, upload=upload("signed.jpg", image_bytes("JPEG"))
    )
    assert row.method == "paper"
    assert row.document.document_type.code == "signed_attestation"
    assert not needs_attestation(beneficiary)


def test_a_signed_form_that_is_not_an_allowed_file_records_nothing(officer):
    with pytest.raises(DomainError):
        attest_on_paper(BeneficiaryFactory(), actor=officer, upload=upload("signed.pdf", b"MZ.."))
    assert Attestation.objects.count() == Document.objects.count() == 0


def test_the_printed_form_has_the_name_and_the_policy_text(policy, officer, tmp_path):
    beneficiary = BeneficiaryFactory()
    pdf = render_attestation_pdf(beneficiary, witness=officer)
    assert pdf.startswith(b"%PDF-")
    (tmp_path / "form.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "form.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert FULL_NAME in text
    assert "إقرار بصحة البيانات" in text
    assert "مسؤول مسئولية مباشرة عن صحة المعلومات" in " ".join(text.split())
    assert beneficiary.identity_number in text


def test_the_uploaded_pdf_kind_is_kept(officer):
    row = attest_on_paper(BeneficiaryFactory(), actor=officer, upload=upload("form.pdf", PDF))
    assert row.document.content_type == "application/pdf"


def test_a_switched_off_form_type_refuses_the_signed_form(officer):
    from silah.registry.models import DocumentType

    # The seeded type may have been flushed by a transactional test: switch it off either way.
    DocumentType.objects.update_or_create(
        code="signed_attestation",
        defaults={"name": "نموذج الإقرار الموقّع", "order": 80, "is_active": False},
    )
    with pytest.raises(DomainError) as error:
        attest_on_paper(BeneficiaryFactory(), actor=officer, upload=upload("form.pdf", PDF))
    assert "موقوف" in error.value.message
    assert Attestation.objects.count() == Document.objects.count() == 0


def test_the_printed_form_gives_back_abdullah_whole(policy, officer):
    from silah.core.tests.pdf_text import pdf_text

    beneficiary = BeneficiaryFactory(first_name="عبدالله", family_name="الحارثي")
    text = pdf_text(render_attestation_pdf(beneficiary, witness=officer))
    assert "عبدالله" in text
    assert "عبداهلل" not in text
