"""A whitelist interpreter for the Python-syntax expressions of numeric exercises.

``given``, ``let`` and ``reference`` lines are written by authors, but content folders can
come from anyone, so they are never handed to ``eval``: the expression is parsed with
``ast`` and walked here, node by node. Only arithmetic, comparisons, boolean operators,
conditional expressions, indexing/slicing, list and tuple displays, comprehensions and
calls of named functions from an explicit table are understood; there is no attribute
access, no strings, no lambdas and no names starting with ``_``.

Values are ints, floats, bools and lists/tuples of values. Every operation that could
grow without bound is checked *before* it runs (integer bit length, sequence length,
``range`` length, factorial/comb arguments), and a step counter plus a wall-clock
deadline bound loops, so a hostile expression fails fast with ``InvalidReference``.
"""

from __future__ import annotations

import ast
import math
import operator
import time
import warnings
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_SOURCE_CHARS = 4000
MAX_NODES = 1500
MAX_DEPTH = 100  # AST levels; Python recursion stays far below its limit
MAX_INT_BITS = 20_000  # about 6000 decimal digits: far above any real count
MAX_SEQUENCE = 100_000
MAX_STEPS = 1_000_000
DEFAULT_SECONDS = 1.0


class InvalidReference(ValueError):
    """An expression that cannot be evaluated safely, with a message an author can act on."""


@dataclass(frozen=True)
class Limits:
    steps: int = MAX_STEPS
    seconds: float = DEFAULT_SECONDS


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
    ast.Not: operator.not_,
}
_COMPARE: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
# Nodes that may appear in a tree; everything else (Attribute, Lambda, NamedExpr, Dict,
# Set, JoinedStr, Await, Starred, ...) is rejected before evaluation starts.
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Store,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Subscript,
    ast.Slice,
    ast.GeneratorExp,
    ast.ListComp,
    ast.comprehension,
    ast.keyword,
    ast.And,
    ast.Or,
    *_BINARY,
    *_UNARY,
    *_COMPARE,
)


def check_value(value: Any) -> Any:
    """Reject values the interpreter does not model and sizes it does not allow."""
    if isinstance(value, bool | float):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise InvalidReference(f"integer too large (more than {MAX_INT_BITS} bits)")
        return value
    if isinstance(value, list | tuple):
        if len(value) > MAX_SEQUENCE:
            raise InvalidReference(f"sequence longer than {MAX_SEQUENCE} items")
        return value if type(value) in (list, tuple) else tuple(value)  # NamedTuple -> tuple
    if isinstance(value, complex):
        raise InvalidReference("the result is a complex number")
    raise InvalidReference(f"values of type {type(value).__name__} are not supported")


@lru_cache(maxsize=1024)
def parse(source: str) -> ast.Expression:
    """Parse and validate an expression once; the tree is cached and shared."""
    if len(source) > MAX_SOURCE_CHARS:
        raise InvalidReference(f"expression longer than {MAX_SOURCE_CHARS} characters")
    try:
        with warnings.catch_warnings():  # "invalid decimal literal" and friends: errors follow
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        column = f" at column {exc.offset}" if exc.offset else ""
        raise InvalidReference(f"cannot parse '{source}'{column}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise InvalidReference("expression nested too deeply") from None
    _validate(tree)
    return tree


def _validate(tree: ast.Expression) -> None:
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise InvalidReference(f"expression has more than {MAX_NODES} parts")
        if depth > MAX_DEPTH:
            raise InvalidReference("expression nested too deeply")
        if not isinstance(node, _ALLOWED_NODES):
            raise InvalidReference(f"{_describe(node)} is not allowed here")
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise InvalidReference(f"name '{node.id}' is not allowed (leading underscore)")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Name):
            raise InvalidReference("only functions called by name are allowed")
        if isinstance(node, ast.Constant):
            check_value(node.value)
        if isinstance(node, ast.comprehension) and node.is_async:
            raise InvalidReference("async comprehensions are not allowed")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access ('.')",
        ast.Lambda: "lambda",
        ast.NamedExpr: "assignment ':='",
        ast.Dict: "a dict",
        ast.Set: "a set",
        ast.JoinedStr: "an f-string",
        ast.Starred: "unpacking with '*'",
    }
    return names.get(type(node), f"'{type(node).__name__}'")


