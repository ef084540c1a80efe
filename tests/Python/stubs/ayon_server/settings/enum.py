class _LinkType:
    def __init__(self, link_type, input_type, output_type):
        self.link_type = link_type
        self.input_type = input_type
        self.output_type = output_type


class _Anatomy:
    link_types = [
        _LinkType("reference", "folder", "folder"),
        _LinkType("breakdown", "folder", "folder"),
        _LinkType("generative", "version", "version"),
    ]


async def secrets_enum():
    from ayon_server.secrets import Secrets

    return sorted(Secrets.values)


async def get_primary_anatomy_preset():
    return _Anatomy()
