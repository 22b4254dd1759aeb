"""REST endpoints: personnel records, read-only, scoped like the console."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission

from jiazheng.common.converters import parse_id
from jiazheng.hr.access import hr_scope, may_use_hr
from jiazheng.hr.models import Employee


class ManagesPersonnel(BasePermission):
    """Platform admins and office staff (all), provider admins (their own)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and may_use_hr(
            request.user
        )


class EmployeeSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name")
    department_name = serializers.CharField(source="department.name", default="")
    position_name = serializers.CharField(source="position.name", default="")
    ethnicity_name = serializers.CharField(source="get_ethnicity_display")
    id_number = serializers.CharField(
        source="id_number_masked", help_text="Masked: region and last four digits."
    )

    class Meta:
        model = Employee
        fields = [
            "id",
            "organization",
            "organization_name",
            "name",
            "gender",
            "birth_date",
            "phone",
            "id_number",
            "ethnicity",
            "ethnicity_name",
            "native_place",
            "department",
            "department_name",
            "position",
            "position_name",
            "hired_on",
            "status",
            "left_on",
            "is_worker",
        ]
        read_only_fields = fields


def visible_employees(user):
    return hr_scope(
        Employee.objects.select_related("organization", "department", "position"),
        user,
    ).order_by("organization_id", "name", "pk")


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Employee.Status.values),
            OpenApiParameter("organization", OpenApiTypes.INT),
            OpenApiParameter("department", OpenApiTypes.INT),
            OpenApiParameter("is_worker", OpenApiTypes.BOOL),
        ]
    )
)
class EmployeeListView(generics.ListAPIView):
    """The employees of the organisations the caller manages."""

    permission_classes = [ManagesPersonnel]
    serializer_class = EmployeeSerializer

    def get_queryset(self):
        employees = visible_employees(self.request.user)
        params = self.request.query_params
        if params.get("status") in Employee.Status.values:
            employees = employees.filter(status=params["status"])
        for name in ("organization", "department"):
            value = parse_id(params.get(name, ""))
            if value is not None:
                employees = employees.filter(**{f"{name}_id": value})
        if params.get("is_worker") in ("true", "false"):
            employees = employees.filter(is_worker=params["is_worker"] == "true")
        return employees


class EmployeeDetailView(generics.RetrieveAPIView):
    permission_classes = [ManagesPersonnel]
    serializer_class = EmployeeSerializer

    def get_queryset(self):
        return visible_employees(self.request.user)
