"""The private storage of beneficiaries' documents (`SILAH_PRIVATE_MEDIA_ROOT`).

Outside MEDIA_ROOT and the static folders, with no URL: files are served only by the view
that checks who asks. The folder is read from the settings at each use, so a test (or an
operator) can move it without restarting anything that imported the models.
"""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage

EXTENSIONS = {".pdf", ".jpg", ".png", ".heic"}


class PrivateStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.SILAH_PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        import os

        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Documents have no URL: they are served by the registry's view.")


def private_storage() -> PrivateStorage:
    return PrivateStorage()


def random_path(filename: str) -> str:
    """A random path for a stored file; only a known extension of `filename` is kept (the
    caller names it from the sniffed content, never from the upload)."""
    extension = ""
    if "." in filename:
        candidate = "." + filename.rsplit(".", 1)[1].lower()
        if candidate in EXTENSIONS:
            extension = candidate
    name = uuid.uuid4().hex
    return f"documents/{name[:2]}/{name}{extension}"
