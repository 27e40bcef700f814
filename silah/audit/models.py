"""The read log: who opened which confidential record, when, and how.

Change history (who changed what, old → new) is django-simple-history's, configured by
`silah.audit.history.audited()`; this module holds only what Silah adds: reads.

A row names the record by content type and id, never by a personal value: no names, no
identity numbers, no addresses, no IP address. Rows are written once and never changed.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VIEW_AUDIT_PERMISSION = "audit.view_audit"
VIEW_SENSITIVE_CHANGES_PERMISSION = "audit.view_sensitive_changes"

# Labels for the common "what was read" codes; apps add theirs with register_read_label().
_READ_LABELS: dict[str, str | Promise] = {
    "file": _("الملف"),
    "documents": _("الوثائق"),
    "contact": _("بيانات التواصل"),
    "export": _("تصدير"),
    "print": _("طباعة"),
}


def register_read_label(code: str, label: str | Promise) -> None:
    """Give a "what was read" code its label on the audit page (call in AppConfig.ready)."""
    _READ_LABELS[code] = label


def read_label(code: str) -> str | Promise:
    return _READ_LABELS.get(code, code)


class AppendOnlyError(Exception):
    """A row of the read log was about to be changed or deleted."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("The read log is append-only: its rows are never updated.")


class AccessLog(models.Model):
    """One read of a confidential record by a member of staff."""

    class Channel(models.TextChoices):
        PAGE = "page", _("صفحة")
        EXPORT = "export", _("تصدير")
        PRINT = "print", _("طباعة")
        API = "api", _("واجهة برمجية")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("المستخدم"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    at = models.DateTimeField(_("الوقت"), default=timezone.now, db_index=True, editable=False)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("نوع السجل"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    object_id = models.CharField(_("رقم السجل"), max_length=64, editable=False)
    what = models.CharField(_("ما اطُّلع عليه"), max_length=40, editable=False)
    channel = models.CharField(
        _("طريقة الاطلاع"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.PAGE,
        editable=False,
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("اطلاع على سجل")
        verbose_name_plural = _("سجل الاطلاع")
        ordering = ["-at", "-id"]
        default_permissions = ()
        permissions = [
            ("view_audit", _("الاطلاع على سجل التغييرات وسجل الاطلاع")),
            ("view_sensitive_changes", _("رؤية القيم الحساسة في سجل التغييرات")),
        ]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "at"], name="audit_read_record_at_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} @ {self.at:%Y-%m-%d %H:%M}"

    def save(self, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The read log is append-only: its rows are never updated.")
        # Always INSERT: a row built with the id of an existing one must fail, not overwrite it.
        kwargs["force_insert"] = True
        super().save(**kwargs)

    def delete(self, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The read log is append-only: its rows are never deleted.")

    @property
    def what_label(self) -> str | Promise:
        return read_label(self.what)
