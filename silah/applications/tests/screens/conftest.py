import pytest

from silah.applications.tests.screens.support import World, make_world


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    return make_world(settings, tmp_path)
