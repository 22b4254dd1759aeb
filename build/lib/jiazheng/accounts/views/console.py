"""Console pages: verification review, users and organisations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from jiazheng.accounts import queries, services
from jiazheng.accounts.forms import (
    OrganizationFilterForm,
    RejectForm,
    StaffAccountForm,
    UserFilterForm,
)
from jiazheng.accounts.models import IdentityVerification, Organization, Role
from jiazheng.accounts.permissions import role_required
from jiazheng.accounts.services.staff import assignable_roles, can_manage_staff
from jiazheng.accounts.services.verification import REVIEWER_ROLES
from jiazheng.accounts.tenancy import get_scoped_or_404, has_role, is_platform_staff
from jiazheng.common.errors import ServiceError

PAGE_SIZE = 30
USER_ADMIN_ROLES = (Role.PLATFORM_ADMIN, Role.PROVIDER_ADMIN)
PLATFORM_VIEWER_ROLES = (
    Role.PLATFORM_ADMIN,
    Role.DISPATCHER,
    Role.CASHIER,
    Role.EDITOR,
    Role.AUDITOR,
    Role.OFFICE_STAFF,
)


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@role_required(*REVIEWER_ROLES, platform_only=True)
def verification_list(request):
    status = request.GET.get("status", IdentityVerification.Status.PENDING)
    if status not in IdentityVerification.Status.values:
        status = IdentityVerification.Status.PENDING
    verifications = (
        IdentityVerification.objects.filter(status=status)
        .select_related("user", "reviewer")
        .order_by("created_at" if status == "pending" else "-reviewed_at")
    )
    return render(
        request,
        "accounts/console/verification_list.html",
        {
            "page": _page(request, verifications),
            "status": status,
            "statuses": IdentityVerification.Status.choices,
        },
    )


@role_required(*REVIEWER_ROLES, platform_only=True)
def verification_detail(request, pk):
    verification = get_object_or_404(
        IdentityVerification.objects.select_related("user", "reviewer"), pk=pk
    )
    reject_form = RejectForm(
        request.POST if request.POST.get("action") == "reject" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.approve_verification(
                    verification=verification, reviewer=request.user
                )
                messages.success(request, _("已通过实名认证。"))
                return redirect("accounts_console:verification_list")
            if action == "reject" and reject_form.is_valid():
                services.reject_verification(
                    verification=verification,
                    reviewer=request.user,
                    reason=reject_form.cleaned_data["reason"],
                )
                messages.success(request, _("已驳回实名认证申请。"))
                return redirect("accounts_console:verification_list")
        except ServiceError as error:
            if error.field == "reject_reason":
                reject_form.add_error("reason", str(error.message))
            else:
                messages.error(request, str(error.message))
    return render(
        request,
        "accounts/console/verification_detail.html",
        {"verification": verification, "reject_form": reject_form},
    )


def _can_list_users(user):
    return is_platform_staff(user) or bool(queries.managed_organization_ids(user))


@role_required(*PLATFORM_VIEWER_ROLES, Role.PROVIDER_ADMIN)
def user_list(request):
    user = request.user
    if not _can_list_users(user):
        raise PermissionDenied
    form = UserFilterForm(request.GET or None)
    role, search = "", ""
    if form.is_valid():
        role, search = form.cleaned_data["role"], form.cleaned_data["q"]
    users = queries.users_visible_to(user, role=role, search=search)
    page = _page(request, users.prefetch_related("groups"))
    managed = queries.managed_organization_ids(user)
    memberships = queries.memberships_in(
        [u.pk for u in page], None if managed is None else managed
    )
    by_user = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)
    rows = [
        {
            "user": u,
            "memberships": by_user.get(u.pk, []),
            "group_roles": [
                Role(g.name).label for g in u.groups.all() if g.name in Role.values
            ],
        }
        for u in page
    ]
    if managed is None:
        staff_organizations = []
    else:
        staff_organizations = Organization.objects.filter(pk__in=managed)
    return render(
        request,
        "accounts/console/user_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            # Admins see numbers in full; other staff see them masked.
            "show_phones": has_role(user, *USER_ADMIN_ROLES),
            "staff_organizations": staff_organizations,
        },
    )


@role_required(Role.PLATFORM_ADMIN, Role.PROVIDER_ADMIN)
def staff_create(request, organization_pk):
    # Another organisation's page answers 404, never 403.
    organization = get_scoped_or_404(
        Organization.objects.all(), request.user, field="pk", pk=organization_pk
    )
    if not can_manage_staff(request.user, organization):
        raise PermissionDenied
    roles = assignable_roles(organization)
    form = StaffAccountForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_staff_account(
                actor=request.user,
                organization=organization,
                phone=form.cleaned_data["phone"],
                name=form.cleaned_data["name"],
                role=Role(form.cleaned_data["role"]),
                password=form.cleaned_data["password"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("员工账号已添加。"))
            return redirect("accounts_console:user_list")
    return render(
        request,
        "accounts/console/staff_form.html",
        {"form": form, "organization": organization},
    )


@role_required(Role.PLATFORM_ADMIN, Role.DISPATCHER, platform_only=True)
def organization_list(request):
    form = OrganizationFilterForm(request.GET or None, kinds=Organization.Kind.choices)
    kind, search = "", ""
    if form.is_valid():
        kind, search = form.cleaned_data["kind"], form.cleaned_data["q"]
    organizations = queries.organizations_for_console(kind=kind, search=search)
    return render(
        request,
        "accounts/console/organization_list.html",
        {
            "form": form,
            "page": _page(request, organizations),
            "can_add_staff": has_role(request.user, Role.PLATFORM_ADMIN),
        },
    )
