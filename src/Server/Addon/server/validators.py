"""Value rules of the settings model (used by the generated settings_gen.py).

Each raises ValueError, so pydantic reports the rule with the key path of the
offending field (for example
``service_event_handlers -> next_task_update -> mapping``) and AYON refuses to
save the settings with that message.
"""
import json


def unique_names(items):
    """Names of the list's items must be unique (the original's
    ``ensure_unique_names``)."""
    seen = set()
    for item in items:
        name = item.get("name") if isinstance(item, dict) else getattr(item, "name", None)
        if name in seen:
            raise ValueError(f"name '{name}' is used more than once")
        seen.add(name)
    return items


def json_object_text(value):
    """The text must parse to a JSON object."""
    try:
        parsed = json.loads(value)
    except ValueError as exc:
        raise ValueError(f"must be a JSON object ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(parsed, dict):
        raise ValueError(f"must be a JSON object, not {type(parsed).__name__}")
    return value
