"""Draft/published status and times known to a precision: vocabulary shared by the models."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft — not public")
    PUBLISHED = "published", _("Published")


class Precision(models.TextChoices):
    """How much of a stored time is known. Coarser parts only order items; they are never shown."""

    EXACT = "exact", _("Exact time")
    DAY = "day", _("Day")
    MONTH = "month", _("Month")

    @classmethod
    def coarsest(cls, *precisions):
        order = [cls.EXACT, cls.DAY, cls.MONTH]
        return max(precisions, key=order.index)


def truncate(moment, precision):
    """``moment`` with the parts finer than ``precision`` zeroed, in the site's time zone."""
    moment = timezone.localtime(moment)
    if precision == Precision.MONTH:
        return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision == Precision.DAY:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment
