"""A small URLconf for the middleware tests, independent of the other apps."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView


class PingView(APIView):
    def get(self, request):
        return Response({"ok": True})


def console_page(request):
    return HttpResponse("console")


def console_forbidden(request):
    raise PermissionDenied


def public_page(request):
    return HttpResponse("public")


api = [path("ping/", PingView.as_view(), name="ping")]
console = [
    path("page/", console_page, name="page"),
    path("forbidden/", console_forbidden, name="forbidden"),
]

urlpatterns = [
    path("api/v1/", include((api, "api"))),
    path("console/sample/", include((console, "sample_console"))),
    path("", public_page, name="home"),
]
