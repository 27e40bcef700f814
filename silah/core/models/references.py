from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferenceSequence(models.Model):
    """The last number given for a kind of record in a Hijri year."""

    prefix = models.CharField(max_length=10)
    hijri_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("تسلسل الأرقام المرجعية")
        verbose_name_plural = _("تسلسلات الأرقام المرجعية")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "hijri_year"], name="core_reference_prefix_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.hijri_year}: {self.last}"
