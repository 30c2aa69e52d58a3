"""Exercises for Day 20 – API Design Principles."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from helpers.exercises import ExerciseFailure, ExerciseSet, ensure

exercises = ExerciseSet("Day 20")
check, hint, solution = exercises.check, exercises.hint, exercises.solution

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
VERBS = frozenset({"get", "create", "update", "delete", "remove", "add", "fetch", "set", "list",
                   "make", "do"})

Envelope = dict[str, Any]
Create = Callable[[Any], tuple[int, Envelope]]


@dataclass(frozen=True)
class Resolution:
    """The outcome of routing one request (used by exercise 2)."""

    status: int
    template: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    allow: tuple[str, ...] = ()


# -- reference solutions ----------------------------------------------------

def lint_route(method: str, path: str) -> set[str]:
    """The set of problem codes of a route: method, leading-slash, trailing-slash, case, verb."""
    problems = set()
    if method not in METHODS:
        problems.add("method")
    if not path.startswith("/"):
        problems.add("leading-slash")
    if path != "/" and path.endswith("/"):
        problems.add("trailing-slash")
    for segment in path.strip("/").split("/"):
        if not segment or (segment.startswith("{") and segment.endswith("}")):
            continue
        if any(ch.isupper() for ch in segment):
            problems.add("case")
        words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+", segment)  # split at capitals, - and _
        if words and words[0].lower() in VERBS:
            problems.add("verb")
    return problems


def resolve(routes: list[tuple[str, str]], method: str, path: str) -> Resolution:
    """Match a request against route templates: 200, 405 (with allow) or 404."""
    parts = path.split("/")
    allowed = set()
    for route_method, template in routes:
        pattern = template.split("/")
        if len(pattern) != len(parts):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern, parts, strict=True):
            if want.startswith("{") and want.endswith("}"):
                if not got:
                    break
                params[want[1:-1]] = got
            elif want != got:
                break
        else:  # every segment matched
            if route_method == method:
                return Resolution(200, template, params, ())
            allowed.add(route_method)
    if allowed:
        return Resolution(405, None, {}, tuple(sorted(allowed)))
    return Resolution(404, None, {}, ())


def make_idempotent(create: Create) -> Callable[[Any, Any], tuple[int, Envelope]]:
    """Wrap create(body) -> (status, envelope) so that retries with the same key are safe."""
    seen: dict[Any, tuple[Any, tuple[int, Envelope]]] = {}

    def handle(key: Any, body: Any) -> tuple[int, Envelope]:
        if not key:
            return 400, {"success": False, "error": "an Idempotency-Key is required"}
        if key in seen:
            first_body, response = seen[key]
            if first_body != body:
                return 422, {"success": False,
                             "error": f"idempotency key {key!r} was used with a different body"}
            return response
        response = create(body)
        seen[key] = (copy.deepcopy(body), response)
        return response

    return handle


# -- checks -----------------------------------------------------------------

@exercises.add(1, "a route linter", solution=lint_route, hint="""
    Split the path with path.strip("/").split("/") and skip empty segments and ones that
    start with "{". Find the words of a segment with
    re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+", segment): "getUser" gives ["get", "User"],
    "create-order" gives ["create", "order"] and "settings" gives ["settings"]. Then
    compare only the FIRST word, lower-cased, with the verbs: a startswith() test would
    flag "settings" (set) and "addresses" (add).
""")
def _check_1(fn: Any) -> None:
    cases: list[tuple[str, str, set[str]]] = [
        ("GET", "/users", set()),
        ("GET", "/users/{user_id}/orders", set()),
        ("POST", "/users/{id}/password-resets", set()),
        ("GET", "/", set()),
        ("GET", "/settings", set()),
        ("GET", "/addresses", set()),
        ("GET", "/listings/{id}", set()),
        ("GET", "/download-links", set()),
        ("GET", "/getUser", {"verb", "case"}),
        ("POST", "/users/create", {"verb"}),
        ("POST", "/create-order", {"verb"}),
        ("POST", "/delete_user/{id}", {"verb"}),
        ("GET", "/users/", {"trailing-slash"}),
        ("FETCH", "/users", {"method"}),
        ("get", "/users", {"method"}),
        ("GET", "users", {"leading-slash"}),
        ("DELETE", "/Users/{id}", {"case"}),
        ("PATCH", "/users/{userId}", set()),
        ("POST", "/updateUserEmail/", {"verb", "case", "trailing-slash"}),
    ]
    for method, path, expected in cases:
        got = fn(method, path)
        ensure(isinstance(got, set), f"lint_route should return a set, got {type(got).__name__}")
        ensure(got == expected, f"lint_route({method!r}, {path!r}): expected "
                                f"{sorted(expected) or 'set()'}, got {sorted(got) or 'set()'}")


ROUTES = [
    ("GET", "/users"),
    ("POST", "/users"),
    ("GET", "/users/me"),
    ("GET", "/users/{id}"),
    ("PUT", "/users/{id}"),
    ("DELETE", "/users/{id}"),
    ("GET", "/users/{id}/notes"),
    ("POST", "/users/{id}/notes"),
]


@exercises.add(2, "404 or 405?", solution=resolve, hint="""
    Split both the template and the path on "/" and compare segment by segment (after
    checking the counts are equal): a "{name}" segment matches any non-empty text and
    goes into params, any other segment must be equal. Walk the routes in order: return
    at the first one that matches with the same method; remember the methods of those
    that matched with another method; after the loop, return 405 with
    tuple(sorted(allowed)) if there were any, else 404.
