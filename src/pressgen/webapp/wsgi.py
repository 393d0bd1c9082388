"""The application for WSGI servers that import one: `gunicorn pressgen.webapp.wsgi:application` (in the project).

PRESSGEN_WEBAPP_PAGES (for example `unsubscribe`) serves only some pages; by default all of them.
"""

from __future__ import annotations

import os

from .app import PAGES, create_app

application = create_app(pages=[p.strip() for p in os.environ.get("PRESSGEN_WEBAPP_PAGES", ",".join(PAGES)).split(",") if p.strip()])
