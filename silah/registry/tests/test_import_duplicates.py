"""Imported rows that look like an existing file, or like an earlier row of the sheet, go to
the duplicate review queue (source "import") when they are imported, with who and why."""

import pytest
from django.core.files.base import ContentFile

from silah.accounts.factories import UserFactory
from silah.core.identity import IdentityType
from silah.registry import import_services, services
from silah.registry.factories import national_id, registration_fields
from silah.registry.import_parse import guess_mapping, read_table
from silah.registry.importing import (
    MODE_VALID_ONLY,
    ImportOptions,
    RowsHaveErrors,
    analyse,
    write,
)
from silah.registry.merge import merge_beneficiaries
from silah.registry.models import (
    Beneficiary,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    ImportBatch,
)

pytestmark = pytest.mark.django_db

HEADER = "الاسم,نوع الهوية,رقم الهوية,سبب عدم وجود هوية,الجنس,الجوال,تاريخ الميلاد"
FATIMA_NO_ID = "فاطمه علي الزهراني,بدون,,لا تحمل هوية,أنثى,0509999999,1990/01/15"


@pytest.fixture
def importer(branch):
    return UserFactory(username="importer", roles=["relations_officer"], branches=[branch])


@pytest.fixture
def fatima(manager, branch):
    """An existing file the row FATIMA_NO_ID looks like (same name, no identity on the row)."""
    return services.register_beneficiary(
        actor=manager,
        **registration_fields(
            first_name="فاطمة",
            father_name="علي",
            grandfather_name="حسن",
            family_name="الزهراني",
            sex="female",
            mobile="0501111111",
            branch=branch,
        ),
    )


def _sheet(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def _analyse(branch, *lines: str):
    table = read_table(_sheet(*lines))
    options = ImportOptions(branch, "sheet.csv")
    return analyse(table, guess_mapping(table.headers), options), options


def _import(branch, actor, *lines: str, mode="all"):
    analysis, options = _analyse(branch, *lines)
    return write(analysis, options, actor=actor, mode=mode)


def test_a_row_like_an_existing_file_goes_to_the_queue_from_the_import(branch, importer, fatima):
    result = _import(branch, importer, FATIMA_NO_ID)
    [row] = result.outcomes
    assert row.status == "possible_duplicate"
    new = Beneficiary.objects.get(pk=row.beneficiary_id)
    pair = DuplicateCandidate.objects.get()
    assert (pair.first_id, pair.second_id) == (fatima.pk, new.pk)
    assert (pair.source, pair.status) == (DuplicateSource.IMPORT, DuplicateStatus.OPEN)
    assert pair.score >= 0.4
    assert [item["key"] for item in pair.explanation] == ["similar_name"]  # no grandfather


def test_the_queued_pair_records_who_imported_it_and_from_which_row(branch, importer, fatima):
    _import(branch, importer, FATIMA_NO_ID)
    record = DuplicateCandidate.objects.get().history.get()
    assert record.history_user == importer
    assert record.history_change_reason == "اقتراح عند استيراد الملف «sheet.csv»، السطر 2"


def test_the_explanation_holds_no_personal_value(branch, importer, fatima):
    _import(branch, importer, FATIMA_NO_ID)
    text = str(DuplicateCandidate.objects.get().explanation)
    for value in ("فاطم", "الزهراني", "0509999999", "1990"):
        assert value not in text


def test_two_rows_alike_in_the_sheet_are_queued_as_a_pair(branch, importer):
    result = _import(
        branch, importer, FATIMA_NO_ID, FATIMA_NO_ID.replace("0509999999", "0508888888")
    )
    first, second = (outcome.beneficiary_id for outcome in result.outcomes)
    pair = DuplicateCandidate.objects.get()
    assert (pair.first_id, pair.second_id, pair.source) == (first, second, DuplicateSource.IMPORT)
    assert {item["key"] for item in pair.explanation} >= {"same_full_name", "same_birth_date"}


def test_a_row_like_nothing_puts_nothing_in_the_queue(branch, importer, fatima):
    _import(branch, importer, f"سعد ناصر محمد القحطاني,هوية وطنية,{national_id()},,ذكر,0507777777,")
    assert Beneficiary.objects.count() == 2
    assert not DuplicateCandidate.objects.exists()


def test_the_preview_alone_puts_nothing_in_the_queue(branch, fatima):
    analysis, _options = _analyse(branch, FATIMA_NO_ID)
    assert analysis.outcomes[0].status == "possible_duplicate"
    assert not DuplicateCandidate.objects.exists()


def test_a_refused_import_puts_nothing_in_the_queue(branch, importer, fatima):
    with pytest.raises(RowsHaveErrors):
        _import(branch, importer, FATIMA_NO_ID, "سعد,هوية وطنية,123,,ذكر,,")
    assert not DuplicateCandidate.objects.exists()
    assert Beneficiary.objects.count() == 1


def test_a_row_left_out_of_a_valid_only_import_is_not_queued(branch, importer, fatima):
    bad = FATIMA_NO_ID.replace("أنثى", "غير معروف")
    _import(branch, importer, bad, mode=MODE_VALID_ONLY)
    assert not DuplicateCandidate.objects.exists()


def test_a_file_merged_since_the_preview_is_not_queued(branch, importer, manager, fatima):
    analysis, options = _analyse(branch, FATIMA_NO_ID)
    other = services.register_beneficiary(
        actor=manager,
        reason="اختبار",
        **registration_fields(
            first_name="فاطمة",
            father_name="علي",
            grandfather_name="حسن",
            family_name="الزهراني",
            sex="female",
            identity_type=IdentityType.NONE,
            identity_number="",
            identity_reason="لا تحمل هوية",
            mobile="0502222222",
            branch=branch,
        ),
    )
    merge_beneficiaries(other, fatima, actor=manager, reason="الشخص نفسه")
    write(analysis, options, actor=importer)
    assert not DuplicateCandidate.objects.filter(source=DuplicateSource.IMPORT).exists()


def test_the_import_on_the_worker_queues_what_its_kept_preview_found(
    branch, importer, fatima, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = _sheet(FATIMA_NO_ID)
    batch = ImportBatch(
        original_name="sheet.csv",
        kind="csv",
        size=len(data),
        uploaded_by=importer,
        branch=branch,
        status=ImportBatch.Status.UPLOADED,
    )
    batch.file.save("import.csv", ContentFile(data), save=False)
    batch.save()
    import_services.read_batch(batch)  # guesses the mapping: every column is recognised
    import_services.preview_batch(batch)  # keeps its checked rows beside the sheet
    batch.refresh_from_db()
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.IMPORTING, mode=MODE_VALID_ONLY, imported_by=importer
    )
    batch.refresh_from_db()
    import_services.run_import(batch)
    pair = DuplicateCandidate.objects.get()
    assert (pair.first_id, pair.source) == (fatima.pk, DuplicateSource.IMPORT)
