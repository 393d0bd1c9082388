"""One release under review: its texts, the registry's spellings and the project's settings, computed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from ...spec.loader import LoadedRelease
from ...spec.model import Release
from ...spec.yamlsource import Loc, SourceDoc, dotted
from .finding import Spot
from .forms import Form, Occurrence, find_forms, registry_forms
from .settings import CheckSettings
from .texts import Text, collect

T = TypeVar("T")


@dataclass
class Review:
    loaded: LoadedRelease
    settings: CheckSettings
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def release(self) -> Release:
        return self.loaded.release

    @property
    def language(self) -> str:
        return self.loaded.release.language

    @cached_property
    def texts(self) -> list[Text]:
        return collect(self.loaded)

    @cached_property
    def printed(self) -> list[Text]:
        """What the reader of this release sees, in the release's language."""
        return [t for t in self.texts if t.printed]

    @cached_property
    def forms(self) -> tuple[Form, ...]:
        return registry_forms(self.loaded.registry)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """Compute something several rules need once per review."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def names_in(self, text: Text) -> tuple[Occurrence, ...]:
        """Registry spellings in a text; several rules step around them."""
        return self.memo(("names", id(text)), lambda: find_forms(text.text, self.forms))

    def spot(self, loc: Loc, doc: SourceDoc | None = None, field: str | None = None) -> Spot:
        """A field as a whole: the spec's own unless `doc` is a registry or label file."""
        doc = doc or self.loaded.doc
        line, col = doc.where(loc)
        return Spot(doc.path, line, col, dotted(loc) if field is None else field)
