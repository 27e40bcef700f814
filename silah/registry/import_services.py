"""The life of an import batch: upload → read → mapping → preview → import (or cancel).

Each verb is one function with a keyword-only actor. Reading, previewing and importing run
on the worker (`silah.registry.import_tasks`); the command line runs the same functions in
its own process. The uploaded sheet is kept under MEDIA_ROOT/imports (never served by a URL)
until the import is done or cancelled, then deleted: the rows' outcomes stay, without any
personal value.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from silah.accounts.models import Branch
from silah.core.errors import DomainError
from silah.registry import import_bulk, importing
from silah.registry.import_parse import IMPORT_FIELDS, Table, guess_mapping, read_table, sniff_kind
from silah.registry.importing import (
    MODE_ALL,
    MODE_VALID_ONLY,
    Analysis,
    ImportOptions,
    RowsHaveErrors,
    analyse,
    write,
)
from silah.registry.models import ImportBatch, ImportRow

logger = logging.getLogger(__name__)


def max_bytes() -> int:
    return settings.SILAH_IMPORT_MAX_MB * 1024 * 1024


def max_rows() -> int:
    return settings.SILAH_IMPORT_MAX_ROWS


def _require(actor: AbstractBaseUser) -> None:
    if not (
        actor.has_perm(importing.REGISTER_PERMISSION)
        and actor.has_perm(importing.IMPORT_PERMISSION)
    ):
        raise PermissionDenied(_("ليست لديك صلاحية لهذا الإجراء."))


def check_upload(data: bytes, name: str) -> str:
    """The sheet's kind, or a DomainError at "file": too big, empty, or not a spreadsheet."""
    if len(data) > max_bytes():
        raise DomainError(
            _("حجم الملف أكبر من الحد المسموح (%(max)s ميغابايت): قسّمه إلى ملفات أصغر.")
            % {"max": max_bytes() // (1024 * 1024)},
            field="file",
        )
    if not data:
        raise DomainError(_("الملف فارغ."), field="file")
    kind = sniff_kind(data)
    if kind is None:
        raise DomainError(
            _("هذا ليس ملف Excel أو CSV: ارفع ملفًا بصيغة xlsx أو xls أو ods أو csv."),
            field="file",
        )
    return kind


def upload(
    *,
    actor: AbstractBaseUser,
    data: bytes,
    name: str,
    branch: Branch,
    default_channel: str = "",
) -> ImportBatch:
    """Store an uploaded sheet privately and have the worker read its header."""
    _require(actor)
    with translation.override("ar"):
        kind = check_upload(data, name)
    from silah.registry.import_tasks import read_batch_task

    with transaction.atomic():
        batch = ImportBatch(
            original_name=(name or "import")[-255:],
            kind=kind,
            size=len(data),
            uploaded_by=actor,
            branch=branch,
            default_channel=default_channel,
        )
        batch.file.save(f"import.{kind}", ContentFile(data), save=False)
        batch.save()
        transaction.on_commit(lambda: read_batch_task.enqueue(batch.pk))
    return batch


def _table(batch: ImportBatch) -> Table:
    with batch.file.open("rb") as handle:
        data = handle.read()
    return read_table(data, max_rows=max_rows())


def _fail(batch: ImportBatch, message: str) -> None:
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, error=message)


