"""The course map and the plan built from it: prerequisites, the time rule, the index,
and the picture of the course."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import nbformat
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from helpers.course import (
    CODE_LINES_PER_MINUTE,
    MINUTES_PER_EXERCISE,
    ROUND_TO_MINUTES,
    WORDS_PER_MINUTE,
    day_ranges,
    estimate_minutes,
    exercise_titles,
    index_notebook,
    load_course,
    measure_notebook,
    supported_pythons,
)
from helpers.course_map import draw_course_map
from helpers.diagram import figure_png_bytes
from helpers.versions import SUPPORTED

from .conftest import NOTEBOOKS, ROOT


def course_toml() -> dict[str, Any]:
    return tomllib.loads((ROOT / "course.toml").read_text(encoding="utf-8"))


# --- builds_on ---------------------------------------------------------------------------

def test_every_builds_on_points_to_an_earlier_existing_day() -> None:
    days = course_toml()["days"]
    numbers = {d["number"] for d in days}
    for day in days:
        assert "builds_on" in day, f"day {day['number']} has no builds_on (use [] for none)"
        for earlier in day["builds_on"]:
            assert earlier in numbers, f"day {day['number']} builds on missing day {earlier}"
            assert earlier < day["number"], (
                f"day {day['number']} builds on day {earlier}, which is not earlier")


def test_the_prerequisites_named_in_the_issue_are_kept() -> None:
    course = load_course()
    for later, earlier in [(17, 16), (20, 19), (22, 21)]:
        assert earlier in course.day(later).builds_on


def write_course(tmp_path: Path, days: str, planned: int = 100) -> Path:
    path = tmp_path / "course.toml"
    path.write_text(
        f'[course]\ntitle = "T"\nrepository = "o/r"\nbranch = "main"\nplanned_days = {planned}\n'
        '[[groups]]\nname = "G"\ndays = [1, 2]\n'
        '[[days]]\nnumber = 1\ntitle = "A"\nfile = "a.ipynb"\npromise = "p"\n'
        f'[[days]]\nnumber = 2\ntitle = "B"\nfile = "b.ipynb"\npromise = "p"\n{days}\n',
        encoding="utf-8")
    return path


@pytest.mark.parametrize("builds_on,message", [
    ("builds_on = [3]", "day 2 builds on day 3, which is not an earlier day"),
    ("builds_on = [2]", "day 2 builds on day 2, which is not an earlier day"),
    ("builds_on = [0]", "day 2 builds on day 0, which is not an earlier day"),
    ("builds_on = [1, 1]", "day 2 lists a day twice"),
    ('builds_on = "1"', "builds_on must be a list of day numbers"),
    ("builds_on = [true]", "builds_on must be a list of day numbers"),
])
def test_a_bad_builds_on_is_refused_with_the_day_named(tmp_path: Path, builds_on: str,
                                                        message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        load_course(write_course(tmp_path, builds_on))


def test_builds_on_may_be_left_out_and_planned_days_must_cover_the_map(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path, ""))
    assert course.day(2).builds_on == ()
    with pytest.raises(ValueError, match="planned_days = 1, but day 2"):
        load_course(write_course(tmp_path, "", planned=1))


# --- status ------------------------------------------------------------------------------

@pytest.mark.parametrize("numbers,text", [
    ([1, 2, 3], "01–03"), ([5], "05"), ([1, 2, 3, 5, 7, 8], "01–03, 05, 07–08"), ([], ""),
])
def test_day_ranges(numbers: list[int], text: str) -> None:
    assert day_ranges(numbers) == text


def test_the_status_line_counts_the_written_days() -> None:
    course = load_course()
    written = [d.number for d in course.days if course.written(d)]
    assert written == list(range(1, len(written) + 1)), "the course is written in order"
    assert course.status() == f"Days 01–{written[-1]:02d} of {course.planned_days}"
    assert course.planned_days == 100 and "100" in course.title


def test_the_status_of_a_course_with_nothing_or_one_day_written(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path, ""))
    assert course.status() == "No day of 100"
    assert course.status_line() == "No day of 100 is written yet, in 1 group"
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "a.ipynb").write_text("{}", encoding="utf-8")
    assert course.status() == "Day 01 of 100"
    assert course.status_line() == "Day 01 of 100 is written, in 1 group"


def test_supported_pythons_come_from_helpers_versions() -> None:
    names = [f"{a}.{b}" for a, b in SUPPORTED]
    assert supported_pythons() == f"CPython {', '.join(names[:-1])} and {names[-1]}"


# --- the time rule -----------------------------------------------------------------------

def test_the_time_rule_adds_prose_code_and_exercises_and_rounds_up() -> None:
    words, lines, exercises = 3 * WORDS_PER_MINUTE, 2 * CODE_LINES_PER_MINUTE, 1
    exact = 3 + 2 + MINUTES_PER_EXERCISE
    rounded = -(-exact // ROUND_TO_MINUTES) * ROUND_TO_MINUTES
    assert estimate_minutes(words, lines, exercises) == rounded
    assert estimate_minutes(0, 0, 0) == 0
    assert estimate_minutes(1, 0, 0) == ROUND_TO_MINUTES  # anything at all takes a slot
    assert estimate_minutes(3000, 480, 3) == 90  # exactly 90 stays 90


@pytest.mark.parametrize("bad", [-1, 1.5, True, "3"])
def test_the_time_rule_refuses_what_is_not_a_count(bad: Any) -> None:
    with pytest.raises(ValueError, match="whole number"):
        estimate_minutes(bad, 0, 0)


def md(text: str, *tags: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {"tags": list(tags)}, "source": text}


def code(text: str | list[str], *tags: str) -> dict[str, Any]:
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text}


def test_words_and_code_lines_are_measured_like_the_course_counts_them() -> None:
    nb = {"cells": [
        md("# Day 01 – a title with many words in it", "nav-top"),
        md("## What you will learn\n\nTwo words."),         # 6 words
        code("x = 1\n\n   \ny = 2  # a comment counts\n"),    # 2 lines
        md("It's e.g. `x`, 3.14 and one-off.\n```python\nnot counted at all\n```"),  # 6 words
        code("def stub():\n    raise NotImplementedError\n", "exercise"),  # not counted
        md("## Going further\n\nOptional reading here."),    # 5 words, apart
        code("z = 3\n"),                                      # optional: not counted
        md("More optional words."),                           # 3 words, apart
        md("## Summary\n\nBack again."),                      # 3 words
        code(["a = 1\n", "b = 2"]),                           # a list source: 2 lines
        md("---\n\nlinks", "nav-bottom"),
    ]}
    assert measure_notebook(nb) == (6 + 6 + 3, 5 + 3, 2 + 2)


def test_a_day_without_an_exercise_module_has_no_exercises() -> None:
    assert exercise_titles(99) == ()
    assert exercise_titles(1) and all(isinstance(t, str) and t for t in exercise_titles(1))


def test_every_written_day_is_measured_from_its_notebook() -> None:
    course = load_course()
    for day in course.days:
        measure = course.measure(day)
        assert measure is not None
        nb = json.loads((NOTEBOOKS / day.file).read_text(encoding="utf-8"))
        assert (measure.words, measure.further_words, measure.code_lines) == \
            measure_notebook(nb)
        assert measure.minutes == estimate_minutes(measure.words, measure.code_lines,
                                                   len(measure.exercises))
        assert 30 <= measure.minutes <= 300, f"{day.file}: {measure.minutes} min is implausible"


# --- the index ---------------------------------------------------------------------------

def stored_index() -> Any:
    return nbformat.read(NOTEBOOKS / "index.ipynb", as_version=4)  # type: ignore[no-untyped-call]


def test_the_index_plans_every_day() -> None:
    course = load_course()
    text = "\n".join(c.source for c in stored_index().cells if c.cell_type == "markdown")
    for day in course.days:
        measure = course.measure(day)
        assert measure is not None
        entry = text[text.index(f"[{day.heading}]({day.file})"):]
        entry = entry[:entry.find("\n- **[") if "\n- **[" in entry else len(entry)]
        assert f"about {measure.minutes} min" in entry, day.file
        if day.builds_on:
            for earlier in day.builds_on:
                assert f"{earlier:02d}" in entry.split("builds on", 1)[1].split("\n")[0]
        else:
            assert "stands on its own" in entry
        assert f"{len(measure.exercises)} exercises: " in entry
        for title in measure.exercises:
            assert title in entry, f"{day.file}: exercise {title!r} missing from the index"


def test_the_index_says_how_to_start_and_where_the_course_stands() -> None:
    course = load_course()
    text = "\n".join(c.source for c in stored_index().cells)
    assert supported_pythons() in text
    assert "make lab" in text and course.binder_url("index.ipynb") in text
    assert f"{course.status()} are written, in {len(course.groups)} groups" in text
    for number in (WORDS_PER_MINUTE, CODE_LINES_PER_MINUTE, MINUTES_PER_EXERCISE):
        assert str(number) in text  # the time rule is stated with its numbers


def test_the_index_draws_the_map_and_shows_a_fresh_start() -> None:
    course = load_course()
    cells = [c for c in stored_index().cells if c.cell_type == "code"]
    assert [c.source for c in cells] == [
        c.source for c in index_notebook(course).cells if c.cell_type == "code"]
    map_cell, progress_cell = cells
    assert "draw_course_map(load_course())" in map_cell.source
    assert any("image/png" in o.get("data", {}) for o in map_cell.outputs), "no picture"
    total = sum(len(exercise_titles(d.number)) for d in course.days if course.written(d))
    printed = "".join(o.get("text", "") for o in progress_cell.outputs)
    assert printed == f"0 of {total} exercises solved; days finished: none.\n"
    assert any("image/png" in o.get("data", {}) for o in progress_cell.outputs)


# --- the picture -------------------------------------------------------------------------

def texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def arrows(fig: Figure) -> list[FancyArrowPatch]:
    return [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]


def test_the_map_shows_every_group_day_and_prerequisite() -> None:
    course = load_course()
    fig = draw_course_map(course)
    shown = texts(fig)
    for name, _ in course.groups:
        assert name in shown
    for day in course.days:
        assert f"Day {day.number:02d}" in shown and day.title in shown
        measure = course.measure(day)
        assert measure is not None
        assert any(t.startswith(f"{measure.minutes} min") for t in shown)
    assert len(arrows(fig)) == sum(len(d.builds_on) for d in course.days)
    assert any(course.status_line() in t for t in shown)


def test_the_map_is_the_same_picture_every_time() -> None:
    course = load_course()
    assert figure_png_bytes(draw_course_map(course)) == figure_png_bytes(draw_course_map(course))


def test_the_map_marks_days_not_written_yet(tmp_path: Path) -> None:
    course = load_course(write_course(tmp_path, "builds_on = [1]"))
    fig = draw_course_map(course)
    assert texts(fig).count("not written yet") == 2
    [arrow] = arrows(fig)
    assert arrow.get_linestyle() == "--"  # a prerequisite of a day still to come
