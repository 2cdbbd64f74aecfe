"""What an option is: the one declaration of a query parameter and the check of its value.

An `Option` says everything about one parameter of one or more endpoints: its name, type,
default, limits, meaning, and which endpoints take it. core.options lists them; the server's
query models, OpenAPI, the page's option table and the docs' tables are derived from that list.
`Option.check` is core's own check of a value (for callers of core from Python); the server
checks the same limits through its query models, generated from the same declaration.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

# A replacement character in a query string means bytes that were not UTF-8 (lone surrogates).
REPLACEMENT = "\ufffd"


class OptionError(ValueError):
    """A bad option: `.field` names it, the message says the limit; `.kind` is the error's
    type in a 422 (`limit` unless a check says more); `.ctx` its numbers, if any, and under
    `rule` which limit it is, for a client to say it in its own language."""

    def __init__(self, field: str, message: str, kind: str = "limit",
                 ctx: dict[str, Any] | None = None):  # fmt: skip
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.kind = kind
        self.ctx = ctx  # numbers a client may phrase its own message with

    def __reduce__(self) -> tuple[type[OptionError], tuple[Any, ...]]:
        # pickled whole: a computation in a compute process (server/pool.py) may raise one
        return OptionError, (self.field, self.message, self.kind, self.ctx)


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()  # the default of an option that must be given

# The types an option may have. "list" is a comma-separated subset of `values`, each at most once.
TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": str}


@dataclass(frozen=True)
class Option:
    """One query parameter. Bounds: `ge`/`gt` below, `le` above (numbers); `min_length`,
    `max_length` (strings); `values` (the allowed strings, or the items of a list).
    `nullable`: None (left out, or empty in a query string) is a legal value.
    `printable`: a string without control characters, taken in NFC."""

    name: str
    type: str
    default: Any
    meaning: str
    endpoints: tuple[str, ...]
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    values: tuple[str, ...] | None = None
    nullable: bool = False
    min_length: int | None = None
    max_length: int | None = None
    printable: bool = False
    example: Any = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise TypeError(f"option {self.name}: type must be one of {', '.join(TYPES)}")
        if self.type == "list" and not self.values:
            raise TypeError(f"option {self.name}: a list needs its values")
        if not self.required and not (self.default is None and self.nullable):
            self.check(self.default)  # a default outside its own limits is a typo

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def check(self, value: Any) -> Any:
        """`value` if it is legal (strings in NFC), else OptionError naming the option."""
        if value is None and self.nullable:
            return None
        check = {"int": self._int, "float": self._float, "bool": self._bool}.get(self.type)
        if check is not None:
            return check(value)
        if not isinstance(value, str):
            raise OptionError(self.name, f"must be a string, not {type(value).__name__}")
        if self.type == "list":
            return self._list(value)
        if self.values is not None and value not in self.values:
            raise OptionError(self.name, f"must be one of {', '.join(self.values)}, not {value!r}")
        return self._str(value)

    def _int(self, value: Any) -> int:
        ok = isinstance(value, int) and not isinstance(value, bool) and self._within(value)
        if not ok:
            raise OptionError(self.name, f"must be an integer {self.bounds()}, not {value!r}")
        return int(value)

    def _float(self, value: Any) -> float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not (ok and math.isfinite(value) and self._within(value)):
            raise OptionError(self.name, f"must be a finite number {self.bounds()}, not {value!r}")
        return float(value)

    def _bool(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise OptionError(self.name, f"must be true or false, not {value!r}")
        return value

    def _within(self, value: float) -> bool:
        return (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
        )

    def _str(self, value: str) -> str:
        if self.min_length is not None and len(value) < self.min_length:
            raise OptionError(self.name, f"must have at least {self.min_length} characters")
        if self.max_length is not None and len(value) > self.max_length:
            raise OptionError(self.name, f"must have at most {self.max_length} characters")
        if not self.printable:
            return value
        bad = first_bad_char(value)
        if bad is not None:
            raise OptionError(self.name, f"must not contain control characters or invalid "
                                         f"UTF-8 (found U+{ord(bad):04X})",
                              "control_character",
                              {"rule": "control_character"})  # fmt: skip
        return unicodedata.normalize("NFC", value)

    def _list(self, value: str) -> str:
        value = self._str(value)
        names = value.split(",")
        allowed = self.values or ()
        unknown = [n for n in names if n not in allowed]
        if unknown:
            raise OptionError(
                self.name,
                f"unknown value {unknown[0][:20]!r}; choose from {', '.join(allowed)}",
                "unknown_value",
                {"rule": "list_unknown", "expected": ", ".join(allowed)},
            )
        if len(set(names)) != len(names):
            raise OptionError(
                self.name, "each value at most once", "duplicate_value", {"rule": "list_twice"}
            )
        return value

    def bounds(self) -> str:
        """The numeric limits as a reader writes them: `from 1 to 256`, `in (0, 100]`."""
        lo = self.gt if self.gt is not None else self.ge
        if self.type == "int" and self.gt is None and lo is not None and self.le is not None:
            return f"from {num(lo)} to {num(self.le)}"
        left = "(" if self.gt is not None else "["
        low = "-inf" if lo is None else num(lo)
        high = "inf)" if self.le is None else f"{num(self.le)}]"
        return f"in {left}{low}, {high}"

    def row(self) -> dict[str, Any]:
        """This option as plain JSON for the page and the docs (served in the page shell)."""
        bounds = {"minimum": self.ge, "exclusiveMinimum": self.gt, "maximum": self.le,
                  "minLength": self.min_length, "maxLength": self.max_length,
                  "values": list(self.values) if self.values else None}  # fmt: skip
        return {
            "name": self.name,
            "type": self.type,
            "default": None if self.required else self.default,
            "required": self.required,
            "nullable": self.nullable,
            **{k: v for k, v in bounds.items() if v is not None},
            "meaning": self.meaning,
            "endpoints": list(self.endpoints),
        }


def num(x: float) -> str:
    """As the docs write limits: 4294967295, 1 (for 1.0), 0.05, 1e6."""
    if isinstance(x, int):
        return str(x)
    if x.is_integer() and abs(x) < 1e5:
        return str(int(x))
    return f"{x:g}".replace("e+0", "e").replace("e+", "e")


def first_bad_char(text: str) -> str | None:
    """The first control character, surrogate or U+FFFD in `text`, if any."""
    for ch in text:
        if ch == REPLACEMENT or unicodedata.category(ch) in ("Cc", "Cs"):
            return ch
    return None


def check_all(options: tuple[Option, ...], endpoint: str, given: dict[str, Any]) -> dict[str, Any]:
    """Every option of `endpoint` from `given` or its default, checked, in declaration order.
    OptionError names an unknown option, a missing required one, or a value out of its limits."""
    declared = {o.name: o for o in options if endpoint in o.endpoints}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise OptionError(unknown[0], "unknown option")
    out = {}
    for name, option in declared.items():
        if name not in given and option.required:
            raise OptionError(name, "required")
        out[name] = option.check(given[name]) if name in given else option.default
    return out