def read_batch(batch: ImportBatch) -> ImportBatch:
    """Find the header row, guess the mapping; the batch then waits for the user's mapping."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.READING)
    try:
        with translation.override("ar"):
            table = _table(batch)
    except DomainError as error:
        _fail(batch, error.message)
        batch.refresh_from_db()
        return batch
    mapping = guess_mapping(table.headers)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.MAPPING,
        headers=table.headers,
        header_row=table.header_row,
        mapping={str(index): field for index, field in mapping.items()},
        total_rows=len(table.rows),
        error="",
    )
    batch.refresh_from_db()
    return batch


def clean_mapping(mapping: dict[int, str]) -> dict[int, str]:
    """The mapping if usable: known fields, each once, and a name; a DomainError otherwise."""
    with translation.override("ar"):
        chosen = {index: field for index, field in mapping.items() if field}
        unknown = [field for field in chosen.values() if field not in IMPORT_FIELDS]
        if unknown:
            raise DomainError(_("اختر لكل عمود حقلًا من القائمة."), field="mapping")
        fields = list(chosen.values())
        twice = sorted({str(IMPORT_FIELDS[f]) for f in fields if fields.count(f) > 1})
        if twice:
            raise DomainError(
                _("ربطتَ أكثر من عمود بالحقل نفسه: %(fields)s.") % {"fields": "، ".join(twice)},
                field="mapping",
            )
        has_name = "full_name" in fields or {"first_name", "family_name"} <= set(fields)
        if not has_name:
            raise DomainError(
                _("اربط عمود الاسم الكامل، أو عمودي الاسم الأول واسم العائلة على الأقل."),
                field="mapping",
            )
        if "relationship" in fields and "household" not in fields:
            raise DomainError(
                _("ربطتَ صلة القرابة دون عمود الأسرة الذي يجمع أفرادها."), field="mapping"
            )
        return chosen


def set_mapping(batch: ImportBatch, *, actor: AbstractBaseUser, mapping: dict[int, str]) -> None:
    """Save the user's mapping and have the worker check every row (the preview)."""
    _require(actor)
    chosen = clean_mapping(mapping)
    from silah.registry.import_tasks import preview_batch_task

    with transaction.atomic():
        updated = ImportBatch.objects.filter(
            pk=batch.pk,
            status__in=[ImportBatch.Status.MAPPING, ImportBatch.Status.PREVIEWED],
        ).update(
            mapping={str(index): field for index, field in chosen.items()},
            status=ImportBatch.Status.PREVIEWING,
            progress_done=0,
            progress_total=batch.total_rows,
            error="",
        )
        if not updated:
            raise DomainError(_("لا يمكن تغيير ربط الأعمدة في هذه المرحلة."), field="mapping")
        transaction.on_commit(lambda: preview_batch_task.enqueue(batch.pk))
    batch.refresh_from_db()


def _options(batch: ImportBatch) -> ImportOptions:
    return ImportOptions(
        branch=batch.branch, file_label=batch.original_name, default_channel=batch.default_channel
    )


def _mapping(batch: ImportBatch) -> dict[int, str]:
    return {int(index): field for index, field in batch.mapping.items()}


def _progress(batch_id: int) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(progress_done=done, progress_total=total)

    return report


class _SideProgress:
    """Progress written from inside the import's transaction through a second connection, so
    that the progress bar moves (PostgreSQL only: SQLite has one writer at a time)."""

    def __init__(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.side = None
        if connection.vendor == "postgresql":
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, done: int, total: int) -> None:
        if self.side is None:
            return
        with self.side.cursor() as cursor:
            cursor.execute(
                "UPDATE registry_importbatch SET progress_done = %s, progress_total = %s "
                "WHERE id = %s",
                [done, total, self.batch_id],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def store_outcomes(batch: ImportBatch, analysis: Analysis) -> None:
    """Replace the batch's per-row results and counts by those of `analysis`."""
    counts = analysis.counts
    with transaction.atomic():
        ImportRow.objects.filter(batch=batch).delete()
        rows = [
            ImportRow(
                batch=batch,
                row=outcome.row,
                status=outcome.status,
                errors=[{"column": i.column, "message": i.message} for i in outcome.errors],
                duplicate_of_row=outcome.duplicate_of_row,
                duplicate_of_file=outcome.duplicate_of_file,
                candidates=outcome.candidates,
                beneficiary_id=outcome.beneficiary_id,
                file_number=outcome.file_number,
            )
            for outcome in analysis.outcomes
        ]
        import_bulk.insert(ImportRow, rows)
        ImportBatch.objects.filter(pk=batch.pk).update(
            total_rows=len(analysis.outcomes),
            ok_rows=counts["ok"],
            error_rows=counts["error"],
            duplicate_rows=counts["duplicate"],
            possible_duplicate_rows=counts["possible_duplicate"],
        )


def preview_batch(batch: ImportBatch) -> Analysis | None:
    """Check every row against the registry; store each row's outcome. Nothing is imported."""
    try:
        with translation.override("ar"):
            table = _table(batch)
    except DomainError as error:
        _fail(batch, error.message)
        return None
    ImportBatch.objects.filter(pk=batch.pk).update(progress_done=0, progress_total=len(table.rows))
    analysis = analyse(table, _mapping(batch), _options(batch), progress=_progress(batch.pk))
    store_outcomes(batch, analysis)
    _keep_analysis(batch, analysis)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.PREVIEWED, previewed_at=timezone.now()
    )
    return analysis


# The preview's checked rows are kept beside the uploaded sheet (same private folder, same
# lifetime) so that the import does not check 100,000 rows a second time; what other staff
# may have changed meanwhile (identity numbers registered, household memberships) is checked
# again inside the import's transaction. A preview older than this is redone.
PREVIEW_FRESH_FOR = dt.timedelta(hours=12)


def _analysis_name(batch: ImportBatch) -> str:
    return f"{batch.file.name}.preview"


