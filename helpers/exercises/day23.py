"""Exercises for Day 23 – Immutability & Defensive Copying."""

from __future__ import annotations

import copy
import dataclasses
import operator
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from helpers.exercises import ExerciseSet, ensure

exercises = ExerciseSet("Day 23")
check, hint, solution = exercises.check, exercises.hint, exercises.solution


# -- reference solutions ------------------------------------------------------

def with_role(user: dict[str, Any], role: str) -> dict[str, Any]:
    roles = list(user.get("roles", []))  # a new list: the caller's stays as it was
    if role not in roles:
        roles.append(role)
    return {**user, "roles": roles}


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(item) for item in value)
    if isinstance(value, set | frozenset):
        return frozenset(freeze(item) for item in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot freeze a value of type {type(value).__name__}")


@dataclass(frozen=True)
class FeatureFlags:
    enabled: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "enabled", frozenset(self.enabled))

    def with_flag(self, name: str) -> FeatureFlags:
        return dataclasses.replace(self, enabled=self.enabled | {name})

    def without_flag(self, name: str) -> FeatureFlags:
        return dataclasses.replace(self, enabled=self.enabled - {name})


# -- checks ---------------------------------------------------------------------

@exercises.add(1, "grant a role without side effects", solution=with_role, hint="""
    Make a new roles list from the old one (`list(user.get("roles", []))`), append the
    role if it is missing, and return `{**user, "roles": new_roles}`. A plain
    `user.copy()` is not enough: the copy would still share the roles list.""")
def _check_1(fn: Any) -> None:
    user = {"name": "ada", "roles": ["viewer"], "prefs": {"theme": "dark"}}
    before = copy.deepcopy(user)
    roles_before = user["roles"]
    result = fn(user, "admin")
    ensure(isinstance(result, dict), f"return a dict, got {type(result).__name__}")
    ensure(result.get("roles") == ["viewer", "admin"],
           f"roles should be ['viewer', 'admin'], got {result.get('roles')!r}")
    ensure(user == before and user["roles"] is roles_before,
           "the caller's user (or its roles list) was changed")
    ensure(result is not user, "return a new dict, not the caller's")
    ensure(result["roles"] is not user["roles"],
           "the result shares its roles list with the input: a later change would leak")
    ensure(result["name"] == "ada" and result["prefs"] == {"theme": "dark"},
           "the other keys must be kept")
    again = fn(result, "admin")
    ensure(again["roles"] == ["viewer", "admin"], "a role the user already has is not added "
           f"twice; got {again['roles']!r}")
    ensure(result["roles"] == ["viewer", "admin"], "the second call changed the first result")
    fresh = fn({"name": "bob"}, "viewer")
    ensure(fresh == {"name": "bob", "roles": ["viewer"]},
           f"a user without roles should get ['viewer'], got {fresh!r}")


@exercises.add(2, "freeze a parsed configuration", solution=freeze, hint="""
    Recurse: for a dict, return `MappingProxyType({k: freeze(v) for k, v in ...})`;
    for a list or tuple, `tuple(freeze(v) for v in value)`; for a set,
    `frozenset(...)`. Return str, int, float, bool and None unchanged, and raise
    TypeError for anything else. Check dicts and lists before the atoms.""")
def _check_2(fn: Any) -> None:
    config: dict[str, Any] = {
        "service": "orders", "port": 8080, "debug": False, "ratio": 0.5, "owner": None,
        "hosts": ["db-1", "db-2"], "roles": {"admin", "ops"},
        "limits": {"rps": 100, "paths": ["/a", "/b"]}, "pair": ("x", ["y"])}
    before = copy.deepcopy(config)
    frozen = fn(config)
    ensure(config == before, "the input was changed")
    ensure(isinstance(frozen, MappingProxyType),
           f"a dict should become a MappingProxyType, got {type(frozen).__name__}")
    ensure(frozen["hosts"] == ("db-1", "db-2"),
           f"a list should become a tuple, got {frozen['hosts']!r}")
    ensure(frozen["roles"] == frozenset({"admin", "ops"}) and
           isinstance(frozen["roles"], frozenset), "a set should become a frozenset")
    ensure(isinstance(frozen["limits"], MappingProxyType) and
           frozen["limits"]["paths"] == ("/a", "/b"), "nested values must be frozen too")
    ensure(frozen["pair"] == ("x", ("y",)), "a list inside a tuple must be frozen too")
    ensure((frozen["port"], frozen["debug"], frozen["ratio"], frozen["owner"]) ==
           (8080, False, 0.5, None) and frozen["debug"] is False, "atoms stay as they are")
    for mapping, key in ((frozen, "port"), (frozen["limits"], "rps")):
        try:
            operator.setitem(mapping, key, 1)
        except TypeError:
            continue
        ensure(False, "assigning into the frozen result must raise TypeError")
    config["limits"]["rps"] = 999
    ensure(frozen["limits"]["rps"] == 100,
           "changing the original afterwards changed the frozen copy: wrap a NEW dict")
    ensure(fn([]) == () and fn({}) == {} and fn("text") == "text", "empty containers and "
           "plain strings should work: [] -> (), {} -> empty mapping, 'text' -> 'text'")
    try:
        fn({"when": object()})
    except TypeError as error:
        ensure("object" in str(error), f"the TypeError should name the type, got: {error}")
    else:
        ensure(False, "an unsupported type (here: object) must raise TypeError")


@exercises.add(3, "a frozen dataclass that normalises its input", solution=FeatureFlags,
               hint="""
    In `__post_init__`, `object.__setattr__(self, "enabled", frozenset(self.enabled))`
    bypasses the frozen guard once, at construction. For the methods,
    `dataclasses.replace(self, enabled=self.enabled | {name})` (and `- {name}`) builds
    a new instance.""")
def _check_3(cls: Any) -> None:
    names = ["beta", "dark-mode"]
    flags = cls(names)
    ensure(isinstance(flags.enabled, frozenset),
           f"enabled should be stored as a frozenset, got {type(flags.enabled).__name__}")
    ensure(flags.enabled == {"beta", "dark-mode"}, f"wrong flags: {sorted(flags.enabled)}")
    names.append("admin-panel")
    ensure("admin-panel" not in flags.enabled, "changing the caller's list changed the flags")
    ensure(cls().enabled == frozenset(), "FeatureFlags() should have no flags")
    ensure(cls(iter(["a", "a"])).enabled == {"a"}, "any iterable should work, once")
    more = flags.with_flag("search")
    ensure(isinstance(more, cls) and more.enabled == {"beta", "dark-mode", "search"},
           "with_flag should return a new FeatureFlags with the flag added")
    ensure(flags.enabled == {"beta", "dark-mode"}, "with_flag changed the original")
    less = flags.without_flag("beta")
    ensure(less.enabled == {"dark-mode"} and flags.enabled == {"beta", "dark-mode"},
           "without_flag should return a new instance without the flag, original unchanged")
    ensure(flags.without_flag("missing") == flags,
           "removing a flag that is not set should give an equal instance")
    ensure(cls(["x", "y"]) == cls(("y", "x")) and hash(cls(["x", "y"])) == hash(cls(["y", "x"])),
           "instances with the same flags must be equal and hash equal")
    try:
        flags.enabled = frozenset()
    except dataclasses.FrozenInstanceError:
        pass
    else:
        ensure(False, "assigning flags.enabled must raise FrozenInstanceError: keep it frozen")

