"""``/healthz`` (the process answers) and ``/readyz`` (database, cache and migrations), for a load balancer.

The checks are django-health-check's, plus one it does not have: every migration applied. ``/readyz`` answers
503 when one fails (the library says 500; a load balancer reads 503 as "not ready", not as a bug), in JSON.
"""

import dataclasses

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    """Every migration of the installed apps is applied: an instance started on new code before ``migrate``
    ran is not ready."""

    alias: str = DEFAULT_DB_ALIAS

    def run(self):
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception as error:
            raise ServiceUnavailable("Cannot read the applied migrations") from error
        finally:
            # The check runs in a worker thread, whose connection nothing else would close.
            connection.close()
        if pending:
            raise ServiceUnavailable(f"{len(pending)} migration(s) not applied")


class ReadinessView(HealthCheckView):
    """``/readyz``: JSON, 200 when every check passes, else 503."""

    checks = (Database, Cache, MigrationsApplied)

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
            response["Retry-After"] = "10"
        return response

    def render_to_response(self, context, **response_kwargs):
        # Always JSON, whatever the Accept header: the library's HTML page would need its template.
        return self.render_to_response_json(response_kwargs.get("status", 200))


@never_cache
def liveness(request):
    """``/healthz``: the process answers. No database, no cache: restarting it would not bring them back."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
