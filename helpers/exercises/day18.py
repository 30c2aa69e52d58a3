"""Exercises for Day 18 – Command-Line Interfaces & Entry Points."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 18")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

Main = Callable[[list[str]], int | None]


# -- reference solutions ----------------------------------------------------

def port_number(text: str) -> int:
    """argparse type: a TCP port from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 1-65535, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser of the `deploy` tool."""
    parser = argparse.ArgumentParser(prog="deploy", description="Ship a release.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    environments = ("staging", "production")

    push = commands.add_parser("push", help="deploy a tagged release")
    push.add_argument("env", choices=environments)
    push.add_argument("tag")
    push.add_argument("--dry-run", action="store_true")

    rollback = commands.add_parser("rollback", help="go back to an earlier release")
    rollback.add_argument("env", choices=environments)
    rollback.add_argument("--steps", type=int, default=1)
    return parser


def run_cli(main: Main, argv: list[str]) -> tuple[int, str, str]:
    """Run main(argv) in-process; return (exit_code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code
            else:  # sys.exit("message"): Python prints the message and exits with 1
                print(exc.code, file=sys.stderr)
                code = 1
    return (0 if code is None else code), out.getvalue(), err.getvalue()


# -- checks -----------------------------------------------------------------

@exercises.add(1, "an argparse type for TCP ports", solution=port_number, hint="""
    Convert with int() inside try/except ValueError, and re-raise as
    argparse.ArgumentTypeError(f"{text!r} is not a whole number"). Then check the range
    1 <= value <= 65535 and raise ArgumentTypeError again if it is outside. argparse shows
    the message of an ArgumentTypeError word for word; for a plain ValueError it prints a
    generic 'invalid ... value' instead.
""")
def _check_1(fn: Any) -> None:
    for text, expected in (("8080", 8080), ("1", 1), ("65535", 65535), ("443", 443)):
        got = fn(text)
        ensure(type(got) is int and got == expected,
               f"port_number({text!r}) should return the int {expected}, got {got!r}")
    for text in ("0", "65536", "70000", "-1", "http", "8.5", ""):
        try:
            got = fn(text)
        except argparse.ArgumentTypeError as exc:
            ensure(text in str(exc), f"the message for {text!r} should quote the text: {exc}")
            continue
        except ValueError as exc:
            raise ExerciseFailure(
                f"port_number({text!r}) raised ValueError; raise argparse.ArgumentTypeError "
                f"so argparse shows your message") from exc
        ensure(False, f"port_number({text!r}) should be rejected, but returned {got!r}")
    parser = argparse.ArgumentParser(prog="serve")
    parser.add_argument("--port", type=fn)
    ensure(parser.parse_args(["--port", "8000"]).port == 8000, "--port 8000 should parse to 8000")
    err = io.StringIO()
    try:
        with redirect_stderr(err):
            parser.parse_args(["--port", "70000"])
    except SystemExit as exc:
        ensure(exc.code == 2, f"argparse should exit with 2, got {exc.code!r}")
    else:
        ensure(False, "--port 70000 should be a usage error")
    ensure("argument --port: " in err.getvalue() and "70000" in err.getvalue(),
           f"argparse should print your message; it printed: {err.getvalue().strip()!r}")


def _usage_error(parser_factory: Callable[[], Any], argv: Sequence[str]) -> bool:
    try:
        with redirect_stderr(io.StringIO()), redirect_stdout(io.StringIO()):
            parser_factory().parse_args(list(argv))
    except SystemExit as exc:
        return exc.code == 2
    return False


@exercises.add(2, "a parser with sub-commands", solution=build_parser, hint="""
    parser.add_subparsers(dest="command", required=True) gives you an object whose
    add_parser("push") returns a new parser for that sub-command. Give each its own
    arguments: add_argument("env", choices=("staging", "production")), add_argument("tag"),
    add_argument("--dry-run", action="store_true"), and for rollback
    add_argument("--steps", type=int, default=1).
""")
def _check_2(fn: Any) -> None:
    parser = fn()
    ensure(isinstance(parser, argparse.ArgumentParser),
           f"build_parser() should return an ArgumentParser, got {type(parser).__name__}")
    args = fn().parse_args(["push", "staging", "v1.2.3"])
    ensure(args.command == "push", f"args.command should be 'push', got {args.command!r}")
    ensure((args.env, args.tag, args.dry_run) == ("staging", "v1.2.3", False),
           f"push staging v1.2.3: expected env/tag/dry_run = staging, v1.2.3, False; got "
           f"{args.env!r}, {args.tag!r}, {args.dry_run!r}")
    args = fn().parse_args(["push", "production", "v2", "--dry-run"])
    ensure(args.dry_run is True, "--dry-run should set args.dry_run to True")
    args = fn().parse_args(["rollback", "staging"])
    ensure(args.command == "rollback" and args.env == "staging",
           "rollback staging: command should be 'rollback' and env 'staging'")
    ensure(args.steps == 1, f"--steps should default to 1, got {args.steps!r}")
    args = fn().parse_args(["rollback", "production", "--steps", "3"])
    ensure(args.steps == 3 and type(args.steps) is int,
           f"--steps 3 should give the int 3, got {args.steps!r}")
    for argv in ([], ["push", "dev", "v1"], ["push", "staging"], ["restart", "staging"],
                 ["rollback", "staging", "--steps", "two"], ["rollback", "qa"]):
        ensure(_usage_error(fn, argv), f"deploy {' '.join(argv) or '(nothing)'} should be a "
                                       f"usage error (exit code 2)")


def _greets(argv: list[str]) -> int:
    print(f"hello {' '.join(argv)}")
    return 0


def _warns(argv: list[str]) -> None:
    print("careful", file=sys.stderr)


def _returns_three(argv: list[str]) -> int:
    print("partial result")
    return 3


def _exits(code: object) -> Main:
    def main(argv: list[str]) -> int:
        print("step 1 done")
        print("step 2 failed", file=sys.stderr)
        sys.exit(code)  # type: ignore[arg-type]
    return main


def _argparse_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="count")
    parser.add_argument("--n", type=int, required=True)
    print(parser.parse_args(argv).n * 2)
    return 0


