"""Card settings over the API: levels, bonus rules, card items, operators.

Scoped and permitted exactly like the console's settings pages: managers
(MANAGER_ROLES) see and change their organisations' rows, create them for
the organisation they act for, and every change is logged with old and
new values (``policy.save_setting``). Another organisation's row is 404.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from jiazheng.accounts.permissions import HasRole
from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards.access import COUNTER_ROLES, MANAGER_ROLES, acting_organization
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    BonusRuleSerializer,
    CardItemWriteSerializer,
    CardLevelSerializer,
    CardOperatorSerializer,
)
from jiazheng.cards.models import BonusRule, CardItem, CardLevel, CardOperator
from jiazheng.cards.services.policy import ensure_levels, save_setting
from jiazheng.common.errors import ServiceError

ManagerOnly = HasRole.of(*MANAGER_ROLES)


class _Setting:
    model = None
    serializer_class = None
    label = ""
    setting_action = ""
    ordering = ("name", "id")
    permission_classes = [ManagerOnly]

    def get_queryset(self):
        return scope(self.model.objects.all(), self.request.user).order_by(
            *self.ordering
        )

    def _save(self, request, instance, *, partial):
        serializer = self.serializer_class(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        save_setting(
            instance=instance,
            operator=request.user,
            action=self.setting_action,
            label=self.label,
        )
        return Response(
            self.serializer_class(instance).data,
            status=status.HTTP_200_OK if partial else status.HTTP_201_CREATED,
        )


def _write_schema(serializer, code):
    return extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=serializer,
        responses={code: serializer},
    )


class SettingListView(_Setting, generics.ListAPIView):
    """GET the organisations' rows; POST creates one for the acting organisation."""

    def post(self, request):
        return self._create(request)

    @idempotent
    def _create(self, request, key):
        organization = acting_organization(request.user)
        if organization is None:
            raise ServiceError(
                _("您不属于任何发卡组织。"), code="no_organization", status=403
            )
        return self._save(request, self.model(organization=organization), partial=False)


class SettingDetailView(_Setting, generics.RetrieveAPIView):
    """GET one row; PATCH changes it (logged with old and new values)."""

    def get_object(self):
        return get_scoped_or_404(
            self.model.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    def patch(self, request, pk):
        # Another organisation's row answers 404 before the key is asked for.
        return self._update(request, self.get_object())

    @idempotent
    def _update(self, request, instance, key):
        return self._save(request, instance, partial=True)


class _Level:
    model = CardLevel
    serializer_class = CardLevelSerializer
    label = gettext_lazy("会员级别")
    setting_action = "level"
    ordering = ("organization_id", "rank", "id")


class CardLevelListView(_Level, _Setting, generics.ListAPIView):
    """GET the levels; the three (normal, senior, VIP) are made on first use,
    so there is nothing to create: change them with PATCH."""

    def get_queryset(self):
        organization = acting_organization(self.request.user)
        if organization is not None:
            ensure_levels(organization)
        return super().get_queryset()


class CardLevelDetailView(_Level, SettingDetailView):
    @_write_schema(CardLevelSerializer, 200)
    def patch(self, request, pk):
        return super().patch(request, pk)


class _BonusRule:
    model = BonusRule
    serializer_class = BonusRuleSerializer
    label = gettext_lazy("充值赠送规则")
    setting_action = "bonus"
    ordering = ("-min_amount", "id")


class BonusRuleListView(_BonusRule, SettingListView):
    @_write_schema(BonusRuleSerializer, 201)
    def post(self, request):
        return super().post(request)


class BonusRuleDetailView(_BonusRule, SettingDetailView):
    @_write_schema(BonusRuleSerializer, 200)
    def patch(self, request, pk):
        return super().patch(request, pk)


class _Item:
    model = CardItem
    serializer_class = CardItemWriteSerializer
    label = gettext_lazy("消费项目")
    setting_action = "item"


class CardItemListView(_Item, SettingListView):
    """GET the card items (counter staff); POST creates one (managers)."""

    def get_permissions(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return [HasRole.of(*COUNTER_ROLES)()]
        return [ManagerOnly()]

    @_write_schema(CardItemWriteSerializer, 201)
    def post(self, request):
        return super().post(request)


class CardItemDetailView(_Item, SettingDetailView):
    @_write_schema(CardItemWriteSerializer, 200)
    def patch(self, request, pk):
        return super().patch(request, pk)


class _Operator:
    model = CardOperator
    serializer_class = CardOperatorSerializer
    label = gettext_lazy("操作员")
    setting_action = "operator"


class CardOperatorListView(_Operator, SettingListView):
    @_write_schema(CardOperatorSerializer, 201)
    def post(self, request):
        return super().post(request)


class CardOperatorDetailView(_Operator, SettingDetailView):
    @_write_schema(CardOperatorSerializer, 200)
    def patch(self, request, pk):
        return super().patch(request, pk)
