"""The WSGI application behind the links pressgen mails: a router with safe defaults and the approval pages.

`create_app(project)` returns the WSGI callable for any server (waitress, gunicorn, a serverless
adapter); `pressgen webapp` serves it with waitress. Later pages (such as a one-click unsubscribe)
are one more module of routes registered in `app.py`.
"""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {"create_app": "app"})
