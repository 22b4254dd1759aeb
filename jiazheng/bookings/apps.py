from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "jiazheng.bookings"
    label = "bookings"
    verbose_name = _("预约与派工")
