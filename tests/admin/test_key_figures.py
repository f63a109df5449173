"""A research editor works on the research key figures only; federation editors on all of them."""

from django.urls import reverse

from tests.admin.conftest import client_for
from unicancer_site.accounts.roles import FEDERATION_EDITOR, RESEARCH_EDITOR
from unicancer_site.keyfigures.models import KeyFigure


def test_research_editor_sees_and_writes_research_figures_only(world, staff):
    quality = KeyFigure.objects.create(topic="quality", label_fr="Certifiés", value=18, year=2024, source=world.source)
    client = client_for(staff[RESEARCH_EDITOR])
    shown = set(client.get(reverse("admin:keyfigures_keyfigure_changelist")).context["cl"].queryset)
    assert world.figure in shown
    assert quality not in shown
    assert client.get(reverse("admin:keyfigures_keyfigure_change", args=[quality.pk])).status_code in (302, 403, 404)
    form = client.get(reverse("admin:keyfigures_keyfigure_add")).context["adminform"].form
    assert [value for value, _label in form.fields["topic"].choices if value] == ["research"]
    data = {"topic": "quality", "label_fr": "Forgé", "value": "1", "year": "2024", "source": world.source.pk}
    data["position"] = "0"
    response = client.post(reverse("admin:keyfigures_keyfigure_add"), data)
    assert "topic" in response.context["adminform"].form.errors
    assert not KeyFigure.objects.filter(label_fr="Forgé").exists()


def test_federation_editor_sees_every_figure(world, staff):
    quality = KeyFigure.objects.create(topic="quality", label_fr="Certifiés", value=18, year=2024, source=world.source)
    shown = set(
        client_for(staff[FEDERATION_EDITOR])
        .get(reverse("admin:keyfigures_keyfigure_changelist"))
        .context["cl"]
        .queryset
    )
    assert {world.figure, quality} <= shown
