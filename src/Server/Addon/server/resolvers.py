"""Dynamic enums of the settings UI that AYON resolves when it serves the
schema (the static ones are generated into settings_gen.py)."""
from ayon_server.lib.postgres import Postgres
from ayon_server.settings.enum import get_primary_anatomy_preset

SKIP_LINK_TYPE = "< Skip >"


async def project_link_types_enum(project_name=None):
    """Folder-to-folder link types of the project, or of the primary anatomy
    preset in studio settings; "< Skip >" (no link sync) first."""
    if project_name is None:
        anatomy = await get_primary_anatomy_preset()
        names = [
            link_type.link_type
            for link_type in anatomy.link_types
            if link_type.input_type == "folder" and link_type.output_type == "folder"
        ]
    else:
        # The project name is AYON's own (a validated identifier), as the
        # schema name of every project table.
        names = [
            row["link_type"]
            async for row in Postgres.iterate(
                f"SELECT link_type, input_type, output_type FROM project_{project_name}.link_types"
            )
            if row["input_type"] == "folder" and row["output_type"] == "folder"
        ]
    return [SKIP_LINK_TYPE, *names]