def _keep_analysis(batch: ImportBatch, analysis: Analysis) -> None:
    from django.core.files.storage import default_storage

    name = _analysis_name(batch)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pickle.dumps(analysis, protocol=5)))


def _kept_analysis(batch: ImportBatch) -> Analysis | None:
    from django.core.files.storage import default_storage

    name = _analysis_name(batch)
    fresh = batch.previewed_at and timezone.now() - batch.previewed_at < PREVIEW_FRESH_FOR
    if not batch.file or not fresh or not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        analysis = pickle.loads(handle.read())  # noqa: S301 - written by preview_batch only
    return analysis if isinstance(analysis, Analysis) else None


def start_import(batch: ImportBatch, *, actor: AbstractBaseUser, mode: str) -> None:
    """The user's explicit choice: import all rows, or the valid rows only. Runs on the worker."""
    _require(actor)
    with translation.override("ar"):
        if mode not in (MODE_ALL, MODE_VALID_ONLY):
            raise DomainError(_("اختر ما يُستورد."), field="mode")
        if mode == MODE_ALL and batch.error_rows:
            raise DomainError(
                _(
                    "في الملف أسطر بها أخطاء: صحّحها وارفع الملف من جديد، أو استورد الأسطر السليمة فقط."
                ),
                field="mode",
            )
        from silah.registry.import_tasks import import_batch_task

        with transaction.atomic():
            claimed = ImportBatch.objects.filter(
                pk=batch.pk, status=ImportBatch.Status.PREVIEWED
            ).update(
                status=ImportBatch.Status.IMPORTING,
                mode=mode,
                imported_by=actor,
                progress_done=0,
                progress_total=batch.total_rows,
                error="",
            )
            if not claimed:
                raise DomainError(_("هذه الدفعة ليست جاهزة للاستيراد."), field="mode")
            transaction.on_commit(lambda: import_batch_task.enqueue(batch.pk))
    batch.refresh_from_db()


def run_import(batch: ImportBatch, *, table: Table | None = None) -> Analysis | None:
    """Check every row again (the registry may have changed) and import, in one transaction."""
    actor = batch.imported_by
    analysis = None if table is not None else _kept_analysis(batch)
    if analysis is None:
        with translation.override("ar"):
            try:
                table = table or _table(batch)
            except DomainError as error:
                _fail(batch, error.message)
                return None
        analysis = analyse(table, _mapping(batch), _options(batch), progress=_progress(batch.pk))
    side = _SideProgress(batch.pk)
    try:
        write(analysis, _options(batch), actor=actor, mode=batch.mode or MODE_ALL, progress=side)
    except RowsHaveErrors as error:
        store_outcomes(batch, analysis)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.PREVIEWED, error=error.message, previewed_at=timezone.now()
        )
        return analysis
    finally:
        side.close()
    store_outcomes(batch, analysis)
    imported = sum(1 for outcome in analysis.outcomes if outcome.file_number)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.IMPORTED,
        imported_rows=imported,
        households_created=importing.households_created(analysis),
        imported_at=timezone.now(),
        progress_done=len(analysis.outcomes),
        progress_total=len(analysis.outcomes),
    )
    discard_file(batch)
    return analysis


def cancel(batch: ImportBatch, *, actor: AbstractBaseUser) -> None:
    """Give up a batch that was not imported: its uploaded sheet is deleted."""
    _require(actor)
    updated = ImportBatch.objects.filter(
        pk=batch.pk,
        status__in=[
            ImportBatch.Status.MAPPING,
            ImportBatch.Status.PREVIEWED,
            ImportBatch.Status.FAILED,
        ],
    ).update(status=ImportBatch.Status.CANCELLED)
    if not updated:
        with translation.override("ar"):
            raise DomainError(_("لا يمكن إلغاء هذه الدفعة الآن."), field="batch")
    discard_file(batch)


def discard_file(batch: ImportBatch) -> None:
    """Delete the uploaded sheet and its preview (they hold everyone's personal data)."""
    from django.core.files.storage import default_storage

    if batch.file:
        if default_storage.exists(_analysis_name(batch)):
            default_storage.delete(_analysis_name(batch))
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")


def run_task_safely(batch_id: int, work: Callable[[ImportBatch], Any]) -> None:
    """Run a batch's step on the worker; an unexpected error fails the batch, visibly."""
    batch = ImportBatch.objects.select_related("branch", "imported_by").filter(pk=batch_id).first()
    if batch is None:
        return
    try:
        work(batch)
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        with translation.override("ar"):
            _fail(batch, _("حدث خطأ غير متوقع أثناء المعالجة، ولم يُستورد شيء. أعد المحاولة."))
