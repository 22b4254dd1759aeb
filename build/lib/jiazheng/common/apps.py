from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from jiazheng.common import checks  # noqa: F401  (importing registers the checks)
from jiazheng.common.converters import IdConverter


class CommonConfig(AppConfig):
    name = "jiazheng.common"
    label = "common"
    verbose_name = _("基础数据")

    def ready(self):
        # Before any URLconf is loaded: URLs use <id:pk> for primary keys.
        register_converter(IdConverter, "id")
