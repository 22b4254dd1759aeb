from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jiazheng.common import checks


class CommonConfig(AppConfig):
    name = "jiazheng.common"
    label = "common"
    verbose_name = _("基础数据")
    checks = checks  # importing the module registers the deploy checks
