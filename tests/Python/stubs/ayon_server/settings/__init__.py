"""BaseSettingsModel and SettingsField as ayon-backend defines them (pydantic v1)."""
from pydantic import BaseModel
from pydantic.fields import FieldInfo, Undefined

_AYON_EXTRAS = (
    "enum_resolver", "required_items", "section", "widget", "layout", "tags",
    "scope", "placeholder", "conditional_enum", "disabled", "syntax", "example",
)
_PYDANTIC = (
    "default_factory", "alias", "title", "description", "gt", "ge", "lt", "le",
    "min_items", "max_items", "min_length", "max_length", "regex",
)


class BaseSettingsModel(BaseModel):
    _isGroup = False
    _title = None
    _layout = None
    _required = False

    class Config:
        underscore_attrs_are_private = True
        allow_population_by_field_name = True


def SettingsField(default=Undefined, **kwargs):
    unknown = set(kwargs) - set(_AYON_EXTRAS) - set(_PYDANTIC)
    if unknown:
        # The real server logs and drops these; a test should see them.
        raise TypeError(f"SettingsField does not take {sorted(unknown)}")
    pydantic_args = {key: value for key, value in kwargs.items() if key in _PYDANTIC}
    extras = {key: value for key, value in kwargs.items() if key in _AYON_EXTRAS}
    return FieldInfo(default, **pydantic_args, **extras)
