"""Base classes of the ftrack publish plugins (the original's import path)."""
