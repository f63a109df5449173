from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "unicancer_site.accounts"
    label = "accounts"
    verbose_name = _("Staff")

    def ready(self):
        from .roles import create_role_groups

        # After every migrate (tests included): the groups and their permissions follow the code.
        post_migrate.connect(create_role_groups, dispatch_uid="accounts_create_role_groups")
