class Secrets:
    """AYON's secrets: tests fill ``values``."""

    values = {}

    @classmethod
    async def get(cls, key):
        return cls.values.get(key)
