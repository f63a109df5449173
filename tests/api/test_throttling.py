import pytest
from django.conf import settings
from django.test import override_settings

from unicancer_site.api.services import api_token_issue

from .conftest import bearer, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_rates():
    rates = {"anon": "3/min", "token": "5/min"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        yield


def test_anonymous_clients_are_throttled(api, small_rates):
    for _ in range(3):
        assert api.get("/api/v1/centres/").status_code == 200
    response = api.get("/api/v1/centres/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert list(response.json()["errors"]) == ["detail"]
    # Every endpoint shares the address's budget.
    assert api.get("/api/v1/trials/").status_code == 429


def test_tokens_have_their_own_higher_rate(api, small_rates):
    _t, first = api_token_issue(name="First", owner=make_user("first-tool"))
    _t, second = api_token_issue(name="Second", owner=make_user("second-tool"))
    for _ in range(3):
        api.get("/api/v1/centres/")
    assert api.get("/api/v1/centres/").status_code == 429  # anonymous budget spent
    for _ in range(5):
        assert api.get("/api/v1/centres/", **bearer(first)).status_code == 200
    assert api.get("/api/v1/centres/", **bearer(first)).status_code == 429
    assert api.get("/api/v1/centres/", **bearer(second)).status_code == 200


def test_default_rates_come_from_the_settings():
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] == "60/min"
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "unicancer_site.api.throttling.AnonRateThrottle",
        "unicancer_site.api.throttling.TokenRateThrottle",
    ]


def test_failed_token_guesses_are_throttled_per_address(api, django_assert_num_queries):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token_failure": "3/min"}
    _t, valid = api_token_issue(name="Valid", owner=make_user("valid-tool"))
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        for attempt in range(3):
            response = api.get("/api/v1/centres/", **bearer(f"uc_guess_{attempt}"))
            assert response.status_code == 401
        # The fourth guess is refused before any query: guessing costs the database nothing.
        with django_assert_num_queries(0):
            response = api.get("/api/v1/centres/", **bearer("uc_guess_4"))
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert response.json() == {"errors": {"detail": [response.json()["errors"]["detail"][0]]}}
        # Another address is not affected, and anonymous reading goes on from this one.
        assert api.get("/api/v1/centres/", **bearer("uc_guess_5"), REMOTE_ADDR="10.0.0.9").status_code == 401
        assert api.get("/api/v1/centres/").status_code == 200
    # Valid tokens never count as failures.
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        for _ in range(5):
            assert api.get("/api/v1/centres/", **bearer(valid), REMOTE_ADDR="10.0.0.10").status_code == 200
