"""Fixtures shared by the web tests."""

import httpx
import pytest

from session.domain.permissions import Role


@pytest.fixture
def desk(live):
    """A browser signed in with the secretariat's code, on the organiser's desk."""
    client = httpx.Client(base_url=live.base_url)
    response = live.join(client, live.code(None, Role.ORGANISER))
    assert response.headers["location"] == "/organiser"
    yield client
    client.close()
