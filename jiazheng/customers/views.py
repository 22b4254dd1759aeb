"""Console pages for customer records (platform admins and dispatchers).

Customers are platform-level records: these pages are for the platform's
staff only. A provider's staff see customers through their orders.
"""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.permissions import role_required
from jiazheng.common.errors import ServiceError
from jiazheng.customers import services
from jiazheng.customers.exports import EXPORT_MAX_ROWS, customers_workbook
from jiazheng.customers.forms import (
    AddressForm,
    ContactForm,
    CustomerFilterForm,
    CustomerForm,
)
from jiazheng.customers.models import Customer, CustomerAddress, CustomerContact
from jiazheng.customers.queries import (
    CUSTOMER_STAFF_ROLES,
    may_see_phones,
    search_customers,
)

PAGE_SIZE = 30
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

staff_required = role_required(*CUSTOMER_STAFF_ROLES, platform_only=True)


def _filtered(request):
    form = CustomerFilterForm(request.GET or None)
    return form, search_customers(**form.filters())


@staff_required
def customer_list(request):
    form, customers = _filtered(request)
    page = Paginator(
        customers.select_related("enterprise").prefetch_related("tags"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "customers/console/customer_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "show_phones": may_see_phones(request.user),
            "export_limit": EXPORT_MAX_ROWS,
        },
    )


@staff_required
def customer_export(request):
    """Return the filtered list as an Excel file."""
    _form, customers = _filtered(request)
    buffer = io.BytesIO()
    customers_workbook(customers).save(buffer)
    filename = f"customers-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _customer(pk):
    return get_object_or_404(
        Customer.objects.select_related("enterprise", "user", "created_by"), pk=pk
    )


@staff_required
def customer_detail(request, pk):
    customer = _customer(pk)
    return render(
        request,
        "customers/console/customer_detail.html",
        {
            "customer": customer,
            "addresses": customer.addresses.select_related("region"),
            "contacts": customer.contacts.all(),
            "tags": customer.tags.all(),
            "show_phones": may_see_phones(request.user),
        },
    )


@staff_required
def customer_create(request):
    form = CustomerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer = services.create_customer(
                kind=data["kind"],
                name=data["name"],
                phone=data["phone"],
                source=Customer.Source.STAFF,
                created_by=request.user,
                enterprise=data["enterprise"],
                note=data["note"],
                tags=data["tags"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("客户档案已创建。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/customer_form.html",
        {"form": form, "customer": None},
    )


@staff_required
def customer_edit(request, pk):
    customer = _customer(pk)
    form = CustomerForm(
        request.POST or None, initial=CustomerForm.initial_for(customer)
    )
    if customer.user_id:
        form.fields["phone"].disabled = True
        form.fields["phone"].help_text = _("已注册会员的手机号由会员本人修改。")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_customer(
                customer=customer,
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                phone=data["phone"],
                enterprise=data["enterprise"],
                note=data["note"],
                tags=data["tags"],
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("客户档案已保存。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/customer_form.html",
        {"form": form, "customer": customer},
    )


def _address_arguments(data):
    return {
        "region": data["region"],
        "detail": data["detail"],
        "label": data["label"],
        "latitude": data["latitude"],
        "longitude": data["longitude"],
        "is_default": data["is_default"],
    }


@staff_required
def address_create(request, pk):
    customer = _customer(pk)
    form = AddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_address(
                customer=customer, **_address_arguments(form.cleaned_data)
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("地址已添加。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/address_form.html",
        {"form": form, "customer": customer, "address": None},
    )


@staff_required
def address_edit(request, pk, address_pk):
    customer = _customer(pk)
    address = get_object_or_404(CustomerAddress, pk=address_pk, customer=customer)
    form = AddressForm(request.POST or None, initial=AddressForm.initial_for(address))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_address(
                address=address, **_address_arguments(form.cleaned_data)
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("地址已保存。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/address_form.html",
        {"form": form, "customer": customer, "address": address},
    )


@require_POST
@staff_required
def address_delete(request, pk, address_pk):
    customer = _customer(pk)
    address = get_object_or_404(CustomerAddress, pk=address_pk, customer=customer)
    try:
        services.remove_address(address=address)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("地址已删除。"))
    return redirect("customers_console:customer_detail", pk=customer.pk)


@staff_required
def contact_create(request, pk):
    customer = _customer(pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_contact(customer=customer, **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("联系人已添加。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/contact_form.html",
        {"form": form, "customer": customer, "contact": None},
    )


@staff_required
def contact_edit(request, pk, contact_pk):
    customer = _customer(pk)
    contact = get_object_or_404(CustomerContact, pk=contact_pk, customer=customer)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(contact=contact, **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("联系人已保存。"))
            return redirect("customers_console:customer_detail", pk=customer.pk)
    return render(
        request,
        "customers/console/contact_form.html",
        {"form": form, "customer": customer, "contact": contact},
    )


@require_POST
@staff_required
def contact_delete(request, pk, contact_pk):
    customer = _customer(pk)
    contact = get_object_or_404(CustomerContact, pk=contact_pk, customer=customer)
    services.remove_contact(contact=contact)
    messages.success(request, _("联系人已删除。"))
    return redirect("customers_console:customer_detail", pk=customer.pk)
