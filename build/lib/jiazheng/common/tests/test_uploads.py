import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.http import Http404
from PIL import Image

from jiazheng.common.uploads import (
    RandomUploadTo,
    private_storage,
    serve_private_file,
    validate_upload,
)

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "red").save(buffer, format=image_format)
    return buffer.getvalue()


def upload(content, name="file.bin", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class Attachment(models.Model):
    """A model used only to exercise the upload helpers (no table)."""

    scan = models.FileField(upload_to=RandomUploadTo("scans"), storage=private_storage)

    class Meta:
        app_label = "common"
        managed = False

    def __str__(self):
        return self.scan.name


@pytest.mark.parametrize(
    ("content", "extension"),
    [
        (PDF, "pdf"),
        (image_bytes("JPEG"), "jpg"),
        (image_bytes("PNG"), "png"),
        (image_bytes("WEBP"), "webp"),
    ],
)
def test_validate_upload_accepts_pdfs_and_images_by_their_content(content, extension):
    # the name and the browser's content type say nothing true
    assert validate_upload(upload(content, name="scan.txt")) == extension


def test_validate_upload_refuses_a_disguised_file():
    script = upload(
        b"<script>alert(1)</script>", name="photo.jpg", content_type="image/jpeg"
    )

    with pytest.raises(ValidationError) as error:
        validate_upload(script)

    assert error.value.code == "file_type_not_allowed"
    assert "PDF" in error.value.messages[0]


def test_validate_upload_refuses_a_truncated_image():
    broken = image_bytes("PNG")[:40]

    with pytest.raises(ValidationError) as error:
        validate_upload(upload(broken, name="a.png"))

    assert error.value.code == "file_type_not_allowed"


def test_validate_upload_refuses_a_pdf_where_only_images_are_allowed():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(PDF), kinds=("image",))

    assert error.value.code == "file_type_not_allowed"


def test_validate_upload_refuses_an_empty_file():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(b""))

    assert error.value.code == "file_empty"


def test_validate_upload_refuses_a_file_over_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)

    with pytest.raises(ValidationError) as error:
        validate_upload(upload(big))

    assert error.value.code == "file_too_large"
    assert "1 MB" in error.value.messages[0]


def test_validate_upload_honours_a_smaller_limit_per_call():
    with pytest.raises(ValidationError):
        validate_upload(upload(PDF), max_bytes=10)


def test_validate_upload_leaves_the_file_ready_to_be_read_again():
    uploaded = upload(image_bytes("PNG"))

    validate_upload(uploaded)

    assert uploaded.read(8) == b"\x89PNG\r\n\x1a\n"


def test_random_upload_to_names_by_date_and_random_hex_with_the_real_extension():
    attachment = Attachment(scan=upload(image_bytes("PNG"), name="张三 身份证.JPG"))

    name = attachment.scan.field.generate_filename(attachment, attachment.scan.name)

    assert re.fullmatch(r"scans/\d{4}/\d{2}/[0-9a-f]{32}\.png", name)


def test_random_upload_to_falls_back_to_a_safe_extension_from_the_name():
    upload_to = RandomUploadTo("docs")

    assert upload_to(Attachment(), "Report.JPEG").endswith(".jpg")
    assert upload_to(Attachment(), "x.p h/p").endswith(".bin")
    assert upload_to(Attachment(), "no-extension").endswith(".bin")


def test_random_upload_to_survives_migrations_as_a_deconstructed_value():
    path, args, kwargs = RandomUploadTo("scans").deconstruct()

    assert path == "jiazheng.common.uploads.RandomUploadTo"
    assert args == ("scans",)
    assert RandomUploadTo(*args, **kwargs) == RandomUploadTo("scans")


def test_private_files_go_to_the_private_storage_not_media(settings, tmp_path):
    attachment = Attachment()

    attachment.scan.save("a.pdf", ContentFile(PDF), save=False)

    assert (tmp_path / "private" / attachment.scan.name).read_bytes() == PDF
    assert not (tmp_path / "media").exists()


def test_serve_private_file_sends_an_inline_pdf_that_is_never_cached():
    attachment = Attachment()
    attachment.scan.save("a.pdf", ContentFile(PDF), save=False)

    response = serve_private_file(attachment.scan, download_name="营业执照.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "inline; filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF


def test_serve_private_file_can_force_a_download():
    attachment = Attachment()
    attachment.scan.save("a.png", ContentFile(image_bytes("PNG")), save=False)

    response = serve_private_file(
        attachment.scan, download_name="photo.png", as_attachment=True
    )

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="photo.png"'


def test_serve_private_file_downloads_an_unknown_type_rather_than_showing_it():
    attachment = Attachment()
    attachment.scan.save("a.html", ContentFile(b"<html><script></script>"), save=False)

    response = serve_private_file(attachment.scan)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


def test_serve_private_file_answers_404_for_a_missing_file():
    attachment = Attachment(scan="scans/2026/01/gone.pdf")

    with pytest.raises(Http404):
        serve_private_file(attachment.scan)

    with pytest.raises(Http404):
        serve_private_file(Attachment().scan)
