import datetime

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int:
    """A duration in whole minutes, rounded up (the lockout page's "try again in 15 minutes")."""
    if not isinstance(value, datetime.timedelta):
        return 0
    return -(-int(value.total_seconds()) // 60)
