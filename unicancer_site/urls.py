from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy

from centres.sitemaps import CentreSitemap
from certifications.sitemaps import SchemeSitemap
from research.sitemaps import TrialSitemap
from unicancer_site.accounts.lockout import PasswordResetConfirmView
from unicancer_site.core.health import ReadinessView, liveness
from unicancer_site.core.media import serve_media
from unicancer_site.news.sitemaps import NewsItemSitemap
from unicancer_site.pages.sitemaps import EditorialPageSitemap
from unicancer_site.site.sitemaps import StaticViewSitemap
from unicancer_site.site.views import bench_floor, robots_txt

# The sitemap, one section per app, declared beside the URLs as djangoproject.com does.
SITEMAPS = {
    "static": StaticViewSitemap,
    "centres": CentreSitemap,
    "certifications": SchemeSitemap,
    "research": TrialSitemap,
    "news": NewsItemSitemap,
    "pages": EditorialPageSitemap,
}

# The password-reset pages wear the admin's header.
ADMIN_HEADER = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

# Errors: JSON under /api/, the site's pages elsewhere; 503 when the database is unreachable.
handler400 = "unicancer_site.core.errors.bad_request"
handler403 = "unicancer_site.core.errors.permission_denied"
handler404 = "unicancer_site.core.errors.page_not_found"
handler500 = "unicancer_site.core.errors.server_error"

urlpatterns = [
    # For load balancers: the process answers; the database, the cache and the migrations are ready.
    path("healthz", liveness, name="healthz"),
    path("readyz", ReadinessView.as_view(), name="readyz"),
    # Password reset by e-mail (Django's views, the admin's templates; linked from the login and lockout pages).
    # A successful reset also lifts the person's sign-in lockout (accounts/lockout.py).
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(extra_context=ADMIN_HEADER),
        name="admin_password_reset",
    ),
    path(
        "admin/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(extra_context=ADMIN_HEADER),
        name="password_reset_done",
    ),
    path(
        "admin/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(extra_context=ADMIN_HEADER),
        name="password_reset_confirm",
    ),
    path(
        "admin/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=ADMIN_HEADER),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # The API is not under a language prefix: ?lang= or Accept-Language choose the language.
    path("api/", include("unicancer_site.api.urls")),
]

# Path words in the page's language (English in the code, French in the catalogue under the "URL path"
# context): /fr/actualites/, /en/news/. An English address with the French words redirects (core.middleware).
urlpatterns += i18n_patterns(
    path("", include("unicancer_site.site.urls")),
    path("centres/", include("centres.urls")),
    path("certifications/", include("certifications.urls")),
    path(pgettext_lazy("URL path", "research/"), include("research.urls")),
    path(pgettext_lazy("URL path", "news/"), include("unicancer_site.news.urls")),
    path("pages/", include("unicancer_site.pages.urls")),
    prefix_default_language=True,
)


if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media),
    ]

if settings.BENCH_FLOOR:
    urlpatterns += [path("bench-floor/", bench_floor)]
