"""Bytes of real files and a private storage folder, for the documents' tests."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from silah.registry.models import DocumentType

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"
)


def image_bytes(kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def doc_type(code: str) -> DocumentType:
    """A type seeded by migration 0003 (created again after a flush)."""
    from importlib import import_module

    rows = import_module("silah.registry.migrations.0003_consent_documents_attestation")
    for row_code, name, name_en, expires, sensitive, order in rows.DOCUMENT_TYPES:
        if row_code == code:
            return DocumentType.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "expires": expires,
                    "sensitive": sensitive,
                    "order": order,
                },
            )[0]
    raise ValueError(code)


@pytest.fixture
def private_media(settings, tmp_path):
    settings.SILAH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.SILAH_PRIVATE_MEDIA_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