class Evaluator:
    """Evaluates validated trees against named values and a table of functions.

    An Evaluator holds only configuration; each ``evaluate`` call runs in its own
    ``_Run``, so one Evaluator can serve several threads at once.
    """

    def __init__(
        self,
        functions: Mapping[str, Callable[..., Any]],
        constants: Mapping[str, Any],
        limits: Limits = Limits(),
    ) -> None:
        self.functions = functions
        self.constants = constants
        self.limits = limits

    def evaluate(self, source: str, names: Mapping[str, Any] | None = None) -> Any:
        """The value of ``source`` with ``names`` bound; raises InvalidReference."""
        tree = parse(source)
        scope = dict(names or {})
        try:
            return _Run(self).eval(tree.body, scope)
        except InvalidReference:
            raise
        except ZeroDivisionError:
            raise InvalidReference("division by zero") from None
        except OverflowError:
            raise InvalidReference("a number grew too large (overflow)") from None
        except RecursionError:
            raise InvalidReference("expression nested too deeply") from None
        except (TypeError, ValueError, IndexError) as exc:
            raise InvalidReference(str(exc)) from None


class _Run:
    """One evaluation: the step count and deadline that bound it."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.functions = evaluator.functions
        self.constants = evaluator.constants
        self.limits = evaluator.limits
        self._steps = 0
        self._deadline = time.monotonic() + evaluator.limits.seconds

    # -- nodes ----------------------------------------------------------------------
    # ``scope`` is a plain dict: a comprehension evaluates in a copy, so its loop
    # variables never leak and lookups stay one hash probe.

    def eval(self, node: ast.AST, scope: dict[str, Any]) -> Any:
        self._tick()
        handler = _HANDLERS.get(type(node))
        if handler is None:
            raise InvalidReference(f"{_describe(node)} is not allowed here")
        return handler(self, node, scope)

    def _constant(self, node: ast.Constant, scope: dict[str, Any]) -> Any:
        return node.value

    def _name(self, node: ast.Name, scope: dict[str, Any]) -> Any:
        return self._lookup(node.id, scope)

    def _binary(self, node: ast.BinOp, scope: dict[str, Any]) -> Any:
        a, b = self.eval(node.left, scope), self.eval(node.right, scope)
        _precheck_binary(node.op, a, b)
        return self._charge(_BINARY[type(node.op)](a, b))

    def _unary(self, node: ast.UnaryOp, scope: dict[str, Any]) -> Any:
        return check_value(_UNARY[type(node.op)](self.eval(node.operand, scope)))

    def _boolean(self, node: ast.BoolOp, scope: dict[str, Any]) -> Any:
        stop_on_false = isinstance(node.op, ast.And)
        result: Any = stop_on_false
        for value in node.values:  # short-circuits and returns an operand, like Python
            result = self.eval(value, scope)
            if bool(result) is not stop_on_false:
                break
        return result

    def _compare(self, node: ast.Compare, scope: dict[str, Any]) -> bool:
        a = self.eval(node.left, scope)
        for op, right in zip(node.ops, node.comparators):
            b = self.eval(right, scope)
            if not _COMPARE[type(op)](a, b):
                return False
            a = b
        return True

    def _conditional(self, node: ast.IfExp, scope: dict[str, Any]) -> Any:
        return self.eval(node.body if self.eval(node.test, scope) else node.orelse, scope)

    def _list(self, node: ast.List, scope: dict[str, Any]) -> list[Any]:
        return self._charge([self.eval(e, scope) for e in node.elts])

    def _tuple(self, node: ast.Tuple, scope: dict[str, Any]) -> tuple[Any, ...]:
        return self._charge(tuple(self.eval(e, scope) for e in node.elts))

    def _index(self, node: ast.Subscript, scope: dict[str, Any]) -> Any:
        return self._subscript(self.eval(node.value, scope), node.slice, scope)

    def _comprehension(self, node: ast.ListComp | ast.GeneratorExp, scope: dict[str, Any]) -> list:
        out: list[Any] = []
        self._comprehend(node.elt, list(node.generators), dict(scope), out)
        return out

    def _call_node(self, node: ast.Call, scope: dict[str, Any]) -> Any:
        assert isinstance(node.func, ast.Name)  # _validate allows nothing else
        return self._call(node.func.id, node.args, node.keywords, scope)

    def _lookup(self, name: str, scope: dict[str, Any]) -> Any:
        if name in scope:
            return scope[name]
        if name in self.constants:
            return self.constants[name]
        if name in self.functions:
            raise InvalidReference(f"'{name}' is a function: call it with arguments")
        raise InvalidReference(f"unknown name '{name}'")

    def _subscript(self, value: Any, index: ast.AST, scope: dict[str, Any]) -> Any:
        if not isinstance(value, list | tuple):
            raise InvalidReference(f"cannot index a {type(value).__name__}")
        if isinstance(index, ast.Slice):
            parts = [
                None if p is None else self.eval(p, scope)
                for p in (index.lower, index.upper, index.step)
            ]
            if any(p is not None and not _is_int(p) for p in parts):
                raise InvalidReference("slice bounds must be integers")
            return value[slice(*parts)]
        position = self.eval(index, scope)
        if not _is_int(position):
            raise InvalidReference(f"index must be an integer, got {position!r}")
        try:
            return value[position]
        except IndexError:
            raise InvalidReference(
                f"index {position} is out of range for a sequence of {len(value)} items"
            ) from None

    def _comprehend(
        self,
        elt: ast.AST,
        generators: list[ast.comprehension],
        scope: dict[str, Any],
        out: list[Any],
    ) -> None:
        first, rest = generators[0], generators[1:]
        iterable = self.eval(first.iter, scope)
        if not isinstance(iterable, list | tuple):
            raise InvalidReference(f"cannot iterate over a {type(iterable).__name__}")
        for item in iterable:
            _bind(first.target, item, scope)
            if not all(self.eval(condition, scope) for condition in first.ifs):
                continue
            if rest:
                self._comprehend(elt, rest, scope, out)
            else:
                out.append(self.eval(elt, scope))
                if len(out) > MAX_SEQUENCE:
                    raise InvalidReference(f"sequence longer than {MAX_SEQUENCE} items")

    def _call(
        self,
        name: str,
        args: list[ast.expr],
        keywords: list[ast.keyword],
        scope: dict[str, Any],
    ) -> Any:
        function = self.functions.get(name)
        if function is None:
            raise InvalidReference(f"unknown function '{name}'")
        values = [self.eval(arg, scope) for arg in args]
        if any(k.arg is None for k in keywords):
            raise InvalidReference("unpacking with '**' is not allowed")
        options = {k.arg: self.eval(k.value, scope) for k in keywords}
        try:
            result = function(*values, **options)
        except InvalidReference:
            raise
        except OverflowError:
            raise InvalidReference(f"{name}(): the result is too large (overflow)") from None
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise InvalidReference(f"{name}(): {exc}") from None
        return self._charge(result)

    def _charge(self, value: Any) -> Any:
        """Building a sequence costs a step per item, so nested lists cannot add up."""
        value = check_value(value)
        if isinstance(value, list | tuple):
            self._steps += len(value)
        return value

    def _tick(self) -> None:
        self._steps += 1
        if self._steps > self.limits.steps:
            raise InvalidReference(f"evaluation took more than {self.limits.steps} steps")
        if self._steps % 1024 == 0 and time.monotonic() > self._deadline:
            raise InvalidReference(f"evaluation took longer than {self.limits.seconds} s")


_HANDLERS: dict[type, Callable[[_Run, Any, dict[str, Any]], Any]] = {
    ast.Constant: _Run._constant,
    ast.Name: _Run._name,
    ast.BinOp: _Run._binary,
    ast.UnaryOp: _Run._unary,
    ast.BoolOp: _Run._boolean,
    ast.Compare: _Run._compare,
    ast.IfExp: _Run._conditional,
    ast.List: _Run._list,
    ast.Tuple: _Run._tuple,
    ast.Subscript: _Run._index,
    ast.ListComp: _Run._comprehension,
    ast.GeneratorExp: _Run._comprehension,
    ast.Call: _Run._call_node,
}


def _bind(target: ast.AST, value: Any, frame: MutableMapping[str, Any]) -> None:
    if isinstance(target, ast.Name):
        frame[target.id] = value
        return
    if isinstance(target, ast.Tuple | ast.List):
        if not isinstance(value, list | tuple) or len(value) != len(target.elts):
            raise InvalidReference(f"cannot unpack {value!r} into {len(target.elts)} names")
        for part, item in zip(target.elts, value):
            _bind(part, item, frame)
        return
    raise InvalidReference("a comprehension variable must be a name or a tuple of names")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _precheck_binary(op: ast.operator, a: Any, b: Any) -> None:
    """Refuse operations whose result would be too large, before computing them."""
    if isinstance(op, ast.Pow) and _is_int(a) and _is_int(b) and b > 0 and abs(a) > 1:
        if b * math.log2(abs(a)) > MAX_INT_BITS:
            raise InvalidReference(f"{a}**{b} is too large")
    elif isinstance(op, ast.Mult):
        if _is_int(a) and _is_int(b) and a.bit_length() + b.bit_length() > MAX_INT_BITS + 1:
            raise InvalidReference("product too large")
        for seq, count in ((a, b), (b, a)):
            if isinstance(seq, list | tuple) and _is_int(count) and len(seq) * count > MAX_SEQUENCE:
                raise InvalidReference(f"sequence longer than {MAX_SEQUENCE} items")
    elif (
        isinstance(op, ast.Add)
        and isinstance(a, list | tuple)
        and isinstance(b, list | tuple)
        and len(a) + len(b) > MAX_SEQUENCE
    ):
        raise InvalidReference(f"sequence longer than {MAX_SEQUENCE} items")
