"""Every rule the database keeps speaks to the editor who breaks it."""

from django.apps import apps


def test_every_constraint_speaks_to_the_editor():
    """A rule the database keeps is explained in words when it is broken, never by the constraint's name.

    Django words an unconditional UniqueConstraint on fields itself ("… with this … already exists"); every
    other constraint needs its own violation_error_message.
    """
    from django.db.models import UniqueConstraint

    unexplained = [
        f"{model._meta.label}: {constraint.name}"
        for model in apps.get_models()
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
        and not (
            isinstance(constraint, UniqueConstraint)
            and constraint.fields
            and constraint.condition is None
            and not constraint.expressions
        )
    ]
    assert unexplained == []
