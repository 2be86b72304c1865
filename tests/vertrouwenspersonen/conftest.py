import pytest


@pytest.fixture
def cast(cast):
    # Work-around until tests/conftest.py is fixed: the shared fixture sets the outsider's password twice (once per
    # role) but hands out the object from the first call, whose stale password hash makes every login of the
    # outsider bounce to the login page. Refreshing makes the outsider a real, logged-in user in these tests.
    cast.outsider.refresh_from_db()
    return cast
