"""What the import holds for a person: the outcome of the sheet row their file came from."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from silah.registry import holders
from silah.registry.models import ImportRow


def _merge(survivor: Any, merged: Any) -> None:
    ImportRow.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def _export(beneficiary: Any) -> list[dict[str, Any]]:
    return [
        {
            "batch": row.batch_id,
            "file": row.batch.original_name,
            "row": row.row,
            "imported_at": row.batch.imported_at,
        }
        for row in ImportRow.objects.filter(beneficiary=beneficiary).select_related("batch")
    ]


def _destroy(beneficiary: Any) -> None:
    ImportRow.objects.filter(beneficiary=beneficiary).delete()


def register() -> None:
    holders.register(
        holders.Holder(
            key="registry.import_rows",
            label=_("مصدر الاستيراد"),
            order=90,
            merge=_merge,
            export=_export,
            destroy=_destroy,
        )
    )
