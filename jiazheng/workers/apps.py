from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "jiazheng.workers"
    label = "workers"
    verbose_name = _("服务人员")

    def ready(self):
        # Models can only be imported once the app registry is ready.
        from jiazheng.accounts import tenancy
        from jiazheng.workers import models

        tenancy.register(
            models.WorkerProfile,
            console_list="workers_console:worker_list",
            console_detail="workers_console:worker_detail",
            console_change="workers_console:worker_edit",
            api_list="api:worker-list",
            api_detail="api:worker-detail",
        )
