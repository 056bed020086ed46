"""Transformer sizes: KV-cache memory, LoRA/adapter parameter counts, FLOP estimates.

Every count is an exact integer when its inputs are integers; byte counts use the
storage width of one cached value (2 for fp16/bf16, 1 for int8/fp8, 4 for fp32).
"""

from __future__ import annotations


def kv_cache_bytes(layers: int, kv_heads: int, head_dim: int, bytes_per_value: float = 2) -> int:
    """KV-cache bytes per token for MHA, MQA and GQA: 2 * layers * kv_heads * head_dim * bytes.

    The 2 counts keys and values. MHA caches every head (kv_heads = heads), MQA one shared
    head (kv_heads = 1), GQA one head per group (Ainslie et al., 2023).
    E.g. Llama-3-8B: 2 * 32 * 8 * 128 * 2 = 131072 bytes (128 KiB).
    """
    _positive(layers=layers, kv_heads=kv_heads, head_dim=head_dim, bytes_per_value=bytes_per_value)
    return _exact(2 * layers * kv_heads * head_dim * bytes_per_value)


def mla_cache_bytes(layers: int, latent_dim: int, rope_dim: int, bytes_per_value: float = 2) -> int:
    """KV-cache bytes per token for multi-head latent attention (DeepSeek-V2, 2024):
    (d_c + d_R) * layers * bytes.

    MLA caches one compressed latent c_KV of width d_c and one decoupled RoPE key of width
    d_R per layer, shared by all heads, instead of per-head keys and values.
    """
    _positive(layers=layers, latent_dim=latent_dim, bytes_per_value=bytes_per_value)
    if rope_dim < 0:
        raise ValueError(f"rope_dim must be at least 0, got {rope_dim}")
    return _exact((latent_dim + rope_dim) * layers * bytes_per_value)


def cache_total_bytes(bytes_per_token: float, tokens: int, batch: int = 1) -> int:
    """Whole-cache size: bytes per token * tokens per sequence * sequences in the batch."""
    _positive(tokens=tokens, batch=batch)
    return _exact(bytes_per_token * tokens * batch)


def lora_params(d: int, k: int, r: int, matrices: int = 1) -> int:
    """Trainable LoRA parameters: r * (d + k) per adapted d x k matrix, times matrices.

    LoRA (Hu et al., 2021) learns W + B A with B of shape d x r and A of shape r x k.
    """
    _positive(d=d, k=k, r=r, matrices=matrices)
    return r * (d + k) * matrices


def adapter_params(d: int, m: int) -> int:
    """One bottleneck adapter (Houlsby et al., 2019): down d->m and up m->d with biases,
    2*m*d + m + d."""
    _positive(d=d, m=m)
    return 2 * m * d + m + d


def ffn_params(d: int, f: int, gated: bool = False, bias: bool = True) -> int:
    """Transformer feed-forward parameters: two d x f maps (2df + f + d with biases), or
    three bias-free maps for a gated (SwiGLU) block, 3df."""
    _positive(d=d, f=f)
    if gated:
        return 3 * d * f
    return 2 * d * f + (f + d if bias else 0)


def swiglu_hidden(d: int, multiple: int = 256) -> int:
    """LLaMA's SwiGLU width: int(2 * 4d / 3) rounded up to a multiple (11008 for d = 4096)."""
    _positive(d=d, multiple=multiple)
    raw = 8 * d // 3
    return -(-raw // multiple) * multiple


def training_flops(params: float, tokens: float) -> float:
    """Training compute of a dense transformer, C ~ 6 N D (Kaplan et al., 2020): 2ND
    forward, 4ND backward."""
    _positive(params=params, tokens=tokens)
    return 6 * params * tokens


def attention_flops(seq_len: int, d_model: int, layers: int = 1) -> int:
    """FLOPs of the attention scores and the weighted sum in one forward pass:
    4 * n^2 * d per layer (Q K^T and A V, each n^2 d multiply-adds of 2 FLOPs)."""
    _positive(seq_len=seq_len, d_model=d_model, layers=layers)
    return 4 * seq_len * seq_len * d_model * layers


def _positive(**values: float) -> None:
    for name, value in values.items():
        if not value > 0:
            raise ValueError(f"{name} must be positive, got {value}")


def _exact(value: float) -> int:
    """Counts of bytes are whole numbers even when a width like 0.5 byte (int4) is used."""
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} is not a whole number of bytes")
        return int(value)
    return value
