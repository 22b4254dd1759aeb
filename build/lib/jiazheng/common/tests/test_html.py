import pytest
from django.core.exceptions import ValidationError

from jiazheng.common.html import clean_rich_text, reject_markup


def test_clean_rich_text_keeps_the_allowed_formatting():
    html = (
        "<h3>标题</h3><p><strong>重要</strong>与<em>强调</em></p><ul><li>一</li></ul>"
    )

    assert clean_rich_text(html) == html


def test_clean_rich_text_removes_scripts_and_event_handlers():
    cleaned = clean_rich_text(
        '<p onclick="steal()">你好<script>alert(1)</script></p><img src=x onerror=1>'
    )

    assert cleaned == "<p>你好</p>"


def test_clean_rich_text_makes_links_safe():
    cleaned = clean_rich_text(
        '<a href="https://example.com" target="_blank" style="x">链接</a>'
        '<a href="javascript:alert(1)">坏</a>'
    )

    assert cleaned == (
        '<a href="https://example.com" rel="noopener noreferrer">链接</a>'
        '<a rel="noopener noreferrer">坏</a>'
    )


def test_clean_rich_text_accepts_empty_input():
    assert clean_rich_text(None) == ""


@pytest.mark.parametrize(
    "value", ["<b>粗体</b>", "你好<script>", "</p>", "<!-- x -->", "< a href=x>"]
)
def test_reject_markup_refuses_tags(value):
    with pytest.raises(ValidationError) as error:
        reject_markup(value)
    assert error.value.code == "html_not_allowed"


@pytest.mark.parametrize("value", ["面积 < 100 平方米", "a<3", "3 > 2", "", None])
def test_reject_markup_accepts_plain_text_with_angle_brackets(value):
    reject_markup(value)
