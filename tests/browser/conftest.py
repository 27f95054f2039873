import pytest


@pytest.fixture
def site(live_server):
    """The demo, served by a live server: its address."""
    from claims import demo

    demo.load()
    return live_server.url
