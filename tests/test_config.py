"""config.toml: lookup order, strict validation with file:line:col errors, precedence, commands."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import pytest

from tui import cli
from tui import config as config_module
from tui.commands import config_cmd
from tui.commands.common import connection_options
from tui.config import (
    SETTINGS,
    AppConfig,
    ConfigFileError,
    default_config_text,
    load_config,
    merge_overrides,
)
from tui.launch import effective_config


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user config dir, moved through the one function the code looks it up with."""
    directory = tmp_path / "user-config"
    monkeypatch.setattr(config_module, "user_config_dir", lambda: directory)
    return directory


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigFileError) as info:
        load_config(str(path))
    return str(info.value).replace(str(path), "c.toml")


# -- lookup order ---------------------------------------------------------------------------
def test_no_file_anywhere_gives_the_defaults(config_dir: Path) -> None:
    assert load_config() == AppConfig()


def test_user_config_dir_file_is_read(config_dir: Path) -> None:
    write(config_dir / "config.toml", 'theme = "ansi"\n')
    assert load_config().theme == "ansi"


def test_env_var_beats_user_dir(config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_dir / "config.toml", 'theme = "ansi"\n')
    env_file = write(tmp_path / "env.toml", 'theme = "high-contrast"\n')
    monkeypatch.setenv("SAGEMAKER_TUI_CONFIG", str(env_file))
    assert load_config().theme == "high-contrast"


def test_explicit_path_beats_env_var(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAGEMAKER_TUI_CONFIG", str(write(tmp_path / "env.toml", 'theme = "ansi"\n')))
    explicit = write(tmp_path / "explicit.toml", 'theme = "sagemaker-light"\n')
    assert load_config(str(explicit)).theme == "sagemaker-light"


def test_named_file_that_does_not_exist_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigFileError, match=r"missing\.toml: no such file$"):
        load_config(str(tmp_path / "missing.toml"))
    monkeypatch.setenv("SAGEMAKER_TUI_CONFIG", str(tmp_path / "gone.toml"))
    with pytest.raises(ConfigFileError, match=r"gone\.toml: no such file$"):
        load_config()


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="is a directory, not a file"):
        load_config(str(tmp_path))


# -- every value and its error --------------------------------------------------------------
def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "c.toml",
        """
profile = "ml"
region = "eu-west-1"
theme = "ansi"
list_interval = 30
running_job_interval = 5.5
settling_job_interval = 120
max_attempts = 3
columns = ["status", "name"]
time_display = "absolute"
timezone = "local"
mask_environment = false
animations = true

[keymap]
"list.refresh" = "r,f5"
app.quit = ["q", "ctrl+q"]
""",
    )
    assert load_config(str(path)) == AppConfig(
        profile="ml",
        region="eu-west-1",
        theme="ansi",
        list_interval=30.0,
        running_job_interval=5.5,
        settling_job_interval=120.0,
        max_attempts=3,
        columns=("status", "name"),
        time_display="absolute",
        timezone="local",
        mask_environment=False,
        animations=True,
        keymap={"list.refresh": "r,f5", "app.quit": "q,ctrl+q"},
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("profile = 3\n", "c.toml:1:11: profile: must be a string, not the number 3"),
        ('profile = ""\n', "c.toml:1:11: profile: must not be empty"),
        ('region = "US East"\n', "c.toml:1:10: region: 'US East' is not a region name like 'us-east-1'"),
        ("theme = true\n", "c.toml:1:9: theme: must be a string, not a boolean"),
        ("\n\nlist_interval = 0.5\n", "c.toml:3:17: list_interval: must be at least 1 second, not 0.5"),
        (
            'running_job_interval = "10"\n',
            "c.toml:1:24: running_job_interval: must be a number of seconds, not a string",
        ),
        (
            "settling_job_interval = nan\n",
            "c.toml:1:25: settling_job_interval: must be at least 1 second, not nan",
        ),
        ("max_attempts = 0\n", "c.toml:1:16: max_attempts: must be between 1 and 100, not 0"),
        ("max_attempts = 2.5\n", "c.toml:1:16: max_attempts: must be a whole number, not the number 2.5"),
        ("max_attempts = true\n", "c.toml:1:16: max_attempts: must be a whole number, not a boolean"),
        ("columns = []\n", "c.toml:1:11: columns: must be a non-empty list of column names"),
        (
            'columns = ["name", "colour"]\n',
            "c.toml:1:11: columns: unknown column 'colour' (valid columns: billable, created, duration, "
            "instance, modified, name, objective, region, secondary, status, tags, warm_pool)",
        ),
        ('columns = ["name", "name"]\n', "c.toml:1:11: columns: column 'name' is listed twice"),
        (
            'time_display = "ago"\n',
            "c.toml:1:16: time_display: must be one of 'relative', 'absolute', not 'ago'",
        ),
        (
            'timezone = "Europe/Paris"\n',
            "c.toml:1:12: timezone: must be one of 'utc', 'local', not 'Europe/Paris'",
        ),
        ('mask_environment = "yes"\n', "c.toml:1:20: mask_environment: must be true or false, not a string"),
        ("animations = 1\n", "c.toml:1:14: animations: must be true or false, not the number 1"),
    ],
)
def test_bad_values_name_file_line_column_and_reason(tmp_path: Path, text: str, message: str) -> None:
    assert error_for(tmp_path, text) == message


