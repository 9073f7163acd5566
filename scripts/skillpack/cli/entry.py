"""The last line of defence of every console script: no traceback ever reaches the user."""

from __future__ import annotations

import os
import sys
import traceback

import click

EXIT_ERROR = 2


def run_guarded(command: click.Command, prog: str, debug_env: str, argv: list[str] | None = None) -> None:
    """Run a click command; an unexpected exception becomes one line on stderr and exit code 2."""
    try:
        command.main(args=argv, prog_name=prog, standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo(f"{prog}: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        click.echo(f"{prog}: internal error: {exc.__class__.__name__}: {exc}", err=True)
        if os.environ.get(debug_env):
            traceback.print_exc()
        else:
            click.echo(f"Set {debug_env}=1 for the traceback, and please report it.", err=True)
        sys.exit(EXIT_ERROR)
