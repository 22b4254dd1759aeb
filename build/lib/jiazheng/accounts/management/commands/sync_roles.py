"""Create the role groups and give them the permissions of accounts.roles."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from jiazheng.accounts.roles import sync_roles


class Command(BaseCommand):
    help = "按 accounts.roles.ROLE_PERMISSIONS 创建角色组并分配权限。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Also remove permissions the mapping does not list.",
        )

    def handle(self, *args, prune=False, **options):
        with transaction.atomic():
            counts = sync_roles(
                group_model=Group, permission_model=Permission, prune=prune
            )
        for role, count in counts.items():
            self.stdout.write(f"{role}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{len(counts)} role groups in sync."))
