"""The member area: profile, password, real-name verification."""

import os

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts import services
from jiazheng.accounts.forms import ChangePasswordForm, ProfileForm, VerificationForm
from jiazheng.accounts.models import IdentityVerification, Role
from jiazheng.accounts.queries import latest_verification
from jiazheng.accounts.services.verification import can_see_id_photo
from jiazheng.accounts.tenancy import has_role, memberships_of, roles_of
from jiazheng.common.errors import ServiceError
from jiazheng.common.uploads import serve_private_file

CONSOLE_ROLES = frozenset(Role) - {
    Role.FAMILY_MEMBER,
    Role.ENTERPRISE_MEMBER,
    Role.WORKER,
}


def _member_context(request, **extra):
    user = request.user
    return {
        "roles": sorted(str(Role(r).label) for r in roles_of(user)),
        "organizations": [m.organization for m in memberships_of(user)],
        "is_enterprise_member": has_role(user, Role.ENTERPRISE_MEMBER),
        "can_use_console": user.is_superuser or bool(roles_of(user) & CONSOLE_ROLES),
        "verification": latest_verification(user),
        **extra,
    }


@login_required
def me(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"name": user.name, "email": user.email}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                user=user,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("资料已保存。"))
            return redirect("accounts:me")
    return render(
        request,
        "accounts/me.html",
        _member_context(
            request, form=form, password_form=ChangePasswordForm(prefix="pw")
        ),
    )


@login_required
@require_POST
def change_password(request):
    form = ChangePasswordForm(request.POST, prefix="pw")
    if form.is_valid():
        try:
            services.change_password(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ServiceError as error:
            if error.field == "new_password":
                error.field = "new_password1"
            form.add_service_error(error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("accounts:me")
    user = request.user
    profile_form = ProfileForm(initial={"name": user.name, "email": user.email})
    return render(
        request,
        "accounts/me.html",
        _member_context(request, form=profile_form, password_form=form),
        status=400,
    )


@login_required
def verification(request):
    latest = latest_verification(request.user)
    can_submit = latest is None or latest.status == IdentityVerification.Status.REJECTED
    form = VerificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_verification(
                user=request.user,
                real_name=form.cleaned_data["real_name"],
                id_number=form.cleaned_data["id_number"],
                id_photo=form.cleaned_data["id_photo"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("实名认证资料已提交。"))
            return redirect("accounts:verification")
    return render(
        request,
        "accounts/verification.html",
        {"form": form, "verification": latest, "can_submit": can_submit},
    )


@login_required
def verification_photo(request, pk):
    """Serve an ID photo to its owner or platform staff; 404 to anyone else."""
    verification = (
        IdentityVerification.objects.filter(pk=pk).select_related("user").first()
    )
    if verification is None or not can_see_id_photo(request.user, verification):
        raise Http404
    extension = os.path.splitext(verification.id_photo.name)[1]
    return serve_private_file(
        verification.id_photo, download_name=f"id-photo-{verification.pk}{extension}"
    )
