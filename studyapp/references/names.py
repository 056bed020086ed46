"""The names a reference expression may call, with every growth-prone one bounded.

The table is what ../shared/topics.md allows (``abs all any ... Phi``, constants ``pi``
and ``inf``) plus this package's reference implementations, so authors can write
``receptive_field(zip(k, s, d))`` or ``kv_cache_bytes(32, 8, 128, 2)``.
Builtins that return iterators return lists here: the interpreter models only lists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from studyapp.references import conv, ensembles, probability, transformer
from studyapp.references.evaluator import (
    MAX_INT_BITS,
    MAX_SEQUENCE,
    InvalidReference,
)

MAX_FACTORIAL = 2000
MAX_COMB = 20_000


def sigmoid(x: float) -> float:
    """1/(1 + exp(-x)), written so neither branch overflows."""
    if x >= 0:
        return 1 / (1 + math.exp(-x))
    z = math.exp(x)
    return z / (1 + z)


def softplus(x: float) -> float:
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|))."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def Phi(x: float) -> float:
    """Standard normal CDF (1 + erf(x/sqrt(2)))/2."""
    return (1 + math.erf(x / math.sqrt(2))) / 2


def _range(*args: int) -> list[int]:
    if not all(isinstance(a, int) for a in args):
        raise InvalidReference("range() needs integers")
    span = range(*args)
    if len(span) > MAX_SEQUENCE:
        raise InvalidReference(f"range() longer than {MAX_SEQUENCE} items")
    return list(span)


def _factorial(n: int) -> int:
    if isinstance(n, int) and n > MAX_FACTORIAL:
        raise InvalidReference(f"factorial() is limited to n <= {MAX_FACTORIAL}")
    return math.factorial(n)


def _comb(n: int, k: int) -> int:
    if isinstance(n, int) and n > MAX_COMB:
        raise InvalidReference(f"comb() is limited to n <= {MAX_COMB}")
    return math.comb(n, k)


def _prod(values: Sequence[Any], start: Any = 1) -> Any:
    result = start
    for value in values:
        result = result * value
        if isinstance(result, int) and result.bit_length() > MAX_INT_BITS:
            raise InvalidReference("prod() result too large")
    return result


def _sum(values: Sequence[Any], start: Any = 0) -> Any:
    if any(isinstance(v, list | tuple) for v in values):
        raise InvalidReference("sum() adds numbers only")
    return sum(values, start)


def _round(value: float, digits: int | None = None) -> float:
    # round(123, -10**9) computes 10**(10**9) before answering.
    if digits is not None and abs(digits) > 400:
        raise InvalidReference("round() accepts at most 400 digits")
    return round(value, digits)


def _numbers(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a math function so that lists and other non-numbers get a clear message."""

    def call(*args: Any) -> Any:
        for arg in args:
            if not isinstance(arg, int | float):
                raise InvalidReference(f"{function.__name__}() needs numbers, got {arg!r}")
        return function(*args)

    call.__name__ = function.__name__
    return call


BUILTINS: dict[str, Callable[..., Any]] = {
    "abs": abs,
    "all": all,
    "any": any,
    "enumerate": lambda values, start=0: list(enumerate(values, start)),
    "float": _numbers(float),
    "int": _numbers(int),
    "len": len,
    "list": list,
    "max": max,
    "min": min,
    "range": _range,
    "reversed": lambda values: list(reversed(values)),
    "round": _round,
    "sorted": lambda values, reverse=False: sorted(values, reverse=reverse),
    "sum": _sum,
    "zip": lambda *values: list(zip(*values)),
}

MATH: dict[str, Callable[..., Any]] = {
    "ceil": _numbers(math.ceil),
    "comb": _comb,
    "cos": _numbers(math.cos),
    "dist": math.dist,
    "erf": _numbers(math.erf),
    "exp": _numbers(math.exp),
    "factorial": _factorial,
    "floor": _numbers(math.floor),
    "fsum": math.fsum,
    "hypot": _numbers(math.hypot),
    "log": _numbers(math.log),
    "log2": _numbers(math.log2),
    "log10": _numbers(math.log10),
    "prod": _prod,
    "sin": _numbers(math.sin),
    "sqrt": _numbers(math.sqrt),
    "tanh": _numbers(math.tanh),
    "sigmoid": _numbers(sigmoid),
    "softplus": _numbers(softplus),
    "Phi": _numbers(Phi),
}

REFERENCES: dict[str, Callable[..., Any]] = {
    "receptive_field": conv.receptive_field,
    "conv_output": conv.conv_output,
    "conv_transpose_output": conv.conv_transpose_output,
    "kv_cache_bytes": transformer.kv_cache_bytes,
    "mla_cache_bytes": transformer.mla_cache_bytes,
    "cache_total_bytes": transformer.cache_total_bytes,
    "lora_params": transformer.lora_params,
    "adapter_params": transformer.adapter_params,
    "ffn_params": transformer.ffn_params,
    "swiglu_hidden": transformer.swiglu_hidden,
    "training_flops": transformer.training_flops,
    "attention_flops": transformer.attention_flops,
    "adaboost_alpha": ensembles.adaboost_alpha,
    "adaboost_round": ensembles.adaboost_round,
    "oob_fraction": ensembles.oob_fraction,
    "majority_vote_error": ensembles.majority_vote_error,
    "leaf_weight": ensembles.leaf_weight,
    "split_gain": ensembles.split_gain,
    "softmax": probability.softmax,
    "kl_gauss": probability.kl_gauss,
    "kl_diag_gauss": probability.kl_diag_gauss,
    "kl_discrete": probability.kl_discrete,
    "beta_bernoulli": probability.beta_bernoulli,
    "incremental_mean": probability.incremental_mean,
    "exponential_moving_average": probability.exponential_moving_average,
}

REFERENCE_FUNCTIONS: dict[str, Callable[..., Any]] = {**BUILTINS, **MATH, **REFERENCES}
CONSTANTS: dict[str, float] = {"pi": math.pi, "inf": math.inf}

# ``answer:`` lines are closed forms in sympy syntax; these are the names they evaluate
# with (sympy's spellings) when only a float is needed.
ANSWER_FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{
        name: MATH[name]
        for name in (
            "exp",
            "log",
            "sqrt",
            "sin",
            "cos",
            "tanh",
            "erf",
            "factorial",
            "floor",
            "sigmoid",
            "softplus",
            "Phi",
        )
    },
    "tan": _numbers(math.tan),
    "atanh": _numbers(math.atanh),
    "Abs": _numbers(abs),
    "ceiling": _numbers(math.ceil),
    "binomial": _comb,
    "Max": _numbers(max),
    "Min": _numbers(min),
    "Rational": _numbers(lambda p, q: p / q),
}
ANSWER_CONSTANTS: dict[str, float] = {"pi": math.pi}
