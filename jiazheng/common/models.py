"""Shared reference data: administrative regions and numbering sequences,
and the stored answers of idempotent API writes."""

import functools

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Add creation and modification times to a model."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class Region(models.Model):
    """An administrative region of mainland China: province, city or district.

    Codes are the six-digit codes of GB/T 2260 (province 110000, city 110100,
    district 110105). The four municipalities get a city level of their own
    (110100) so that every district sits under a province and a city.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        CITY = 2, _("地级")
        DISTRICT = 3, _("县级")

    code = models.CharField(_("区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["parent", "code"])]

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """Return the name with its parents, for example 北京市朝阳区.

        Read from an in-process index of the whole tree (a few thousand rows
        that change only with a migration), so that a list of addresses does
        not cost two queries per row.
        """
        index = region_index()
        if self.code not in index:
            region_index.cache_clear()
            index = region_index()
        names = []
        code = self.code
        while code in index:
            name, code = index[code]
            if not names or names[-1] != name:
                names.append(name)
        return "".join(reversed(names)) or self.name


@functools.cache
def region_index():
    """Return {code: (name, parent code)} for every region, read once."""
    return {
        code: (name, parent)
        for code, name, parent in Region.objects.values_list("code", "name", "parent")
    }


class Sequence(models.Model):
    """A named counter behind the readable numbers of orders, cards, documents."""

    key = models.CharField(_("序列"), max_length=64, primary_key=True)
    value = models.PositiveBigIntegerField(_("当前值"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")

    def __str__(self):
        return f"{self.key}={self.value}"


class IdempotencyRecord(models.Model):
    """The answer to one API write, kept under the caller's Idempotency-Key.

    A row is claimed (``status`` empty) before the write runs, so a second
    request with the same key while the first is running is refused instead
    of acting twice; the answer is stored in the same transaction as the
    write, and a repeat of the request gets it back.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(_("幂等键"), max_length=64)
    method = models.CharField(_("请求方法"), max_length=8)
    path = models.CharField(_("路径"), max_length=255)
    request_hash = models.CharField(_("请求摘要"), max_length=64)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    body = models.JSONField(_("响应"), null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口幂等记录")
        verbose_name_plural = _("接口幂等记录")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="common_idempotency_key_per_user"
            )
        ]

    def __str__(self):
        return f"{self.method} {self.path} [{self.key}]"
