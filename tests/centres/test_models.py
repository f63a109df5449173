import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.models import Centre, Site
from tests.factories import make_centre, make_site

pytestmark = pytest.mark.django_db


def test_coordinates_are_in_range():
    site = make_site(make_centre(), latitude=45.75, longitude=4.85)
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.filter(pk=site.pk).update(latitude=95)
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.filter(pk=site.pk).update(longitude=-200)


def test_coordinates_go_together():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_site(make_centre(), latitude=45.75)


def test_postcode_has_five_digits():
    site = make_site(make_centre(), postcode="69008")
    site.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Site.objects.filter(pk=site.pk).update(postcode="6900")
    site.postcode = "ABCDE"
    with pytest.raises(ValidationError):
        site.full_clean()


def test_site_names_are_unique_within_a_centre():
    centre = make_centre()
    make_site(centre, name="Site principal")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_site(centre, name="Site principal")
    make_site(make_centre(), name="Site principal")


def test_centre_queries_by_kind_and_region():
    clcc = make_centre(kind=Centre.Kind.CLCC)
    affiliated = make_centre(kind=Centre.Kind.AFFILIATED)
    make_site(clcc, region="bretagne")
    make_site(affiliated, name="Second site", region="bretagne")
    assert clcc in Centre.objects.clcc() and affiliated not in Centre.objects.clcc()
    assert affiliated in Centre.objects.affiliated()
    assert set(Centre.objects.in_region("bretagne").filter(pk__in=[clcc.pk, affiliated.pk])) == {clcc, affiliated}


def test_english_falls_back_to_french_and_says_so():
    from django.utils import translation

    centre = make_centre(description_fr="Centre de lutte contre le cancer.")
    with translation.override("en"):
        assert centre.description == "Centre de lutte contre le cancer."
        assert centre.translation_missing("description")
        assert centre.language_of("description") == "fr"
    centre.description_en = "Comprehensive cancer centre."
    with translation.override("en"):
        assert centre.description == "Comprehensive cancer centre."
        assert not centre.translation_missing("description")
    with translation.override("fr"):
        assert centre.description == "Centre de lutte contre le cancer."
