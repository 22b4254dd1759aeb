from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "jiazheng.bookings"
    label = "bookings"
    verbose_name = _("预约与派工")

    def ready(self):
        # Models and the registries they join can only be imported once the
        # app registry is ready, hence here rather than at the top.
        from jiazheng.accounts import tenancy
        from jiazheng.bookings import models
        from jiazheng.bookings.dispatch.notices import register_dispatch_templates
        from jiazheng.bookings.notices import register_booking_templates

        register_booking_templates()
        register_dispatch_templates()
        tenancy.register(
            models.Order,
            console_list="bookings_console:order_list",
            console_detail="bookings_console:order_detail",
        )
        tenancy.register(
            models.Review,
            console_list="bookings_console:review_list",
        )
        # Bookings, plans and work orders are shown inside their order's
        # pages (and work orders on dispatch's pages, which register them
        # with their own URLs if they list them).
        tenancy.register(models.Booking)
        tenancy.register(models.RecurringPlan)
        tenancy.register(models.WorkOrder, console_detail="dispatch:work_order_print")
        tenancy.register(models.GrabOffer)
