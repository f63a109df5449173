from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyFiguresConfig(AppConfig):
    name = "unicancer_site.keyfigures"
    label = "keyfigures"
    verbose_name = _("Key figures")
