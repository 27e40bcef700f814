"""Rows the worker keeps: when each periodic job runs next, and worker checks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """When a periodic job is due next. Claimed by compare-and-set on `next_run_at`."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_worker = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("مهمة دورية")
        verbose_name_plural = _("المهام الدورية")

    def __str__(self) -> str:
        return self.name


class WorkerPing(models.Model):
    """A check that the background worker runs: enqueued from a page, done by the worker."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("فحص العامل الخلفي")
        verbose_name_plural = _("فحوص العامل الخلفي")

    def __str__(self) -> str:
        return f"ping {self.pk}"
