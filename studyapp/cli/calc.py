"""``studyapp calc CALCULATOR``: the numeric reference implementations as calculators.

Each calculator prints a readable summary, or with ``--json`` one JSON object whose keys
are a contract other tools script against (``receptive_field``, ``output``,
``bytes_per_token``, ``params``, ...). Invalid input exits with status 2 and a message.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from typing import Any

from studyapp.cli.common import fail, print_json
from studyapp.cli.options import add_command
from studyapp.plural import plural

Result = dict[str, Any]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "calc", "calculators for conv sizes, KV caches, LoRA, AdaBoost and more"
    )
    calculators = parser.add_subparsers(
        dest="calculator", metavar="CALCULATOR", required=True, title="calculators"
    )
    for name, help_text, add_arguments, compute, describe in CALCULATORS:
        sub = calculators.add_parser(name, help=help_text, description=help_text)
        add_arguments(sub)
        sub.add_argument("--json", action="store_true", help="print one JSON object")
        sub.set_defaults(handler=_handler(compute, describe))


def _handler(
    compute: Callable[[argparse.Namespace], Result], describe: Callable[[Result], str]
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            result = compute(args)
        except ValueError as exc:
            fail(str(exc))
        if args.json:
            print_json(result)
        else:
            print(describe(result))
        return 0

    return run


# -- receptive-field --------------------------------------------------------------------

_LAYER_KEYS = {
    "k": "kernel",
    "kernel": "kernel",
    "s": "stride",
    "stride": "stride",
    "d": "dilation",
    "dilation": "dilation",
    "p": "padding",
    "padding": "padding",
}


def parse_layer(text: str) -> dict[str, int]:
    """``k=3,s=2,d=1,p=1`` as ConvLayer fields (argparse type)."""
    fields: dict[str, int] = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        field = _LAYER_KEYS.get(key.strip().lower())
        if not sep or field is None:
            raise argparse.ArgumentTypeError(
                f"'{part}' is not KEY=VALUE with KEY one of k, s, d, p (e.g. k=3,s=2)"
            )
        try:
            fields[field] = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' in '{part}' is not an integer") from None
    if "kernel" not in fields:
        raise argparse.ArgumentTypeError(f"layer '{text}' needs a kernel size k=")
    return fields


def _receptive_field_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--layer",
        type=parse_layer,
        action="append",
        required=True,
        metavar="k=K,s=S[,d=D,p=P]",
        help="one conv or pool layer, input first (repeat for each layer)",
    )


def _receptive_field(args: argparse.Namespace) -> Result:
    from studyapp.references import ConvLayer, receptive_field_table

    table = receptive_field_table(ConvLayer(**fields) for fields in args.layer)
    return {
        "receptive_field": table[-1].receptive_field,
        "jump": table[-1].jump,
        "start": table[-1].start,
        "layers": [
            {
                "layer": number,
                "kernel": row.layer.kernel,
                "stride": row.layer.stride,
                "dilation": row.layer.dilation,
                "padding": row.layer.padding,
                "receptive_field": row.receptive_field,
                "jump": row.jump,
                "start": row.start,
            }
            for number, row in enumerate(table, start=1)
        ],
    }


def _describe_receptive_field(result: Result) -> str:
    header = f"{'layer':>5} {'kernel':>6} {'stride':>6} {'dilation':>8} {'padding':>7} {'RF':>6} {'jump':>6} {'start':>7}"
    rows = [
        f"{r['layer']:>5} {r['kernel']:>6} {r['stride']:>6} {r['dilation']:>8} {r['padding']:>7} "
        f"{r['receptive_field']:>6} {r['jump']:>6} {r['start']:>7g}"
        for r in result["layers"]
    ]
    total = f"receptive field: {result['receptive_field']} pixels (jump {result['jump']})"
    return "\n".join([header, *rows, total])


# -- conv-output ------------------------------------------------------------------------


def _conv_output_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, required=True, help="input size along one axis")
    parser.add_argument("--k", type=int, required=True, help="kernel size")
    parser.add_argument("--s", type=int, default=1, help="stride (default 1)")
    parser.add_argument("--p", type=int, default=0, help="padding on each side (default 0)")
    parser.add_argument("--d", type=int, default=1, help="dilation (default 1)")
    parser.add_argument("--transposed", action="store_true", help="a transposed convolution")
    parser.add_argument(
        "--output-padding", type=int, default=0, help="extra size on one side (transposed only)"
    )


def _conv_output(args: argparse.Namespace) -> Result:
    from studyapp.references import conv_output, conv_transpose_output

    if args.output_padding and not args.transposed:
        raise ValueError("--output-padding only applies with --transposed")
    if args.transposed:
        output = conv_transpose_output(args.n, args.k, args.s, args.p, args.d, args.output_padding)
    else:
        output = conv_output(args.n, args.k, args.s, args.p, args.d)
    return {
        "output": output,
        "input": args.n,
        "kernel": args.k,
        "stride": args.s,
        "padding": args.p,
        "dilation": args.d,
        "transposed": args.transposed,
        "output_padding": args.output_padding,
    }


def _describe_conv_output(result: Result) -> str:
    kind = "transposed conv" if result["transposed"] else "conv"
    extra = f", output_padding {result['output_padding']}" if result["transposed"] else ""
    return (
        f"{kind}: input {result['input']}, kernel {result['kernel']}, stride {result['stride']}, "
        f"padding {result['padding']}, dilation {result['dilation']}{extra}\n"
        f"output size: {result['output']}"
    )


# -- kv-cache ---------------------------------------------------------------------------


def _kv_cache_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layers", type=int, required=True, help="transformer layers")
    parser.add_argument("--kv-heads", type=int, help="key/value heads (MHA: all heads, MQA: 1)")
    parser.add_argument("--head-dim", type=int, help="dimension of one head")
    parser.add_argument("--heads", type=int, help="query heads (only to name MHA/GQA/MQA)")
    parser.add_argument("--bytes", type=float, default=2, help="bytes per value (default 2: fp16)")
    parser.add_argument("--mla-latent", type=int, help="MLA compressed KV width d_c")
    parser.add_argument("--mla-rope", type=int, default=0, help="MLA decoupled RoPE key width d_R")
    parser.add_argument("--tokens", type=int, help="tokens per sequence, for the total")
    parser.add_argument("--batch", type=int, default=1, help="sequences, for the total (default 1)")


def _kv_cache(args: argparse.Namespace) -> Result:
    from studyapp.references import cache_total_bytes, kv_cache_bytes, mla_cache_bytes

    if args.mla_latent is not None:
        if args.kv_heads is not None or args.head_dim is not None:
            raise ValueError("give either --mla-latent/--mla-rope or --kv-heads/--head-dim")
        per_token = mla_cache_bytes(args.layers, args.mla_latent, args.mla_rope, args.bytes)
        result: Result = {
            "bytes_per_token": per_token,
            "variant": "mla",
            "latent_dim": args.mla_latent,
            "rope_dim": args.mla_rope,
        }
    else:
        if args.kv_heads is None or args.head_dim is None:
            raise ValueError("give --kv-heads and --head-dim (or --mla-latent for MLA)")
        per_token = kv_cache_bytes(args.layers, args.kv_heads, args.head_dim, args.bytes)
        result = {
            "bytes_per_token": per_token,
            "variant": _variant(args.heads, args.kv_heads),
            "kv_heads": args.kv_heads,
            "head_dim": args.head_dim,
        }
    result |= {
        "layers": args.layers,
        "bytes_per_value": args.bytes,
        "kib_per_token": per_token / 1024,
    }
    if args.tokens is not None:
        total = cache_total_bytes(per_token, args.tokens, args.batch)
        result |= {
            "tokens": args.tokens,
            "batch": args.batch,
            "total_bytes": total,
            "total_gib": total / 2**30,
        }
    return result


def _variant(heads: int | None, kv_heads: int) -> str:
    if kv_heads == 1:
        return "mqa"
    if heads is None:
        return "mha-or-gqa"
    if heads % kv_heads:
        raise ValueError(f"{heads} query heads cannot be split into {kv_heads} KV groups")
    return "mha" if heads == kv_heads else "gqa"


def _describe_kv_cache(result: Result) -> str:
    per_token = (
        f"{result['variant'].upper()}: {result['bytes_per_token']} bytes per token "
        f"({result['kib_per_token']:g} KiB)"
    )
    lines = [per_token]
    if "total_bytes" in result:
        lines.append(
            f"{result['batch']} x {result['tokens']} tokens: {result['total_bytes']} bytes "
            f"({result['total_gib']:g} GiB)"
        )
    return "\n".join(lines)


# -- lora-params ------------------------------------------------------------------------


def _lora_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--d", type=int, required=True, help="output size of the adapted matrix")
    parser.add_argument("--k", type=int, help="input size (default: square, k = d)")
    parser.add_argument("--r", type=int, required=True, help="LoRA rank")
    parser.add_argument("--matrices", type=int, default=1, help="adapted matrices in total")


def _lora(args: argparse.Namespace) -> Result:
    from studyapp.references import lora_params

    k = args.d if args.k is None else args.k
    params = lora_params(args.d, k, args.r, args.matrices)
    full = args.d * k * args.matrices
    return {
        "params": params,
        "per_matrix": params // args.matrices,
        "full_params": full,
        "fraction": params / full,
        "d": args.d,
        "k": k,
        "r": args.r,
        "matrices": args.matrices,
    }


def _describe_lora(result: Result) -> str:
    return (
        f"LoRA r={result['r']} on {result['matrices']} matrices of {result['d']} x {result['k']}: "
        f"{result['params']:,} trainable parameters ({result['per_matrix']:,} per matrix, "
        f"{result['fraction']:.4%} of {result['full_params']:,})"
    )


# -- adaboost-round ---------------------------------------------------------------------


def _adaboost_args(parser: argparse.ArgumentParser) -> None:
    weights = parser.add_mutually_exclusive_group(required=True)
    weights.add_argument("--weights", type=float, nargs="+", metavar="W", help="sample weights")
    weights.add_argument("--n", type=int, help="n samples with uniform weights 1/n")
    parser.add_argument(
        "--wrong",
        type=int,
        nargs="+",
        required=True,
        metavar="I",
        help="1-based indices of the misclassified samples",
    )


def _adaboost(args: argparse.Namespace) -> Result:
    from studyapp.references import adaboost_round

    weights = args.weights or [1.0] * args.n
    if any(not 1 <= i <= len(weights) for i in args.wrong):
        raise ValueError(f"--wrong indices must lie between 1 and {len(weights)}")
    wrong = set(args.wrong)
    result = adaboost_round(weights, [i in wrong for i in range(1, len(weights) + 1)])
    return result._asdict()


def _describe_adaboost(result: Result) -> str:
    weights = ", ".join(f"{w:.6g}" for w in result["weights"])
    return (
        f"weighted error e = {result['error']:.6g}\n"
        f"alpha = 1/2 ln((1 - e)/e) = {result['alpha']:.6g}\n"
        f"normaliser Z = {result['normaliser']:.6g}\n"
        f"new weights: {weights}"
    )


# -- softmax ----------------------------------------------------------------------------


def _softmax_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--logits", type=float, nargs="+", required=True, metavar="Z")
    parser.add_argument("--temperature", "--T", type=float, default=1.0, help="default 1")


def _softmax(args: argparse.Namespace) -> Result:
    from studyapp.references import softmax

    return {
        "probabilities": softmax(args.logits, args.temperature),
        "temperature": args.temperature,
    }


def _describe_softmax(result: Result) -> str:
    return f"softmax(z/{result['temperature']:g}): " + ", ".join(
        f"{p:.6g}" for p in result["probabilities"]
    )


# -- kl-gauss ---------------------------------------------------------------------------


def _kl_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mu1", type=float, nargs="+", required=True, help="means of p")
    parser.add_argument("--sigma1", type=float, nargs="+", required=True, help="std devs of p")
    parser.add_argument("--mu2", type=float, nargs="+", help="means of q (default 0)")
    parser.add_argument("--sigma2", type=float, nargs="+", help="std devs of q (default 1)")


def _kl(args: argparse.Namespace) -> Result:
    from studyapp.references import kl_diag_gauss

    return {
        "kl": kl_diag_gauss(args.mu1, args.sigma1, args.mu2, args.sigma2),
        "dims": len(args.mu1),
    }


def _describe_kl(result: Result) -> str:
    return f"KL(p || q) = {result['kl']:.6g} nats over {plural(result['dims'], 'dimension')}"


# -- beta-bernoulli ---------------------------------------------------------------------


def _beta_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--heads", type=int, required=True)
    parser.add_argument("--tails", type=int, required=True)
    parser.add_argument("--a", type=float, default=1.0, help="prior Beta(a, b); default 1")
    parser.add_argument("--b", type=float, default=1.0, help="prior Beta(a, b); default 1")


def _beta(args: argparse.Namespace) -> Result:
    from studyapp.references import beta_bernoulli

    return beta_bernoulli(args.heads, args.tails, args.a, args.b)._asdict()


def _describe_beta(result: Result) -> str:
    def show(value: float | None) -> str:
        return "undefined" if value is None else f"{value:.6g}"

    return (
        f"posterior Beta({result['posterior_a']:g}, {result['posterior_b']:g})\n"
        f"MLE {show(result['mle'])}, MAP {show(result['map'])}, "
        f"posterior mean {show(result['posterior_mean'])}"
    )


# -- oob --------------------------------------------------------------------------------


def _oob_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n", type=int, required=True, help="points in the training set")
    parser.add_argument("--draws", type=int, help="bootstrap sample size (default n)")


def _oob(args: argparse.Namespace) -> Result:
    from studyapp.references import oob_fraction

    fraction = oob_fraction(args.n, args.draws)
    return {
        "oob_fraction": fraction,
        "in_bag_fraction": 1 - fraction,
        "expected_oob_points": args.n * fraction,
        "limit": math.exp(-1),
    }


def _describe_oob(result: Result) -> str:
    return (
        f"out-of-bag probability {result['oob_fraction']:.6g} "
        f"(about {result['expected_oob_points']:.4g} points; limit 1/e = {result['limit']:.6g})"
    )


# -- xgb-split ------------------------------------------------------------------------


def _xgb_args(parser: argparse.ArgumentParser) -> None:
    for side in ("L", "R"):
        parser.add_argument(f"--G{side}", type=float, required=True, help=f"gradient sum, {side}")
        parser.add_argument(f"--H{side}", type=float, required=True, help=f"hessian sum, {side}")
    parser.add_argument("--lam", type=float, default=1.0, help="L2 penalty lambda (default 1)")
    parser.add_argument("--gamma", type=float, default=0.0, help="per-leaf penalty (default 0)")


def _xgb(args: argparse.Namespace) -> Result:
    from studyapp.references import leaf_weight, split_gain

    return {
        "gain": split_gain(args.GL, args.HL, args.GR, args.HR, args.lam, args.gamma),
        "left_weight": leaf_weight(args.GL, args.HL, args.lam),
        "right_weight": leaf_weight(args.GR, args.HR, args.lam),
        "parent_weight": leaf_weight(args.GL + args.GR, args.HL + args.HR, args.lam),
    }


def _describe_xgb(result: Result) -> str:
    verdict = "split" if result["gain"] > 0 else "do not split"
    return (
        f"gain {result['gain']:.6g} ({verdict}); leaf weights: left "
        f"{result['left_weight']:.6g}, right {result['right_weight']:.6g}, "
        f"unsplit {result['parent_weight']:.6g}"
    )


CALCULATORS: list[tuple[str, str, Callable, Callable, Callable]] = [
    (
        "receptive-field",
        "receptive field and jump of a stack of conv/pool layers",
        _receptive_field_args,
        _receptive_field,
        _describe_receptive_field,
    ),
    (
        "conv-output",
        "output size of a convolution or transposed convolution",
        _conv_output_args,
        _conv_output,
        _describe_conv_output,
    ),
    (
        "kv-cache",
        "KV-cache bytes per token (MHA/GQA/MQA or MLA) and totals",
        _kv_cache_args,
        _kv_cache,
        _describe_kv_cache,
    ),
    ("lora-params", "trainable parameters of LoRA adapters", _lora_args, _lora, _describe_lora),
    (
        "adaboost-round",
        "one AdaBoost round: weighted error, alpha, new weights",
        _adaboost_args,
        _adaboost,
        _describe_adaboost,
    ),
    ("softmax", "softmax with temperature", _softmax_args, _softmax, _describe_softmax),
    ("kl-gauss", "KL divergence between (diagonal) Gaussians", _kl_args, _kl, _describe_kl),
    (
        "beta-bernoulli",
        "MLE, MAP and posterior mean of a coin under a Beta prior",
        _beta_args,
        _beta,
        _describe_beta,
    ),
    ("oob", "out-of-bag probability of a bootstrap sample", _oob_args, _oob, _describe_oob),
    (
        "xgb-split",
        "XGBoost split gain and leaf weights from gradient/hessian sums",
        _xgb_args,
        _xgb,
        _describe_xgb,
    ),
]
