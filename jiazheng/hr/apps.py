from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrConfig(AppConfig):
    name = "jiazheng.hr"
    label = "hr"
    verbose_name = _("人事")

    def ready(self):
        # Models can only be imported once the app registry is ready.
        from jiazheng.accounts.tenancy import register
        from jiazheng.hr.models import Department, Employee, Position

        register(Department, console_list="hr_console:department_list")
        register(Position, console_list="hr_console:position_list")
        register(
            Employee,
            console_list="hr_console:employee_list",
            console_detail="hr_console:employee_detail",
            console_change="hr_console:employee_edit",
            api_list="api:employee-list",
            api_detail="api:employee-detail",
        )
