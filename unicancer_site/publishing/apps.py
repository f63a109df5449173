from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """The publishing workflow: states, transitions and their log, services, admin, previews, dashboard."""

    default = True
    name = "unicancer_site.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from .pagecache import connect_signals

        # Every app's models are loaded by now: a change to any shown model retires the cached pages.
        connect_signals()


class UnicancerAdminConfig(admin_apps.AdminConfig):
    """The admin, with the site that adds the editors' dashboard and the preview views."""

    default = False
    default_site = "unicancer_site.publishing.sites.UnicancerAdminSite"