""")
def _check_2(fn: Any) -> None:
    cases: list[tuple[str, str, Resolution]] = [
        ("GET", "/users", Resolution(200, "/users", {}, ())),
        ("POST", "/users", Resolution(200, "/users", {}, ())),
        ("GET", "/users/7", Resolution(200, "/users/{id}", {"id": "7"}, ())),
        ("DELETE", "/users/7", Resolution(200, "/users/{id}", {"id": "7"}, ())),
        ("GET", "/users/me", Resolution(200, "/users/me", {}, ())),
        ("PUT", "/users/me", Resolution(200, "/users/{id}", {"id": "me"}, ())),
        ("POST", "/users/7/notes", Resolution(200, "/users/{id}/notes", {"id": "7"}, ())),
        ("PATCH", "/users/7", Resolution(405, None, {}, ("DELETE", "GET", "PUT"))),
        ("DELETE", "/users", Resolution(405, None, {}, ("GET", "POST"))),
        ("PATCH", "/users/me", Resolution(405, None, {}, ("DELETE", "GET", "PUT"))),
        ("GET", "/orders", Resolution(404, None, {}, ())),
        ("GET", "/users/7/notes/3", Resolution(404, None, {}, ())),
        ("GET", "/users/", Resolution(404, None, {}, ())),
        ("GET", "/users//notes", Resolution(404, None, {}, ())),
    ]
    for method, path, expected in cases:
        got = fn(list(ROUTES), method, path)
        ensure(isinstance(got, Resolution),
               f"return an ex.Resolution, got {type(got).__name__}")
        ensure(got == expected, f"{method} {path}: expected {expected}, got {got}")
    got = fn([], "GET", "/")
    ensure(got == Resolution(404), f"with no routes at all, expected a 404, got {got}")


def _is_fail(envelope: Any) -> bool:
    return (isinstance(envelope, dict) and set(envelope) == {"success", "error"}
            and envelope["success"] is False and isinstance(envelope["error"], str)
            and bool(envelope["error"]))


@exercises.add(3, "make POST safe to retry", solution=make_idempotent, hint="""
    Keep a dict inside make_idempotent (a closure, as on Day 04) mapping each key to
    (body, response). In handle: reject a falsy key with 400 first; if the key is known,
    compare the stored body with the new one (==) and either return the stored response
    or a 422; only for a new key call create(body) and store what it returned, with a
    copy.deepcopy(body): the caller may change its dict after sending it.
""")
def _check_3(fn: Any) -> None:
    calls: list[Any] = []

    def create(body: Any) -> tuple[int, Envelope]:
        calls.append(body)
        return 201, {"success": True, "data": {"id": len(calls), **body}, "message": "created"}

    handle = fn(create)
    ensure(callable(handle), f"make_idempotent should return a function, got {handle!r}")
    order = {"item": "book", "qty": 1}
    first = handle("key-1", order)
    ensure(first == (201, {"success": True, "data": {"id": 1, "item": "book", "qty": 1},
                           "message": "created"}),
           f"the first request should return what create returned, got {first!r}")
    for attempt in (2, 3):
        again = handle("key-1", {"qty": 1, "item": "book"})  # an equal body, keys reordered
        ensure(again == first, f"retry {attempt} with the same key and body should return the "
                               f"first response {first!r}, got {again!r}")
    ensure(len(calls) == 1, f"create must run once for one key, but ran {len(calls)} times")
    other = handle("key-2", order)
    ensure(other[0] == 201 and other[1]["data"]["id"] == 2 and len(calls) == 2,
           f"a new key is a new operation: create should run again; got {other!r}")
    clash = handle("key-1", {"item": "book", "qty": 5})
    ensure(isinstance(clash, tuple) and clash[0] == 422 and _is_fail(clash[1]),
           f"the same key with a different body should give (422, fail-envelope), got {clash!r}")
    ensure(len(calls) == 2, "a rejected request must not call create")
    for key in ("", None):
        missing = handle(key, order)
        ensure(isinstance(missing, tuple) and missing[0] == 400 and _is_fail(missing[1]),
               f"key {key!r} should give (400, fail-envelope), got {missing!r}")
    ensure(len(calls) == 2, "a request without a key must not call create")
    fresh = fn(create)("key-1", order)
    ensure(fresh[0] == 201 and len(calls) == 3,
           "each make_idempotent(...) call needs its own memory of keys")
    mutable = {"item": "pen", "qty": 2}
    handle("key-3", mutable)
    mutable["qty"] = 99  # the caller changes its dict after sending it
    later = handle("key-3", {"item": "pen", "qty": 99})
    if later[0] != 422:
        raise ExerciseFailure("store a copy of the body: after the caller changed its dict, "
                              "a different body with key-3 was accepted as a retry")
