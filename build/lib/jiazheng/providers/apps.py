from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    name = "jiazheng.providers"
    label = "providers"
    verbose_name = _("加盟企业")

    def ready(self):
        # Models and the registries they join can only be imported once the
        # app registry is ready, hence here rather than at the top.
        from jiazheng.accounts import tenancy
        from jiazheng.notifications.sms_templates import register_template
        from jiazheng.providers import models

        register_template(
            "franchise_approved",
            _("您的加盟申请（{company}）已通过审核，请登录平台完善企业展示信息。"),
        )
        register_template(
            "franchise_rejected",
            _(
                "您的加盟申请（{company}）未通过审核，原因：{reason}，可修改后重新提交。"
            ),
        )

        tenancy.register(
            models.FranchiseApplication,
            console_list="providers_console:application_list",
            console_detail="providers_console:application_detail",
            api_list="api:franchise-application-list",
            api_detail="api:franchise-application-detail",
        )
        tenancy.register(
            models.ProviderProfile,
            console_list="providers_console:profile_list",
            console_change="providers_console:profile_edit",
        )
        tenancy.register(
            models.ProviderServiceItem,
            console_list="providers_console:fee_list",
            console_change="providers_console:fee_edit",
            api_list="api:my-provider-item-list",
            api_detail="api:my-provider-item-detail",
        )
        tenancy.register(
            models.JobPosting,
            console_list="providers_console:job_list",
            console_change="providers_console:job_edit",
            api_list="api:my-job-posting-list",
            api_detail="api:my-job-posting-detail",
        )
        tenancy.register(
            models.JobApplication,
            console_list="providers_console:job_application_list",
            api_list="api:my-job-application-list",
            api_detail="api:my-job-application-detail",
        )
