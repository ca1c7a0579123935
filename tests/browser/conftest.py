import pytest

from tests.browser.waits import WATCH


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def context(context):  # type: ignore[no-untyped-def]
    """The shared context, noting which page each view was set up for (waits.view_ready)."""
    context.add_init_script(WATCH)
    return context