def _buggy(argv: list[str]) -> int:
    print("about to crash")
    raise KeyError("config")


@exercises.add(3, "a test harness for main()", solution=run_cli, hint="""
    Make two io.StringIO buffers and wrap the call in
    `with redirect_stdout(out), redirect_stderr(err):` (from contextlib). Inside, call
    main(argv) in try/except SystemExit as exc and look at exc.code: None means 0, an int
    is the code, anything else is a message: print it to sys.stderr (still redirected)
    and use 1. Don't catch other exceptions. Return (code, out.getvalue(), err.getvalue()).
""")
def _check_3(fn: Any) -> None:
    stdout, stderr = sys.stdout, sys.stderr
    cases: list[tuple[str, Main, list[str], tuple[int, str, str]]] = [
        ("a main that returns 0", _greets, ["Ada", "Grace"], (0, "hello Ada Grace\n", "")),
        ("a main that returns None", _warns, [], (0, "", "careful\n")),
        ("a main that returns 3", _returns_three, [], (3, "partial result\n", "")),
        ("sys.exit(None)", _exits(None), [], (0, "step 1 done\n", "step 2 failed\n")),
        ("sys.exit(4)", _exits(4), [], (4, "step 1 done\n", "step 2 failed\n")),
        ("sys.exit('disk full')", _exits("disk full"), [],
         (1, "step 1 done\n", "step 2 failed\ndisk full\n")),
        ("an argparse main, good input", _argparse_main, ["--n", "21"], (0, "42\n", "")),
    ]
    for label, main, argv, expected in cases:
        got = fn(main, argv)
        ensure(sys.stdout is stdout and sys.stderr is stderr,
               f"after {label}, sys.stdout/sys.stderr were not restored")
        ensure(isinstance(got, tuple) and len(got) == 3,
               f"run_cli should return a 3-tuple (code, stdout, stderr), got {got!r}")
        ensure(got == expected, f"{label}: expected {expected!r}, got {got!r}")
    code, out, err = fn(_argparse_main, ["--n", "many"])
    ensure(code == 2, f"an argparse usage error should give exit code 2, got {code!r}")
    ensure(out == "" and err.startswith("usage: count"),
           f"argparse's usage should be captured on stderr, got stdout={out!r} stderr={err!r}")
    try:
        fn(_buggy, [])
    except KeyError:
        pass
    else:
        ensure(False, "a main that crashes with KeyError should let the KeyError propagate")
    ensure(sys.stdout is stdout and sys.stderr is stderr,
           "after a crashing main, sys.stdout/sys.stderr were not restored")
