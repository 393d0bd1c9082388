"""The `pressgen serve` command: parse the options, serve the preview until Ctrl-C or SIGTERM, stop cleanly."""

from __future__ import annotations

import ipaddress
import signal

import click


@click.command()
@click.option("--port", default="8000", show_default=True, callback=lambda _ctx, _param, value: _port(value),
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on. Anything but loopback shows your drafts to the network.")
def serve(port: int, host: str) -> None:
    """Preview every release in the browser; pages follow the specs, registry and templates as they are saved."""
    from ..spec.project import find_project
    from .changes import Changes
    from .server import PreviewServer
    from .server import serve as serve_until_stopped
    from .workspace import Workspace

    changes = Changes()
    workspace = Workspace(find_project(), changes)

    def ready(server: PreviewServer) -> None:
        bound, actual = server.server_address[:2]
        shown = f"[{bound}]" if ":" in bound else bound
        click.echo(f"preview: http://{shown}:{actual}/ (Ctrl-C to stop)")

    # A service manager stops with SIGTERM: take the same clean way out as Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        serve_until_stopped(workspace, changes, host, port, _is_loopback(host), ready)
    except KeyboardInterrupt:
        click.echo("preview stopped")
    except OSError as exc:
        raise click.ClickException(f"--host/--port: cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise click.UsageError(f"--port: '{value}' must be a number from 0 to 65535")
    return int(value)


def _is_loopback(host: str) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
