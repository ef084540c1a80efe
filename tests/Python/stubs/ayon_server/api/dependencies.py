class CurrentUser:
    """The logged-in user an endpoint receives (only the flags the addon reads)."""

    def __init__(self, name="admin", is_manager=True, is_service=False):
        self.name = name
        self.is_manager = is_manager
        self.is_service = is_service
