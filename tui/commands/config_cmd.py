"""``sagemaker-tui config path|init|check``: where the config file is, a commented default, a check.

Textual is imported only by ``check`` (the theme files are Textual themes).
"""

from __future__ import annotations

import argparse
import sys

from tui.commands.common import APP_NAME, ERROR_EXIT, OneLineParser
from tui.config import check_config_file, config_path, default_config_text


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog=f"{APP_NAME} config",
        description="The config file: where it is looked for, a commented default, a check.",
    )
    config_help = "config file (default: SAGEMAKER_TUI_CONFIG or the user config dir)"
    parser.add_argument("--config", metavar="PATH", help=config_help)
    sub = parser.add_subparsers(dest="action", metavar="{path,init,check}", required=True)
    actions = [
        sub.add_parser(
            "path",
            help="print the config file's path: --config, else $SAGEMAKER_TUI_CONFIG, "
            "else <user config dir>/config.toml",
        ),
        init := sub.add_parser("init", help="write a commented config with the default values"),
        sub.add_parser("check", help="validate the config file (every problem) and every theme file"),
    ]
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    for action in actions:
        # `config check --config X` as well as `--config X config check` (as `cache` accepts it);
        # SUPPRESS keeps a --config given before the sub-command when none is given after it.
        action.add_argument("--config", metavar="PATH", default=argparse.SUPPRESS, help=config_help)
    return parser


def run(argv: list[str]) -> int:
    ns = build_parser().parse_args(argv)
    path, _explicit = config_path(ns.config)
    if ns.action == "path":
        print(path)
        return 0
    if ns.action == "init":
        if path.exists() and not ns.force:
            print(f"{path}: already exists; use --force to overwrite it", file=sys.stderr)
            return ERROR_EXIT
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(default_config_text(), encoding="utf-8")
        except OSError as exc:
            print(f"{path}: cannot be written: {exc.strerror or exc}", file=sys.stderr)
            return ERROR_EXIT
        print(f"wrote {path}")
        return 0
    return _check(ns.config)


def _check(explicit: str | None) -> int:
    from tui.screens.keymap import keymap_problems
    from tui.themes import load_themes, theme_dirs

    config, errors = check_config_file(explicit)
    problems = [str(error) for error in errors]
    if config is not None:
        problems.extend(keymap_problems(config))
    catalog = load_themes()
    problems.extend(str(p) for p in catalog.problems)
    if config is not None and not catalog.is_known(config.theme):
        problems.append(
            f"{config.where('theme')}: unknown theme {config.theme!r} "
            f"(available: {', '.join(catalog.names())})"
        )
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        return ERROR_EXIT
    source = config.source if config and config.source else "none (defaults)"
    print(f"config: {source}")
    print(f"themes: {', '.join(catalog.names())} (from {', '.join(str(d) for d in theme_dirs())})")
    return 0
