"""The console script. For `serve` in eventlet mode it monkey-patches first, before anything
else is imported, and only here: importing innovationzone anywhere else patches nothing."""

from __future__ import annotations

import os
import sys


def patch_for_eventlet() -> None:
    from innovationzone.asyncmode import silence_eventlet_deprecation

    silence_eventlet_deprecation()
    import eventlet

    eventlet.monkey_patch()


def main() -> None:
    if "serve" in sys.argv[1:2] and os.environ.get("IZ_ASYNC_MODE", "eventlet") == "eventlet":
        patch_for_eventlet()
    from innovationzone.cli import cli

    cli.main(prog_name="innovationzone")


if __name__ == "__main__":
    main()
