"""Numeric reference implementations and the safe evaluator for numeric exercises.

Pure functions (conv arithmetic, KV-cache and LoRA sizes, AdaBoost, Beta-Bernoulli, ...)
are importable from here; ``evaluate_reference``/``answer_value`` compute a numeric
exercise's expected value without ``eval``; ``draw_params``/``render_prompt`` make fresh
variants of parameterised exercises.
"""

from studyapp.references.conv import (
    ConvLayer,
    FieldAfterLayer,
    conv_output,
    conv_transpose_output,
    receptive_field,
    receptive_field_table,
)
from studyapp.references.ensembles import (
    AdaBoostRound,
    adaboost_alpha,
    adaboost_round,
    leaf_weight,
    majority_vote_error,
    oob_fraction,
    split_gain,
)
from studyapp.references.evaluator import InvalidReference
from studyapp.references.numeric import (
    answer_value,
    evaluate_reference,
    expected_value,
    reference_problems,
)
from studyapp.references.params import draw_params, render_prompt
from studyapp.references.probability import (
    BetaBernoulli,
    beta_bernoulli,
    exponential_moving_average,
    incremental_mean,
    kl_diag_gauss,
    kl_discrete,
    kl_gauss,
    softmax,
)
from studyapp.references.transformer import (
    adapter_params,
    attention_flops,
    cache_total_bytes,
    ffn_params,
    kv_cache_bytes,
    lora_params,
    mla_cache_bytes,
    swiglu_hidden,
    training_flops,
)

__all__ = [
    "AdaBoostRound",
    "BetaBernoulli",
    "ConvLayer",
    "FieldAfterLayer",
    "InvalidReference",
    "adaboost_alpha",
    "adaboost_round",
    "adapter_params",
    "answer_value",
    "attention_flops",
    "beta_bernoulli",
    "cache_total_bytes",
    "conv_output",
    "conv_transpose_output",
    "draw_params",
    "evaluate_reference",
    "expected_value",
    "exponential_moving_average",
    "ffn_params",
    "incremental_mean",
    "kl_diag_gauss",
    "kl_discrete",
    "kl_gauss",
    "kv_cache_bytes",
    "leaf_weight",
    "lora_params",
    "majority_vote_error",
    "mla_cache_bytes",
    "oob_fraction",
    "receptive_field",
    "receptive_field_table",
    "reference_problems",
    "render_prompt",
    "softmax",
    "split_gain",
    "swiglu_hidden",
    "training_flops",
]