def test_unknown_key_names_the_valid_ones(tmp_path: Path) -> None:
    assert error_for(tmp_path, 'theme = "ansi"\n  colour = "red"\n') == (
        "c.toml:2:3: unknown key 'colour' (valid keys: animations, columns, keymap, list_interval, "
        "mask_environment, max_attempts, notify_failures, profile, read_only, region, "
        "running_job_interval, settling_job_interval, theme, time_display, timezone)"
    )


def test_unknown_table_is_an_unknown_key(tmp_path: Path) -> None:
    assert error_for(tmp_path, 'theme = "ansi"\n\n[refresh]\nlist = 5\n').startswith(
        "c.toml:3:1: unknown key 'refresh' (valid keys: animations,"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = \n", "c.toml:1:9: malformed TOML: invalid value"),
        (
            'theme = "ansi"\n[keymap\n',
            "c.toml:2:8: malformed TOML: expected ']' at the end of a table declaration",
        ),
        ('theme = "ansi"\ntheme = "ansi"\n', "c.toml:2:15: malformed TOML: cannot overwrite a value"),
        ('theme = "ansi\n', "c.toml:1:14: malformed TOML: illegal character '\\n'"),
        ('profile = "x"\ntheme = """ansi', "c.toml:2:16: malformed TOML: unterminated string at end of file"),
    ],
)
def test_malformed_toml_has_a_position(tmp_path: Path, text: str, message: str) -> None:
    assert error_for(tmp_path, text) == message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'theme = "ansi"\nprofile = "caf\xe9"\n')
    with pytest.raises(ConfigFileError) as info:
        load_config(str(path))
    assert str(info.value) == f"{path}:2:15: not UTF-8 text"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[keymap]\n"app.quit" = 3\n',
            'c.toml:2:14: keymap.app.quit: keys must be a string like "ctrl+r" or a list of them, '
            "not the number 3",
        ),
        (
            '[keymap]\n"app.quit" = "q,,x"\n',
            "c.toml:2:14: keymap.app.quit: 'q,,x' is not a key list like \"r,ctrl+r\"",
        ),
        (
            '[keymap]\n"app.quit" = "ctrl q"\n',
            "c.toml:2:14: keymap.app.quit: 'ctrl q' is not a key list like \"r,ctrl+r\"",
        ),
        ('[keymap]\n"app.quit" = []\n', "c.toml:2:14: keymap.app.quit: must name at least one key"),
        ('keymap = "q"\n', "c.toml:1:10: keymap must be a table of binding id = keys, not a string"),
    ],
)
def test_bad_keymap_entries(tmp_path: Path, text: str, message: str) -> None:
    assert error_for(tmp_path, text) == message


def test_positions_are_kept_for_later_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", '# mine\n\n  theme = "nope"\n')
    config = load_config(str(path))
    assert config.where("theme") == f"{path}:3:11"
    assert AppConfig().where("theme") == "config"


# -- `config init` writes a commented default --------------------------------------------------
def test_default_text_loads_to_the_defaults_and_sets_every_key(tmp_path: Path) -> None:
    text = default_config_text()
    path = write(tmp_path / "c.toml", text)
    assert load_config(str(path)) == AppConfig()
    for key in SETTINGS:
        # Every setting is documented: present as a key (profile/region commented out).
        assert f"\n{key} = " in text or f"\n# {key} = " in text or f"\n[{key}]" in text, key


