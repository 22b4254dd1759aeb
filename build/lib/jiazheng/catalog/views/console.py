"""Console pages where platform editors keep the catalogue (1.4.1, 1.4.3)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.catalog import services
from jiazheng.catalog.forms import CategoryForm, ItemFilterForm, ServiceItemForm
from jiazheng.catalog.models import CatalogChange, Category, ServiceItem
from jiazheng.catalog.permissions import can_edit_catalog, can_view_catalog_console
from jiazheng.catalog.queries import (
    categories_in_catalogue_order,
    clean_search_term,
    in_catalogue_order,
)
from jiazheng.common.errors import ServiceError

ITEMS_PER_PAGE = 50
HISTORY_ROWS = 20


def catalog_console(*, edit):
    """Let platform staff in; with ``edit``, only administrators and editors."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            allowed = (
                can_edit_catalog(request.user)
                if edit
                else can_view_catalog_console(request.user)
            )
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _history(kind, obj):
    return (
        CatalogChange.objects.filter(object_kind=kind, object_id=obj.pk)
        .select_related("user")
        .order_by("-created_at", "-id")[:HISTORY_ROWS]
    )


@catalog_console(edit=False)
def category_list(request):
    """List every category, active or not, as groups with their categories."""
    categories = Category.objects.annotate(
        item_count=Count("items", distinct=True)
    ).order_by("sort_order", "code")
    groups = [c for c in categories if c.parent_id is None]
    children = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    rows = [(group, children.get(group.pk, [])) for group in groups]
    return render(
        request,
        "catalog/console/category_list.html",
        {"rows": rows, "can_edit": can_edit_catalog(request.user)},
    )


@catalog_console(edit=True)
def category_create(request):
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.create_category(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("已创建分类“%(name)s”。") % {"name": category.name}
            )
            return redirect("catalog_console:category_list")
    return render(
        request, "catalog/console/category_form.html", {"form": form, "category": None}
    )


@catalog_console(edit=True)
def category_edit(request, pk):
    category = get_object_or_404(Category, pk=pk)
    initial = {
        "name": category.name,
        "parent": category.parent,
        "description": category.description,
        "sort_order": category.sort_order,
        "is_hot": category.is_hot,
    }
    form = CategoryForm(request.POST or None, initial=initial, editing=category)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.update_category(
                actor=request.user, category=category, **form.cleaned_data
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("已保存分类“%(name)s”。") % {"name": category.name}
            )
            return redirect("catalog_console:category_list")
    return render(
        request,
        "catalog/console/category_form.html",
        {
            "form": form,
            "category": category,
            "history": _history(CatalogChange.Kind.CATEGORY, category),
        },
    )


@require_POST
@catalog_console(edit=True)
def category_set_active(request, pk):
    category = get_object_or_404(Category, pk=pk)
    is_active = request.POST.get("is_active") == "1"
    category = services.set_category_active(
        actor=request.user, category=category, is_active=is_active
    )
    message = _("已启用分类“%(name)s”。") if is_active else _("已停用分类“%(name)s”。")
    messages.success(request, message % {"name": category.name})
    return redirect("catalog_console:category_list")


@catalog_console(edit=False)
def item_list(request):
    """List items with filters by category (or group), text and status."""
    filters = ItemFilterForm(request.GET or None)
    items = ServiceItem.objects.select_related("category", "category__parent")
    category_code = ""
    if filters.is_valid():
        category_code = filters.cleaned_data["category"]
        if category_code:
            items = items.filter(
                Q(category__code=category_code)
                | Q(category__parent__code=category_code)
            )
        q = clean_search_term(filters.cleaned_data["q"])
        if q:
            items = items.filter(
                Q(name__icontains=q)
                | Q(code__icontains=q)
                | Q(category__name__icontains=q)
            )
        status = filters.cleaned_data["status"]
        if status:
            items = items.filter(is_active=status == "active")
    items = in_catalogue_order(items)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    categories = categories_in_catalogue_order()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/console/item_list.html",
        {
            "filters": filters,
            "page": page,
            "categories": categories,
            "category_code": category_code,
            "query": query.urlencode(),
            "can_edit": can_edit_catalog(request.user),
        },
    )


@catalog_console(edit=True)
def item_create(request):
    initial = {}
    category_code = request.GET.get("category")
    if category_code:
        initial["category"] = Category.objects.filter(code=category_code).first()
    form = ServiceItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_item(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已创建项目“%(name)s”。") % {"name": item.name})
            return redirect("catalog_console:item_list")
    return render(
        request, "catalog/console/item_form.html", {"form": form, "item": None}
    )


@catalog_console(edit=True)
def item_edit(request, pk):
    item = get_object_or_404(ServiceItem.objects.select_related("category"), pk=pk)
    initial = {
        "category": item.category,
        "name": item.name,
        "unit": item.unit,
        "guidance_price_min": item.guidance_price_min,
        "guidance_price_max": item.guidance_price_max,
        "description": item.description,
        "sort_order": item.sort_order,
    }
    form = ServiceItemForm(request.POST or None, initial=initial, editing=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.update_item(
                actor=request.user, item=item, **form.cleaned_data
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("已保存项目“%(name)s”。") % {"name": item.name})
            return redirect("catalog_console:item_list")
    return render(
        request,
        "catalog/console/item_form.html",
        {
            "form": form,
            "item": item,
            "history": _history(CatalogChange.Kind.ITEM, item),
        },
    )


@require_POST
@catalog_console(edit=True)
def item_set_active(request, pk):
    item = get_object_or_404(ServiceItem, pk=pk)
    is_active = request.POST.get("is_active") == "1"
    item = services.set_item_active(actor=request.user, item=item, is_active=is_active)
    message = _("已启用项目“%(name)s”。") if is_active else _("已停用项目“%(name)s”。")
    messages.success(request, message % {"name": item.name})
    return redirect("catalog_console:item_list")
