"""Version of the ftrack addon's launcher part (the package builder may rewrite it)."""
__version__ = "1.7.0+dotnet"
