"""pressgen review import: a reviewer's Word tracked changes and comments back into the spec, field by field.

`package` opens a returned DOCX safely, `marked` reads its source-marked paragraphs with their tracked changes and
comments, `mapping` takes each change back to the spec or registry text it was rendered from, `importer` merges
and writes.
"""

from ... import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {"import_review": "importer", "ImportResult": "importer"})
