"""The work order on paper: one A4 page as HTML, and the same page as a PDF.

The PDF is made by WeasyPrint, which needs the system's Pango and a font with
Chinese glyphs (Debian: ``fonts-wqy-microhei``). Without either, the PDF
would show empty boxes or fail, so ``pdf_problem()`` says what is missing
and the page explains how to install it instead.
"""

import functools
import importlib
import importlib.util
import shutil
import subprocess

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

CJK_FONT_FAMILIES = ("WenQuanYi", "Noto Sans CJK", "Noto Serif CJK", "Source Han")
TEMPLATE = "bookings/dispatch/work_order_sheet.html"


@functools.cache
def has_cjk_font():
    """Tell whether fontconfig knows a font with Chinese glyphs (read once)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        listing = subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(family.lower() in listing.lower() for family in CJK_FONT_FAMILIES)


@functools.cache
def _weasyprint():
    """Return the weasyprint module, or None when it or Pango is missing.

    Loaded on first use: importing it costs over a second, which every
    process would otherwise pay at start-up for a page few people open.
    """
    if importlib.util.find_spec("weasyprint") is None:
        return None
    try:
        return importlib.import_module("weasyprint")
    except OSError:
        # Installed, but the system's Pango libraries are not.
        return None


def pdf_problem():
    """Return what stops making a PDF (a sentence), or None when nothing does."""
    if _weasyprint() is None:
        return _(
            "服务器未安装 WeasyPrint 或其依赖的 Pango 库。请执行 "
            "“apt-get install libpango-1.0-0 libpangoft2-1.0-0” 并在虚拟环境中"
            "执行 “pip install weasyprint”。"
        )
    if not has_cjk_font():
        return _(
            "服务器缺少中文字体，生成的 PDF 将无法显示汉字。请执行 "
            "“apt-get install fonts-wqy-microhei”（或 fonts-noto-cjk）后重试。"
        )
    return None


def sheet_html(work_order, *, request=None, for_pdf=False):
    return render_to_string(
        TEMPLATE, {"work_order": work_order, "for_pdf": for_pdf}, request=request
    )


def sheet_pdf(work_order, *, request=None):
    """Return the PDF bytes of the work order (call pdf_problem() first)."""
    html = sheet_html(work_order, request=request, for_pdf=True)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return _weasyprint().HTML(string=html, base_url=base_url).write_pdf()
