"""Uploaded files: checked by content, stored privately, served after a check.

Private files (ID card scans, licences, certificates) live in the "private"
storage, which is never under MEDIA_URL; a view checks permissions, then
hands the file to ``serve_private_file``.
"""

import os
import re
import uuid

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db.models import FileField
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image

# What a kind of upload may be, as the extensions filetype reports.
KINDS = {
    "pdf": {"pdf"},
    "image": {"jpg", "png", "webp"},
}
KIND_NAMES = {"pdf": _("PDF 文件"), "image": _("JPG、PNG 或 WebP 图片")}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# filetype needs the first 261 bytes to recognise any type it knows.
HEAD_BYTES = 8192
SAFE_EXTENSION_RE = re.compile(r"^[a-z0-9]{1,8}$")


def detect_extension(file):
    """Return the extension of the file's real type ("pdf", "jpg", ...) or None.

    Reads the first bytes and puts the file back where it was.
    """
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(position)
    kind = filetype.guess(bytes(head)) if head else None
    return kind.extension if kind else None


def validate_upload(file, *, kinds=("pdf", "image"), max_bytes=None):
    """Check an upload's size and real type; return its extension.

    The type comes from the content, never from the name or the browser's
    content type. Images are also opened with Pillow to refuse broken or
    disguised files. Raises ValidationError with code "file_empty",
    "file_too_large" or "file_type_not_allowed".
    """
    unknown = set(kinds) - KINDS.keys()
    if unknown:
        raise ValueError(f"unknown upload kinds: {', '.join(sorted(unknown))}")
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES

    size = file.size
    if not size:
        raise ValidationError(_("文件是空的，请重新选择。"), code="file_empty")
    if size > max_bytes:
        raise ValidationError(
            _("文件不能超过 %(limit)s MB。"),
            code="file_too_large",
            params={"limit": _megabytes(max_bytes)},
        )

    extension = detect_extension(file)
    allowed = set().union(*(KINDS[kind] for kind in kinds))
    if extension not in allowed:
        raise ValidationError(
            _("不支持此文件类型，请上传%(kinds)s。"),
            code="file_type_not_allowed",
            params={
                # Translators: the separator between file kinds in a list.
                "kinds": str(_("、")).join(str(KIND_NAMES[kind]) for kind in kinds)
            },
        )
    if extension in PILLOW_FORMATS:
        _verify_image(file, PILLOW_FORMATS[extension])
    return extension


def _verify_image(file, expected_format):
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception:
        # Pillow raises many kinds of errors for broken files (and
        # DecompressionBombError for absurd sizes); all mean "not an image".
        image_format = None
    finally:
        file.seek(0)
    if image_format != expected_format:
        raise ValidationError(
            _("图片文件已损坏或无法识别，请重新上传。"),
            code="file_type_not_allowed",
        )


def _megabytes(size):
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f}" if megabytes.is_integer() else f"{megabytes:.1f}"


class PrivateStorage(Storage):
    """Pass every call to ``storages["private"]``, looked up each time.

    Model fields keep their storage object for the life of the process; going
    through the lookup lets settings changes (in tests, or a reconfigured
    STORAGES) reach them.
    """

    @property
    def backend(self):
        return storages["private"]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def url(self, name):
        return self.backend.url(name)

    def path(self, name):
        return self.backend.path(name)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


_private_storage = PrivateStorage()


def private_storage():
    """Return the private storage; use as ``FileField(storage=private_storage)``."""
    return _private_storage


@deconstructible
class RandomUploadTo:
    """Name uploads ``<prefix>/<yyyy>/<mm>/<random hex>.<ext>``.

    The person's file name never reaches the storage (it may hold personal
    data and odd characters). The extension comes from the content when the
    type is recognised, else from the name when it is plain, else "bin".
    """

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __eq__(self, other):
        return isinstance(other, RandomUploadTo) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)

    def __call__(self, instance, filename):
        extension = self._content_extension(instance, filename)
        if extension is None:
            extension = os.path.splitext(filename)[1].lstrip(".").lower()
            extension = {"jpeg": "jpg"}.get(extension, extension)
            if not SAFE_EXTENSION_RE.match(extension):
                extension = "bin"
        now = timezone.localtime()
        return f"{self.prefix}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{extension}"

    def _content_extension(self, instance, filename):
        for field in instance._meta.get_fields():
            if not isinstance(field, FileField) or field.upload_to != self:
                continue
            fieldfile = getattr(instance, field.attname)
            if fieldfile and not fieldfile._committed and fieldfile.name == filename:
                return detect_extension(fieldfile.file)
        return None


def serve_private_file(fieldfile, *, download_name=None, as_attachment=False):
    """Return a FileResponse for a stored file; the caller checks permission.

    PDFs and images are shown inline unless ``as_attachment``; anything else
    is always a download. The response is never cached and never sniffed.
    """
    if not fieldfile:
        raise Http404("no file")
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("file missing from storage") from None

    extension = detect_extension(handle)
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    if extension not in CONTENT_TYPES:
        as_attachment = True
    if download_name is None:
        download_name = os.path.basename(fieldfile.name)

    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=download_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
