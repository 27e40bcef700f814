"""Writing the audit trail: the read log.

Change history is written by django-simple-history on every save of an audited model; the
only write Silah makes itself is a read: `log_read()`, called by a view that shows a
confidential record.
"""

import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from silah.audit.models import AccessLog

_CODE = re.compile(r"[a-z][a-z0-9_-]{0,39}")


def log_read(
    user: AbstractBaseUser,
    obj: models.Model,
    *,
    what: str = "file",
    channel: str = AccessLog.Channel.PAGE,
) -> AccessLog:
    """Record that `user` read `what` of `obj` through `channel` (page, export, print, api).

    `what` is a short code ("file", "documents", "export"...), never a value from the
    record. Only ids are stored: the reader, the record's kind and id, the time.
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        raise ValueError("Only a signed-in member of staff can be logged as a reader.")
    if obj.pk is None:
        raise ValueError("An unsaved object cannot be read.")
    if not _CODE.fullmatch(what):
        raise ValueError(f"`what` must be a short lowercase code, not {what!r}.")
    if channel not in AccessLog.Channel.values:
        raise ValueError(f"`channel` must be one of {AccessLog.Channel.values}, not {channel!r}.")
    return AccessLog.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        what=what,
        channel=channel,
    )
