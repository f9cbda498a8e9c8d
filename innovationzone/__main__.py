"""The console script. For `serve` in eventlet mode it monkey-patches first, before anything
else is imported, and only here: importing innovationzone anywhere else patches nothing."""

from __future__ import annotations

import os
import sys


def patch_for_eventlet() -> None:
    """Monkey-patch for eventlet before anything else is imported: `serve` needs green sockets,
    and patching later leaves real locks in already-imported modules."""
    from innovationzone.asyncmode import silence_eventlet_deprecation

    silence_eventlet_deprecation()
    import eventlet

    eventlet.monkey_patch()


def main() -> None:
    """The `innovationzone` console script: patches only for `serve` in eventlet mode, then runs
    the Flask CLI group over create_app."""
    if "serve" in sys.argv[1:2] and os.environ.get("IZ_ASYNC_MODE", "eventlet") == "eventlet":
        patch_for_eventlet()
    from flask.cli import FlaskGroup

    from innovationzone.app import create_app

    cli = FlaskGroup(
        create_app=create_app,
        add_version_option=False,
        load_dotenv=False,
        help="innovationzone: wiki, blogs and chat for cross-department teams.",
    )
    cli.main(prog_name="innovationzone")


if __name__ == "__main__":
    main()
