class KeyringError(Exception):
    pass


class PasswordSetError(KeyringError):
    pass


class PasswordDeleteError(KeyringError):
    pass
