from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Branch(models.Model):
    """A branch or an office of the association, where staff work and requests arrive."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("المقر الرئيسي")
        BRANCH = "branch", _("فرع")
        OFFICE = "office", _("مكتب")

    name = models.CharField(_("الاسم"), max_length=120, unique=True)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=120, blank=True)
    kind = models.CharField(_("النوع"), max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    city = models.CharField(_("المدينة"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("يتبع"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    is_active = models.BooleanField(_("نشط"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("فرع أو مكتب")
        verbose_name_plural = _("الفروع والمكاتب")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of the association's staff."""

    email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    branches = models.ManyToManyField(
        Branch, verbose_name=_("الفروع"), blank=True, related_name="staff"
    )

    class Meta:
        verbose_name = _("موظف")
        verbose_name_plural = _("الموظفون")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("هذا البريد الإلكتروني مستخدم لموظف آخر."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
