"""The project's URLs plus a page with the region picker, for browser tests."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from jiazheng.common.forms import RegionField
from jiazheng.urls import urlpatterns as project_urlpatterns

PAGE = engines["django"].from_string(
    """{% extends "web/base.html" %}
{% block content %}
<form method="post">{% csrf_token %}
  {% include "web/_field.html" with field=form.region %}
  <button type="submit" class="btn btn-primary">OK</button>
</form>
{% if chosen %}<p id="chosen">{{ chosen.code }} {{ chosen.full_name }}</p>{% endif %}
{% endblock %}"""
)


class AddressForm(forms.Form):
    region = RegionField()


def picker_page(request):
    form = AddressForm(request.POST or None)
    chosen = form.cleaned_data["region"] if form.is_valid() else None
    return HttpResponse(PAGE.render({"form": form, "chosen": chosen}, request))


urlpatterns = [
    path("test-picker/", picker_page, name="test-picker"),
    *project_urlpatterns,
]
