"""Command line: serve the sample site until killed, or write it as static files."""

from __future__ import annotations

import argparse
import threading

from .model import THEMES, SampleSite
from .server import serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m archiver.samplesite")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="serve the site on 127.0.0.1 until killed")
    serve_cmd.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve_cmd.add_argument("--variants", action="store_true", help="add aliases and traps")
    write_cmd = commands.add_parser("write", help="write the site as static files")
    write_cmd.add_argument("directory")
    write_cmd.add_argument("--base-url", default=None, help="where the files will be served")
    for command in (serve_cmd, write_cmd):
        command.add_argument("--posts", type=int, default=300, help="published posts")
        command.add_argument("--seed", type=int, default=1)
        command.add_argument("--permalinks", choices=("month", "day"), default="month")
        command.add_argument(
            "--page-kb", type=int, default=0, help="heavy theme, pages of ~N KB (0: light)"
        )
        command.add_argument("--theme", choices=THEMES, default="newspaper")
        command.add_argument(
            "--formats", action="store_true", help="add a Japanese article and an image post"
        )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    variants = getattr(args, "variants", False)
    site = SampleSite.generate(
        n_posts=args.posts,
        seed=args.seed,
        permalinks=args.permalinks,
        variants=variants,
        page_kb=args.page_kb,
        theme=args.theme,
        formats=args.formats,
    )
    if args.command == "write":
        written = site.write_static(args.directory, base_url=args.base_url)
        print(f"Wrote {len(written)} files to {args.directory} (links point at {site.base_url})")
        return
    with serve(site, port=args.port) as base_url:
        print(f"Serving sample site at {base_url}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
