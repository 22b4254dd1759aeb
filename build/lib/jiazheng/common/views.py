"""Region lists for the cascading picker (htmx) and the API."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.common import regions
from jiazheng.common.models import Region

LEVELS = {"province", "city", "district"}
# The tree changes once a year at most; let browsers and proxies keep lists.
MAX_AGE = 60 * 60


@require_GET
@cache_control(public=True, max_age=MAX_AGE)
def region_children(request):
    """Return the <option>s of the regions under ?parent= for the picker.

    Without a parent, the provinces for ?level=province and only the empty
    choice otherwise (a picker whose upper level was just cleared).
    """
    level = request.GET.get("level", "")
    if level not in LEVELS:
        level = "province" if not request.GET.get("parent") else "district"
    parent = request.GET.get("parent") or None
    if parent is None:
        options = list(regions.children_of(None)) if level == "province" else []
    else:
        options = regions.options_under(parent[:6])
    return render(
        request,
        "common/region_options.html",
        {"regions": options, "level": level},
    )


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class RegionListView(APIView):
    """List the regions directly under a region, or the provinces."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "parent",
                OpenApiTypes.STR,
                description=_("六位区划代码；不填时返回省级行政区"),
            )
        ],
        responses=RegionSerializer(many=True),
    )
    def get(self, request):
        parent = request.query_params.get("parent") or None
        if parent is not None and not Region.objects.filter(code=parent).exists():
            raise Http404
        children = regions.children_of(parent)
        response = Response(RegionSerializer(children, many=True).data)
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        return response
