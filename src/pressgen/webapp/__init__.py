"""The WSGI application behind the links pressgen mails: a router with safe defaults, the approval and unsubscribe pages.

`create_app(project, pages)` returns the WSGI callable for any server (waitress, gunicorn, a
serverless adapter); `pressgen webapp` serves it with waitress. Each family of pages is one module
of routes registered in `app.py`.
"""

from .. import lazy_exports

__getattr__, __dir__ = lazy_exports(__name__, {"create_app": "app"})
