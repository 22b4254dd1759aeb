from django.contrib import admin

from jiazheng.bookings.models import InboundSms


@admin.register(InboundSms)
class InboundSmsAdmin(admin.ModelAdmin):
    list_display = ["message_id", "received_at", "outcome", "booking"]
    list_filter = ["outcome"]
    search_fields = ["message_id"]
    readonly_fields = [
        "message_id",
        "phone",
        "text",
        "received_at",
        "booking",
        "reply_text",
        "outcome",
    ]
