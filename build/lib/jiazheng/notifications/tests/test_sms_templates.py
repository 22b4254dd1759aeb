import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from jiazheng.notifications import sms_templates


def test_render_fills_the_placeholders():
    text = sms_templates.render("verification_code", code="654321")

    assert text == "您的验证码是654321，5分钟内有效。"


def test_render_uses_the_site_language_whatever_the_active_one(settings):
    with translation.override("en"):
        text = sms_templates.render("verification_code", code="1")

    assert text.startswith("您的验证码是1")


def test_register_template_makes_a_new_text_available():
    sms_templates.register_template("test_greeting", _("{name}您好，欢迎使用。"))

    assert sms_templates.render("test_greeting", name="张三") == "张三您好，欢迎使用。"
    assert sms_templates.placeholders("test_greeting") == {"name"}


def test_render_refuses_to_leave_a_placeholder_empty():
    with pytest.raises(KeyError, match="code"):
        sms_templates.render("verification_code")
