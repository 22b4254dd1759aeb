"""Create one auth group per role with the permissions of accounts.roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from jiazheng.accounts.roles import sync_roles


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; create
    # those of the apps migrated so far now, so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    sync_roles(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_sms_code"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
