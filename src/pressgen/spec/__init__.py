"""Reading and validating what users write: YAML with positions, the models, the registry, the loader, the project."""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "load_release": "loader",
        "LoadedRelease": "loader",
        "find_project": "project",
        "Project": "project",
        "Release": "model",
        "Organization": "model",
        "load_registry": "registry",
        "content_hash": "content",
        "short_hash": "content",
        "json_schema": "schema",
        "new_release": "scaffold",
        "new_organization": "scaffold",
        "init_project": "scaffold",
    },
)
