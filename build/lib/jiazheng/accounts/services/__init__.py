"""Operations that change users, organisations and memberships.

One module per use case; the functions are re-exported here so callers write
``from jiazheng.accounts.services import add_member``.
"""

from jiazheng.accounts.services.organizations import (
    add_member,
    create_organization,
    join_role_group,
)
from jiazheng.accounts.services.passwords import change_password, reset_password
from jiazheng.accounts.services.profile import update_profile
from jiazheng.accounts.services.signup import (
    sign_up_enterprise_member,
    sign_up_family_member,
)
from jiazheng.accounts.services.sms_codes import request_code, verify_code
from jiazheng.accounts.services.staff import create_staff_account
from jiazheng.accounts.services.users import create_user
from jiazheng.accounts.services.verification import (
    approve_verification,
    reject_verification,
    submit_verification,
)

__all__ = [
    "add_member",
    "approve_verification",
    "change_password",
    "create_organization",
    "create_staff_account",
    "create_user",
    "join_role_group",
    "reject_verification",
    "request_code",
    "reset_password",
    "sign_up_enterprise_member",
    "sign_up_family_member",
    "submit_verification",
    "update_profile",
    "verify_code",
]
