from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiazheng.notifications.models import SmsMessage


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """The outbox, read-only: messages change only through delivery."""

    list_display = ["created_at", "masked_phone", "template", "status", "attempts"]
    list_filter = ["status", "template"]
    date_hierarchy = "created_at"
    exclude = ["phone"]
    readonly_fields = [
        "masked_phone",
        "template",
        "params",
        "body",
        "status",
        "attempts",
        "provider_message_id",
        "last_error",
        "sent_at",
        "next_attempt_at",
        "created_at",
    ]

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
