"""Convolution arithmetic: output sizes and receptive fields of conv/pool stacks.

Formulas follow Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
(2016), and Araujo et al., "Computing Receptive Fields of Convolutional Neural Networks"
(Distill, 2019). Sizes are along one spatial axis.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ConvLayer:
    """One conv or pooling layer along one axis (pooling is a conv without weights)."""

    kernel: int
    stride: int = 1
    dilation: int = 1
    padding: int = 0

    def __post_init__(self) -> None:
        for name, least in (("kernel", 1), ("stride", 1), ("dilation", 1), ("padding", 0)):
            value = _whole(getattr(self, name), name)
            if value < least:
                raise ValueError(f"{name} must be at least {least}, got {value}")
            object.__setattr__(self, name, value)

    @property
    def effective_kernel(self) -> int:
        """Span of a dilated kernel: d*(k - 1) + 1."""
        return self.dilation * (self.kernel - 1) + 1


@dataclass(frozen=True)
class FieldAfterLayer:
    """Receptive-field bookkeeping after one layer, in input pixels.

    ``jump`` is the distance between the receptive-field centres of neighbouring units of
    this layer; ``start`` is the 0-based input index of the first unit's centre (half
    values fall between two pixels; negative values lie in the padding).
    """

    layer: ConvLayer
    receptive_field: int
    jump: int
    start: float


LayerSpec = ConvLayer | Sequence[int] | Mapping[str, int]


def as_layer(spec: LayerSpec) -> ConvLayer:
    """A ConvLayer from a ConvLayer, a ``(k, s[, d[, p]])`` sequence or a mapping of fields."""
    if isinstance(spec, ConvLayer):
        return spec
    if isinstance(spec, Mapping):
        return ConvLayer(**spec)
    values = list(spec)
    if not 1 <= len(values) <= 4:
        raise ValueError(f"a layer is (kernel, stride, dilation, padding), got {values}")
    return ConvLayer(*values)


def receptive_field_table(layers: Iterable[LayerSpec]) -> list[FieldAfterLayer]:
    """Bottom-up recursion, input to output, starting from r = 1, j = 1, start = 0:

    r_out = r_in + (k_eff - 1) * j_in,   j_out = j_in * s,
    start_out = start_in + ((k_eff - 1)/2 - p) * j_in,   k_eff = d*(k - 1) + 1.

    Unrolled: r = 1 + sum_i (k_i - 1) * d_i * prod_{j<i} s_j.
    """
    field, jump, start = 1, 1, 0.0
    table = []
    for spec in layers:
        layer = as_layer(spec)
        span = layer.effective_kernel - 1
        field += span * jump
        start += (span / 2 - layer.padding) * jump
        jump *= layer.stride
        table.append(FieldAfterLayer(layer, field, jump, start))
    return table


def receptive_field(layers: Iterable[LayerSpec]) -> int:
    """Receptive field in input pixels of one unit after the whole stack (1 for no layers)."""
    table = receptive_field_table(layers)
    return table[-1].receptive_field if table else 1


def conv_output(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output size of a convolution: floor((n + 2p - d(k - 1) - 1)/s) + 1."""
    layer = ConvLayer(k, s, d, p)
    n = _whole(n, "input size")
    if n < 1:
        raise ValueError(f"input size must be at least 1, got {n}")
    span = n + 2 * p - layer.effective_kernel
    if span < 0:
        raise ValueError(
            f"the kernel spans {layer.effective_kernel} pixels but the padded input has only "
            f"{n + 2 * p}"
        )
    return span // s + 1


def conv_transpose_output(
    n: int, k: int, s: int = 1, p: int = 0, d: int = 1, output_padding: int = 0
) -> int:
    """Output size of a transposed convolution (PyTorch ConvTranspose):
    (n - 1)s - 2p + d(k - 1) + output_padding + 1.
    """
    layer = ConvLayer(k, s, d, p)
    n = _whole(n, "input size")
    output_padding = _whole(output_padding, "output_padding")
    if n < 1:
        raise ValueError(f"input size must be at least 1, got {n}")
    if not 0 <= output_padding < max(s, d):
        raise ValueError("output_padding must be at least 0 and smaller than stride or dilation")
    size = (n - 1) * s - 2 * p + layer.effective_kernel + output_padding
    if size < 1:
        raise ValueError(f"padding {p} leaves no output (size {size})")
    return size


def _whole(value: object, name: str) -> int:
    """``value`` as an int; integral floats are accepted (authors write 2.0), others are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
