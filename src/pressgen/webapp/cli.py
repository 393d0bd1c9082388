"""`pressgen webapp`: serve the approval and unsubscribe pages with waitress (production servers can import pressgen.webapp.wsgi)."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind an HTTPS proxy).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free port).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--pages", "pages", multiple=True, type=click.Choice(["approval", "unsubscribe"]),
    help="Serve only these pages (repeat for several); default: all. A host that only unsubscribes needs only its key.",
)
def webapp(host: str, port: int, threads: int, pages: tuple[str, ...]) -> None:
    """Serve the pages behind the links pressgen mails (approval links, one-click unsubscribe) for the project here."""
    import waitress

    from .app import PAGES, create_app

    chosen = pages or tuple(PAGES)
    application = create_app(pages=chosen)
    try:
        server = waitress.create_server(application, host=host, port=port, threads=threads, ident="pressgen")
    except (OSError, ValueError) as exc:  # waitress says ValueError for a host name it cannot resolve
        raise click.ClickException(f"--host/--port: cannot listen on {host}:{port}: {getattr(exc, 'strerror', None) or exc}") from None
    where = f"http://{server.effective_host}:{server.effective_port}/"  # type: ignore[union-attr]
    click.echo(f"serving {' and '.join(chosen)} pages on {where}", err=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
