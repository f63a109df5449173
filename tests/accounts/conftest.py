from tests.admin.conftest import english, frozen_now, staff, world  # noqa: F401
