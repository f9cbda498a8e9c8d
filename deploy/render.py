"""Render deploy/nginx/innovationzone.conf for this installation.

    python deploy/render.py nginx --listen 80 --backends 127.0.0.1:5001,127.0.0.1:5002 \
        > /etc/nginx/sites-available/innovationzone

`--standalone DIR` wraps the site in a complete nginx.conf whose pid, logs and temporary files
live in DIR, so nginx runs as an ordinary process (the tests and bench/scale.py do that).
Only the standard library is used: it runs before anything is installed, or from the venv.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

STANDALONE = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
{site}
}}
"""


def static_dir() -> str:
    """The static folder of the innovationzone this Python would import (wheel or checkout)."""
    try:
        from innovationzone.paths import static
    except ImportError:  # rendering from a checkout without the package installed
        return str(HERE.parent / "static")
    return static()


def render_nginx(listen: str, backends: list[str], static: str, expose_upstream: bool) -> str:
    # Three failed attempts in 5 s take a process out for 5 s, not one: a process out moves every session
    # hashed to it, and a Socket.IO long-poll that lands on another process is refused ("Invalid
    # session") and must reconnect. A dead process refuses connections at once, so each request
    # still goes on to the next process of the ring in the meantime.
    servers = "\n".join(f"    server {b} max_fails=3 fail_timeout=5s;" for b in backends)
    site = (HERE / "nginx" / "innovationzone.conf").read_text()
    for key, value in {
        "servers": servers,
        "listen": listen,
        "static_dir": static.rstrip("/"),
        "proxy_headers": str(HERE / "nginx" / "proxy-headers.conf"),
        # Tests and bench/scale.py see which process answered; never in production (it names
        # internal addresses).
        "debug_headers": "        add_header X-IZ-Upstream $upstream_addr always;\n"
        if expose_upstream
        else "",
    }.items():
        site = site.replace("{{" + key + "}}", value)
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    nginx = sub.add_parser("nginx", help="the nginx site for N innovationzone processes")
    nginx.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    nginx.add_argument(
        "--backends",
        default="127.0.0.1:5001,127.0.0.1:5002",
        help="comma-separated host:port of the innovationzone serve processes",
    )
    nginx.add_argument("--static-dir", default=None, help="default: the installed package's")
    nginx.add_argument("--standalone", metavar="DIR", help="a whole nginx.conf living in DIR")
    nginx.add_argument("--output", help="write here instead of standard output")
    nginx.add_argument(
        "--expose-upstream",
        action="store_true",
        help="add an X-IZ-Upstream header naming the process that answered (tests only)",
    )
    args = parser.parse_args(argv)

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    text = render_nginx(
        args.listen, backends, args.static_dir or static_dir(), args.expose_upstream
    )
    if args.standalone:
        folder = Path(args.standalone).resolve()
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        indented = "\n".join("    " + line if line else line for line in text.splitlines())
        text = STANDALONE.format(dir=folder, site=indented)
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
