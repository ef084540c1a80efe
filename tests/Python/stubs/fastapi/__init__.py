def Query(default=None, **_):
    """FastAPI's Query(...) as a plain default: tests call endpoints directly."""
    return default
