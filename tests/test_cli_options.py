"""The model options: declared once (cli_common.ModelOptions), the same on run, eval and batch, and
refused where they mean nothing instead of silently ignored."""

from __future__ import annotations

import dataclasses

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.cli_common import ModelOptions, with_model_options
from tests.fault_server import FaultServer
from tests.test_cli_input import assert_clean_error, run_cli


def option_names(command: str) -> set[str]:
    click_command = get_command(app).commands[command]  # type: ignore[attr-defined]
    return {name for param in click_command.params for name in param.opts}


def test_run_eval_and_batch_take_every_model_option():
    import typing

    hints = typing.get_type_hints(ModelOptions, include_extras=True)
    flags = {hints[f.name].__metadata__[0].default for f in dataclasses.fields(ModelOptions)}
    assert {"--model", "--base-url", "--prompt", "--reading", "--n-ctx", "--threads", "--schema-format"} <= flags
    assert {"--max-attempts", "--timeout", "--retries", "--verbose"} <= flags
    for command in ("run", "eval", "batch"):
        assert flags <= option_names(command), command


def test_a_command_gets_the_options_as_one_object():
    seen: list[ModelOptions] = []
    probe = typer.Typer()

    @probe.command()
    @with_model_options
    def show(name: str, opts: ModelOptions = ModelOptions()) -> None:
        seen.append(opts)

    result = CliRunner().invoke(probe, ["x", "--model", "m", "--n-ctx", "512", "--retries", "0", "-v"])
    assert result.exit_code == 0, result.output
    assert seen == [ModelOptions(model="m", n_ctx=512, retries=0, verbose=True)]
    CliRunner().invoke(probe, ["y"])
    assert seen[-1] == ModelOptions()  # nothing given: every setting None, so load_model can tell


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--n-ctx", "2048"), "n_ctx (--n-ctx): for embedded models only"),
        (("--threads", "2"), "n_threads (--threads): for embedded models only"),
    ],
)
def test_embedded_only_options_are_refused_for_an_endpoint(tmp_path, args, fragment):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nRussia sells grain to Egypt.")
    with FaultServer() as srv:
        proc = run_cli(str(path), "--model", "m", "--base-url", srv.base_url, *args)
        assert srv.requests == []
    assert_clean_error(proc, 2, fragment)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--schema-format", "json_object"), "schema_format (--schema-format): for endpoints only"),
        (("--timeout", "5"), "timeout (--timeout): for endpoints only"),
        (("--retries", "1"), "retries (--retries): for endpoints only"),
    ],
)
def test_endpoint_only_options_are_refused_for_the_embedded_model(tmp_path, args, fragment):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nRussia sells grain to Egypt.")
    assert_clean_error(run_cli(str(path), *args), 2, fragment)  # before any model loads


def test_options_for_the_right_kind_of_model_are_taken(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nRussia sells grain to Egypt.")
    with FaultServer() as srv:
        args = ("--model", "m", "--base-url", srv.base_url, "--schema-format", "json_object", "--timeout", "5")
        proc = run_cli(str(path), *args, "--retries", "0", "--reading", "single")
        sent = srv.requests[0]["body"]["response_format"]
    assert proc.returncode == 0, proc.stderr.decode()
    assert sent["type"] == "json_object"
