"""Stub of keyring (jaraco/keyring core API): an in-memory store, STORE[(service, account)] = secret."""
from keyring.errors import PasswordDeleteError

STORE = {}


def get_password(service_name, username):
    return STORE.get((service_name, username))


def set_password(service_name, username, password):
    if not isinstance(password, str):
        raise TypeError("password must be a str")
    STORE[(service_name, username)] = password


def delete_password(service_name, username):
    if (service_name, username) not in STORE:
        raise PasswordDeleteError("Password not found")
    del STORE[(service_name, username)]


def set_keyring(keyring):
    raise AssertionError("stub: set_keyring is only expected on Windows")
