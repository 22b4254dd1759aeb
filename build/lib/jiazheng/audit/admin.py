from django.contrib import admin

from jiazheng.audit.models import SystemLogEntry


@admin.register(SystemLogEntry)
class SystemLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and the application never edits it."""

    list_display = [
        "created_at",
        "username",
        "module",
        "function",
        "ip_address",
        "outcome",
        "status_code",
    ]
    list_filter = ["outcome", "module"]
    search_fields = ["username", "function", "path"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
