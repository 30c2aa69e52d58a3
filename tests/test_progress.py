"""helpers.progress: solved exercises are remembered outside the repository, safely."""

from __future__ import annotations

import json
import os
import warnings
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from matplotlib.figure import Figure

from helpers import progress
from helpers.course import exercise_titles, load_course
from helpers.exercises import ExerciseSet, ensure
from helpers.progress import (
    APP_NAME,
    FILE_NAME,
    STATE_ENV,
    DayProgress,
    ProgressError,
    ProgressWarning,
    day_number,
    draw_progress,
    load_solved,
    main,
    progress_by_day,
    read_solved,
    record_solved,
    show_progress,
    state_dir,
    state_file,
    summary_line,
)

from .conftest import ROOT

HOME = Path("/home/ada")


@pytest.fixture(autouse=True)
def fresh_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts a new "session": no warning given yet."""
    monkeypatch.setattr(progress, "_warned", False)


def demo_set(label: str = "Day 07") -> ExerciseSet:
    exercises = ExerciseSet(label)

    @exercises.add(1, "double", solution=lambda n: 2 * n, hint="multiply")
    def _check_1(fn: Any) -> None:
        ensure(fn(2) == 4, "2 doubled is 4")

    @exercises.add(2, "triple", solution=lambda n: 3 * n, hint="multiply")
    def _check_2(fn: Any) -> None:
        ensure(fn(2) == 6, "2 tripled is 6")

    return exercises


def stored(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- where the record lives --------------------------------------------------------------

def test_the_override_wins_everywhere() -> None:
    for platform in ("linux", "darwin", "win32"):
        env = {STATE_ENV: "~/course-state", "XDG_STATE_HOME": "/x", "LOCALAPPDATA": "C:\\L"}
        assert state_dir(env, platform, HOME) == Path("~/course-state").expanduser()


@pytest.mark.parametrize("platform", ["linux", "darwin", "freebsd14"])
def test_unix_like_systems_follow_xdg(platform: str) -> None:
    assert state_dir({"XDG_STATE_HOME": "/var/state"}, platform, HOME) == \
        Path("/var/state") / APP_NAME
    default = HOME / ".local" / "state" / APP_NAME
    assert state_dir({}, platform, HOME) == default
    assert state_dir({"XDG_STATE_HOME": ""}, platform, HOME) == default
    assert state_dir({"XDG_STATE_HOME": "relative/dir"}, platform, HOME) == default  # XDG: ignore
    assert state_file({}, platform, HOME) == default / FILE_NAME


def test_windows_uses_local_app_data() -> None:
    local = "C:\\Users\\ada\\AppData\\Local"
    assert state_dir({"LOCALAPPDATA": local, "XDG_STATE_HOME": "/x"}, "win32", HOME) == \
        Path(local) / APP_NAME
    assert state_dir({}, "win32", HOME) == HOME / "AppData" / "Local" / APP_NAME


def test_tests_never_see_the_learners_record(_own_progress_folder: Path) -> None:
    assert state_file() == _own_progress_folder / FILE_NAME
    assert ROOT not in state_file().parents


# --- recording ---------------------------------------------------------------------------

def test_a_passing_check_is_recorded_with_its_date(_own_progress_folder: Path) -> None:
    result = demo_set().check(2, lambda n: 3 * n)
    assert result.passed
    data = stored(_own_progress_folder / FILE_NAME)
    assert data == {"format": 1, "solved": [
        {"day": 7, "exercise": 2, "first_solved": date.today().isoformat()}]}


def test_a_failing_check_and_a_set_outside_the_course_record_nothing(
        _own_progress_folder: Path) -> None:
    assert not demo_set().check(1, lambda n: n)
    assert demo_set("demo").check(1, lambda n: 2 * n)
    assert not (_own_progress_folder / FILE_NAME).exists()


def test_solving_again_keeps_the_first_date(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    assert record_solved(7, 1, today=date(2025, 1, 2), path=path)
    assert record_solved(3, 2, today=date(2025, 1, 5), path=path)
    assert not record_solved(7, 1, today=date(2025, 2, 1), path=path)
    assert read_solved(path) == {(7, 1): date(2025, 1, 2), (3, 2): date(2025, 1, 5)}
    assert [e["day"] for e in stored(path)["solved"]] == [3, 7]  # sorted, readable


def test_the_file_is_replaced_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / FILE_NAME
    record_solved(1, 1, today=date(2025, 1, 1), path=path)
    before = path.read_text(encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.warns(ProgressWarning, match="cannot be saved"):
        assert not record_solved(1, 2, path=path)
    assert path.read_text(encoding="utf-8") == before  # the old record, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [FILE_NAME]  # no debris


def test_day_number() -> None:
    assert day_number("Day 04") == 4 and day_number("Day 100") == 100
    assert day_number("demo") is None and day_number("Day four") is None


# --- a damaged or unwritable record ------------------------------------------------------

@pytest.mark.parametrize("text,reason", [
    ("{not json", "not JSON"),
    ("\udcff", "not JSON"),
    ("[]", '"format": 1'),
    ('{"format": 2, "solved": []}', '"format": 1'),
    ('{"format": 1, "solved": [{"day": 1}]}', "bad entry"),
    ('{"format": 1, "solved": [{"day": 1, "exercise": 0, "first_solved": "2025-01-01"}]}',
     "bad entry"),
    ('{"format": 1, "solved": [{"day": 1, "exercise": 1, "first_solved": "yesterday"}]}',
     "bad entry"),
    ('{"format": 1, "solved": ["day 1"]}', "bad entry"),
])
def test_a_damaged_file_is_named_for_what_is_wrong(tmp_path: Path, text: str,
                                                   reason: str) -> None:
    path = tmp_path / FILE_NAME
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ProgressError, match=reason):
        read_solved(path)


def test_a_damaged_file_warns_once_and_the_check_still_works(_own_progress_folder: Path) -> None:
    path = _own_progress_folder / FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    exercises = demo_set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = exercises.check(1, lambda n: 2 * n)
        second = exercises.check(2, lambda n: 3 * n)
        wrong = exercises.check(2, lambda n: n)
    assert first.passed and second.passed and not wrong.passed
    assert repr(first) == "✅ Exercise 1 (double): correct"  # the usual report
    assert [w.category for w in caught] == [ProgressWarning]  # one warning, not three
    message = str(caught[0].message)
    assert str(path) in message and "cannot be read" in message and "checks work" in message
    assert caught[0].filename == __file__  # it points at the learner's line, not at helpers
    assert path.read_text(encoding="utf-8") == "{not json"  # left for the learner to rescue


def test_an_unwritable_folder_warns_once_and_the_check_still_works(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(STATE_ENV, str(blocker / "state"))  # cannot be created, even by root
    exercises = demo_set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert exercises.check(1, lambda n: 2 * n).passed
        assert exercises.check(2, lambda n: 3 * n).passed
    assert [w.category for w in caught] == [ProgressWarning]
    assert "cannot be saved" in str(caught[0].message)
    assert STATE_ENV in str(caught[0].message)  # says how to fix it


def test_an_unexpected_error_while_recording_never_breaks_the_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> bool:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(progress, "record_solved", broken)
    with pytest.warns(ProgressWarning, match="disk on fire"):
        assert demo_set().check(1, lambda n: 2 * n).passed


def test_loading_a_damaged_record_shows_it_empty_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    path.write_text("[]", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert load_solved(path) == {}
        assert load_solved(path) == {}
    assert len(caught) == 1
    assert load_solved(tmp_path / "missing.json") == {}  # no record yet: no warning needed


# --- showing progress --------------------------------------------------------------------

ROWS = [DayProgress(1, 3, 3), DayProgress(2, 1, 3), DayProgress(4, 4, 4), DayProgress(5, 0, 4)]


def test_the_summary_line() -> None:
    assert summary_line(ROWS) == "8 of 14 exercises solved; days finished: 01, 04."
    assert summary_line([DayProgress(1, 0, 3)]) == \
        "0 of 3 exercises solved; days finished: none."


def test_progress_per_day_counts_only_exercises_that_exist() -> None:
    course = load_course()
    solved = {(1, 1): date(2025, 1, 1), (1, 2): date(2025, 1, 1), (1, 3): date(2025, 1, 2),
              (2, 1): date(2025, 1, 3), (2, 99): date(2025, 1, 3), (99, 1): date(2025, 1, 3)}
    rows = progress_by_day(course, solved)
    assert [r.number for r in rows] == [d.number for d in course.days if course.written(d)]
    assert rows[0] == DayProgress(1, 3, len(exercise_titles(1)))
    assert rows[1].solved == 1
    assert sum(r.solved for r in rows) == 4


def test_the_picture_builds_and_says_what_it_shows() -> None:
    fig = draw_progress(ROWS)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Your progress: 8 of 14 exercises solved · days " \
                                       "finished: 01, 04."
    assert [t.get_text() for t in ax.get_xticklabels()] == ["01", "02", "04", "05"]
    assert [t.get_text() for t in ax.texts] == ["3/3", "1/3", "4/4", "0/4"]
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "not solved yet", "solved", "solved: day finished"]
    with pytest.raises(ValueError, match="at least one day"):
        draw_progress([])


def test_show_progress_prints_the_line_and_returns_the_picture(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    record_solved(3, 1, path=path)
    fig = show_progress(path=path)
    assert isinstance(fig, Figure)
    assert capsys.readouterr().out.startswith("1 of ")


def test_make_progress_prints_every_day_and_saves_the_picture(
        capsys: pytest.CaptureFixture[str], _own_progress_folder: Path) -> None:
    record_solved(2, 3, today=date(2025, 3, 14))
    assert main([]) == 0
    out = capsys.readouterr().out
    assert f"Your progress, kept in {_own_progress_folder / FILE_NAME}:" in out
    assert "Day 02  [..#   ] 1 of 3  first solved 2025-03-14" in out
    assert "1 of " in out and "days finished: none." in out
    png = _own_progress_folder / "progress.png"
    assert f"Picture: {png}" in out and png.read_bytes().startswith(b"\x89PNG")


def test_make_progress_with_nothing_solved_and_an_unwritable_picture(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert main(["--png", str(blocker / "progress.png")]) == 1
    captured = capsys.readouterr()
    assert "No exercise solved yet" in captured.out
    assert "could not be saved" in captured.err