def test_config_path_prints_the_lookup_result(
    config_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert config_cmd.run(["path"]) == 0
    assert capsys.readouterr().out == f"{config_dir / 'config.toml'}\n"
    monkeypatch.setenv("SAGEMAKER_TUI_CONFIG", str(tmp_path / "env.toml"))
    assert config_cmd.run(["path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'env.toml'}\n"
    assert cli.main(["--config", str(tmp_path / "x.toml"), "config", "path"]) == 0
    assert capsys.readouterr().out == f"{tmp_path / 'x.toml'}\n"


def test_config_init_writes_then_refuses_then_forces(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = config_dir / "config.toml"
    assert cli.main(["config", "init"]) == 0
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8") == default_config_text()

    target.write_text('theme = "ansi"\n', encoding="utf-8")
    assert cli.main(["config", "init"]) == 1
    assert capsys.readouterr().err == f"{target}: already exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == 'theme = "ansi"\n'

    assert cli.main(["config", "init", "--force"]) == 0
    assert target.read_text(encoding="utf-8") == default_config_text()


def test_config_check_reports_problems_in_one_line_each(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(config_dir / "config.toml", 'theme = "nope"\n')
    write(config_dir / "themes" / "broken.toml", "name = \n")
    assert cli.main(["config", "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{config_dir / 'themes' / 'broken.toml'}:1:8: malformed TOML: invalid value",
        f"{config_dir / 'config.toml'}:1:9: unknown theme 'nope' "
        "(available: ansi, high-contrast, sagemaker-dark, sagemaker-light)",
    ]


def test_config_check_passes_on_a_good_setup(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(config_dir / "config.toml", 'theme = "ansi"\n')
    assert cli.main(["config", "check"]) == 0
    assert capsys.readouterr().out.startswith(f"config: {config_dir / 'config.toml'}\nthemes: ansi, ")


# -- precedence: command line > config file > defaults ----------------------------------------
def parse(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(list(argv))


def test_merge_overrides_ignores_unset_options() -> None:
    base = AppConfig(theme="ansi", list_interval=30.0)
    merged = merge_overrides(base, theme=None, list_interval=20.0)
    assert (merged.theme, merged.list_interval) == ("ansi", 20.0)
    with pytest.raises(TypeError):
        merge_overrides(base, colour="red")


def test_command_line_beats_config_beats_defaults(tmp_path: Path) -> None:
    path = write(tmp_path / "c.toml", 'theme = "ansi"\nlist_interval = 30\nmax_attempts = 2\n')
    from_file = effective_config(parse("--config", str(path)))
    assert (from_file.theme, from_file.list_interval, from_file.max_attempts) == ("ansi", 30.0, 2)
    assert from_file.running_job_interval == AppConfig().running_job_interval  # default kept

    overridden = effective_config(
        parse(
            "--config",
            str(path),
            "--theme",
            "high-contrast",
            "--list-interval",
            "5",
            "--running-job-interval",
            "3",
            "--settling-job-interval",
            "90",
            "--max-attempts",
            "7",
        )
    )
    assert (
        overridden.theme,
        overridden.list_interval,
        overridden.running_job_interval,
        overridden.settling_job_interval,
        overridden.max_attempts,
    ) == ("high-contrast", 5.0, 3.0, 90.0, 7)


def test_profile_and_region_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "c.toml", 'profile = "from-config"\nregion = "eu-west-1"\n')
    ns = parse("--config", str(path))
    config = effective_config(ns)

    def options(ns: argparse.Namespace) -> tuple[str | None, str | None]:
        o = connection_options(ns, config_profile=config.profile, config_region=config.region)
        return o.profile, o.region

    assert options(ns) == ("from-config", "eu-west-1")
    # The environment beats the config, as the AWS CLI's own settings do (botocore reads it).
    monkeypatch.setenv("AWS_PROFILE", "from-env")
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    assert options(ns) == (None, None)
    # The command line beats both.
    assert options(parse("--config", str(path), "--profile", "cli", "--region", "ap-south-1")) == (
        "cli",
        "ap-south-1",
    )


# -- what a user sees at the command line -----------------------------------------------------
def test_malformed_config_exits_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "c.toml", "theme = \n")
    assert cli.main(["--config", str(path), "--offline"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"{path}:1:9: malformed TOML: invalid value\n"
    assert captured.out == ""


def test_unknown_config_key_exits_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "c.toml", "colour = 1\n")
    assert cli.main(["--config", str(path), "--offline"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1:1: unknown key 'colour' (valid keys: animations, ")
    assert err.count("\n") == 1


def test_unknown_theme_in_config_points_at_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "c.toml", 'theme = "solarised"\n')
    assert cli.main(["--config", str(path), "--offline"]) == 1
    assert capsys.readouterr().err == (
        f"{path}:1:9: unknown theme 'solarised' (available: ansi, high-contrast, sagemaker-dark, "
        "sagemaker-light)\n"
    )


def test_unknown_theme_on_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--theme", "solarised", "--offline"]) == 2
    assert capsys.readouterr().err == (
        "sagemaker-tui: error: --theme: unknown theme 'solarised' (available: ansi, high-contrast, "
        "sagemaker-dark, sagemaker-light)\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--list-interval", "0.2"], "argument --list-interval: '0.2' must be at least 1 second"),
        (
            ["--running-job-interval", "soon"],
            "argument --running-job-interval: 'soon' is not a number of seconds",
        ),
        (["--max-attempts", "0"], "argument --max-attempts: '0' must be between 1 and 100"),
    ],
)
def test_bad_interval_options(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    assert capsys.readouterr().err == f"sagemaker-tui: error: {message}\n"


# -- the keymap reaches Textual ---------------------------------------------------------------
def test_keymap_remaps_an_app_binding(tmp_path: Path) -> None:
    """`[keymap] "app.help" = "f1"` moves help from ? to F1."""
    asyncio.run(_remap_help(tmp_path))


async def _remap_help(tmp_path: Path) -> None:
    from tui.app import SageMakerTUI
    from tui.repository import JobRepository
    from tui.screens.help import HelpScreen
    from tui.settings import RunSettings

    path = write(tmp_path / "c.toml", '[keymap]\n"app.help" = "f1"\n')
    app = SageMakerTUI(
        JobRepository(client=None), settings=RunSettings(live=False), config=load_config(str(path))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)  # the old key is gone
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_keymap_id_that_no_binding_has_is_reported(tmp_path: Path) -> None:
    """Textual ignores unknown ids; the app says so once, with the file position."""
    from tui.app import SageMakerTUI
    from tui.repository import JobRepository
    from tui.screens.keymap import known_binding_ids
    from tui.settings import RunSettings

    assert {"app.quit", "app.help", "list.refresh"} <= known_binding_ids()
    path = write(tmp_path / "c.toml", '[keymap]\n"app.help" = "f1"\n"list.refrsh" = "f5"\n')

    async def scenario() -> list[str]:
        app = SageMakerTUI(
            JobRepository(client=None), settings=RunSettings(live=False), config=load_config(str(path))
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            return [n.message for n in app._notifications if n.title == "Keymap problem"]

    assert asyncio.run(scenario()) == [
        f"{path}:3:17: no key binding has the id 'list.refrsh'; the help screen (?) lists the ids."
    ]


def test_read_only_and_notify_failures_are_checked_booleans(tmp_path: Path) -> None:
    assert error_for(tmp_path, 'read_only = "no"\n') == (
        "c.toml:1:13: read_only: must be true or false, not a string"
    )
    path = write(tmp_path / "ok.toml", "read_only = false\nnotify_failures = true\n")
    config = load_config(str(path))
    assert (config.read_only, config.notify_failures) == (False, True)
    assert AppConfig().read_only is True  # read-only unless the user says otherwise


# -- `config check` reports every problem, each at its own line --------------------------------
def test_config_check_reports_every_problem_not_just_the_first(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        config_dir / "config.toml",
        'colour = "x"\nlist_interval = 0\ntheme = "ansi"\nmax_attempts = "many"\n'
        '[keymap]\n"app.help" = "f1"\n"list.refrsh" = "f5"\n"app.quit" = 3\n  "detail.nope" = "x"\n',
    )
    assert cli.main(["config", "check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{path}:1:1: unknown key 'colour' (valid keys: {', '.join(sorted(SETTINGS))})",
        f"{path}:2:17: list_interval: must be at least 1 second, not 0",
        f"{path}:4:16: max_attempts: must be a whole number, not a string",
        f"{path}:8:14: keymap.app.quit: keys must be a string like \"ctrl+r\" or a list of them, "
        "not the number 3",
        f"{path}:7:17: no key binding has the id 'list.refrsh'; the help screen (?) lists the ids.",
        f"{path}:9:19: no key binding has the id 'detail.nope'; the help screen (?) lists the ids.",
    ]
    # Start-up stays strict: the first problem stops it, with its position.
    with pytest.raises(ConfigFileError, match=r":1:1: unknown key 'colour'"):
        load_config(str(path))


def test_config_accepts_config_after_the_sub_command(
    config_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good.toml", 'theme = "ansi"\n')
    bad = write(tmp_path / "bad.toml", "list_interval = 0\n")
    assert cli.main(["config", "check", "--config", str(good)]) == 0
    assert capsys.readouterr().out.startswith(f"config: {good}\n")
    assert cli.main(["config", "check", "--config", str(bad)]) == 1
    assert capsys.readouterr().err == f"{bad}:1:17: list_interval: must be at least 1 second, not 0\n"
    assert cli.main(["config", "path", "--config", str(good)]) == 0
    assert capsys.readouterr().out == f"{good}\n"
    # Before the sub-command still works, and one given after it wins.
    assert cli.main(["--config", str(bad), "config", "check", "--config", str(good)]) == 0
    assert cli.main(["--config", str(good), "config", "check"]) == 0
    capsys.readouterr()
    assert cli.main(["config", "init", "--config", str(tmp_path / "new.toml")]) == 0
    assert (tmp_path / "new.toml").read_text(encoding="utf-8") == default_config_text()
