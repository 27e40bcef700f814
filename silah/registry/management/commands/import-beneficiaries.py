"""`silah import-beneficiaries FILE [--dry-run] [--valid-only] [--report OUT.csv] [--as USER]`.

Checks every row of an Excel or CSV sheet as the import screen does and writes the report
(row,status,column,message,duplicate_of,file_number) to OUT or standard output. Without
--dry-run it imports every row in one transaction, or none if any row has an error (unless
--valid-only). Exits 1 when any row has an error, 2 when the file cannot be read.
"""

import csv
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from silah.accounts.models import Branch
from silah.core.errors import DomainError
from silah.registry import import_services
from silah.registry.import_parse import guess_mapping, read_table
from silah.registry.importing import (
    MODE_ALL,
    MODE_VALID_ONLY,
    REPORT_COLUMNS,
    ImportOptions,
    analyse,
    check_permissions,
    report_rows,
)
from silah.registry.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import beneficiaries and households from an Excel (.xlsx/.xls/.ods) or CSV file, or "
        "with --dry-run only check it; writes a CSV report of every row."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the sheet to import")
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="import the rows without errors even if other rows have errors",
        )
        parser.add_argument(
            "--report", metavar="OUT.csv", help="write the report here (default: stdout)"
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help=(
                "the member of staff the import is recorded under (needs the import "
                "permission); default: the only active superuser"
            ),
        )
        parser.add_argument(
            "--branch",
            metavar="NAME",
            help="branch for rows without a branch column (default: the acting user's only "
            "branch, else the only active branch)",
        )

    def handle(self, *args, **options) -> None:
        translation.activate("ar")
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        actor = self._actor(options["username"])
        branch = self._branch(options["branch"], actor)
        try:
            import_services.check_upload(data, path.name)
            table = read_table(data, max_rows=import_services.max_rows())
        except DomainError as error:
            self.stderr.write(error.message)
            sys.exit(2)
        mapping = guess_mapping(table.headers)
        try:
            import_services.clean_mapping(mapping)
        except DomainError as error:
            self.stderr.write(error.message)
            sys.exit(2)
        opts = ImportOptions(branch=branch, file_label=path.name)
        mode = MODE_VALID_ONLY if options["valid_only"] else MODE_ALL
        if options["dry_run"]:
            analysis = analyse(table, mapping, opts)
        else:
            analysis = self._import(data, path.name, table, mapping, actor, branch, mode)
        self._report(analysis.outcomes, options["report"])
        counts = analysis.counts
        imported = sum(1 for outcome in analysis.outcomes if outcome.file_number)
        self.stderr.write(
            f"rows: {len(analysis.outcomes)}; ok: {counts['ok']}; error: {counts['error']}; "
            f"duplicate: {counts['duplicate']}; possible_duplicate: {counts['possible_duplicate']}; "
            f"imported: {imported}"
        )
        if analysis.has_errors:
            sys.exit(1)

    def _import(self, data, name, table, mapping, actor, branch, mode):
        try:
            check_permissions(actor, households=True)
        except PermissionDenied:
            raise CommandError(f"{actor.get_username()} may not import beneficiaries") from None
        batch = ImportBatch(
            original_name=name[-255:],
            kind=table.kind,
            size=len(data),
            uploaded_by=actor,
            imported_by=actor,
            branch=branch,
            headers=table.headers,
            header_row=table.header_row,
            mapping={str(index): field for index, field in mapping.items()},
            status=ImportBatch.Status.IMPORTING,
            mode=mode,
            total_rows=len(table.rows),
            previewed_at=timezone.now(),
        )
        batch.file.save(f"import.{table.kind}", ContentFile(data), save=False)
        batch.save()
        return import_services.run_import(batch, table=table)

    def _report(self, outcomes, out: str | None) -> None:
        if out:
            with open(out, "w", encoding="utf-8-sig", newline="") as handle:
                self._write(handle, outcomes)
        else:
            self._write(self.stdout, outcomes)

    @staticmethod
    def _write(handle, outcomes) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(REPORT_COLUMNS)
        writer.writerows(report_rows(outcomes))

    @staticmethod
    def _actor(username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"no active user {username!r}")
            return actor
        superusers = list(users.filter(is_superuser=True)[:2])
        if len(superusers) != 1:
            raise CommandError("say who imports: --as USERNAME")
        return superusers[0]

    @staticmethod
    def _branch(name: str | None, actor) -> Branch:
        branches = Branch.objects.filter(is_active=True)
        if name:
            branch = branches.filter(name=name).first() or branches.filter(name_en=name).first()
            if branch is None:
                raise CommandError(f"no active branch {name!r}")
            return branch
        mine = list(actor.branches.filter(is_active=True)[:2]) if hasattr(actor, "branches") else []
        if len(mine) == 1:
            return mine[0]
        every = list(branches[:2])
        if len(every) == 1:
            return every[0]
        raise CommandError("say which branch rows without a branch column go to: --branch NAME")
