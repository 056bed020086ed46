"""The ``studyapp calc`` contract: JSON keys, readable summaries and exit code 2 on bad input."""

from __future__ import annotations

import json
import math

import pytest

from studyapp.cli import main


def run_json(capsys: pytest.CaptureFixture[str], command: str) -> dict:
    assert main(["calc", *command.split(), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def run_failing(capsys: pytest.CaptureFixture[str], command: str = "") -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(["calc", *command.split()])
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_help_lists_every_calculator(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["calc", "--help"])
    out = capsys.readouterr().out
    for name in (
        "receptive-field",
        "conv-output",
        "kv-cache",
        "lora-params",
        "adaboost-round",
        "softmax",
        "kl-gauss",
        "beta-bernoulli",
        "oob",
        "xgb-split",
    ):
        assert name in out


def test_receptive_field_json(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "receptive-field --layer k=11,s=4 --layer k=3,s=2")
    assert (result["receptive_field"], result["jump"]) == (19, 8)
    assert [row["receptive_field"] for row in result["layers"]] == [11, 19]


def test_receptive_field_accepts_dilation_and_padding(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "receptive-field --layer k=3 --layer k=3,d=2,p=2 --layer k=3,d=4")
    assert result["receptive_field"] == 15
    assert result["layers"][1]["padding"] == 2


def test_receptive_field_summary_is_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calc", "receptive-field", "--layer", "k=3,s=2", "--layer", "k=3"]) == 0
    out = capsys.readouterr().out
    assert "receptive field: 7 pixels (jump 2)" in out
    assert out.splitlines()[0].split()[:3] == ["layer", "kernel", "stride"]


def test_unknown_layer_key_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "KEY one of k, s, d, p" in run_failing(capsys, "receptive-field --layer q=3")


def test_layer_without_kernel_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "needs a kernel size" in run_failing(capsys, "receptive-field --layer s=2")


def test_conv_output_alexnet_conv1(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "conv-output --n 227 --k 11 --s 4")
    assert result["output"] == 55


def test_conv_output_resnet_stem(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "conv-output --n 224 --k 7 --s 2 --p 3 --d 1")
    assert result["output"] == 112


def test_transposed_conv_output(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(
        capsys, "conv-output --n 16 --k 3 --s 2 --p 1 --transposed --output-padding 1"
    )
    assert result["output"] == 32


def test_conv_larger_than_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "kernel spans 7" in run_failing(capsys, "conv-output --n 3 --k 7")


def test_output_padding_needs_transposed(capsys: pytest.CaptureFixture[str]) -> None:
    err = run_failing(capsys, "conv-output --n 8 --k 3 --output-padding 1")
    assert "--transposed" in err


def test_kv_cache_llama3_8b(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "kv-cache --layers 32 --kv-heads 8 --head-dim 128 --bytes 2")
    assert result["bytes_per_token"] == 131072


def test_kv_cache_totals_and_variant(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(
        capsys,
        "kv-cache --layers 32 --kv-heads 8 --head-dim 128 --heads 32 --tokens 8192 --batch 4",
    )
    assert result["variant"] == "gqa"
    assert result["total_bytes"] == 131072 * 8192 * 4
    assert result["total_gib"] == 4.0


def test_kv_cache_mla_deepseek_v2(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "kv-cache --layers 60 --mla-latent 512 --mla-rope 64 --bytes 2")
    assert (result["bytes_per_token"], result["variant"]) == (69120, "mla")


def test_kv_cache_needs_heads_or_latent(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--kv-heads and --head-dim" in run_failing(capsys, "kv-cache --layers 32")


def test_kv_cache_summary_mentions_kib(capsys: pytest.CaptureFixture[str]) -> None:
    main(["calc", "kv-cache", "--layers", "32", "--kv-heads", "1", "--head-dim", "128"])
    assert capsys.readouterr().out.startswith("MQA: 16384 bytes per token (16 KiB)")


def test_lora_params(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "lora-params --d 4096 --k 4096 --r 8 --matrices 64")
    assert result["params"] == 4194304
    assert result["fraction"] == pytest.approx(16 / 4096)


def test_lora_rank_zero_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "r must be positive" in run_failing(capsys, "lora-params --d 8 --r 0")


def test_missing_required_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "--r" in run_failing(capsys, "lora-params --d 8")


def test_non_integer_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "invalid int value" in run_failing(capsys, "conv-output --n x --k 3")


def test_adaboost_round(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "adaboost-round --n 10 --wrong 1 2 3")
    assert result["error"] == pytest.approx(0.3)
    assert result["alpha"] == pytest.approx(0.5 * math.log(7 / 3))
    assert sum(result["weights"][:3]) == pytest.approx(0.5)


def test_adaboost_index_out_of_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "between 1 and 2" in run_failing(capsys, "adaboost-round --weights 0.5 0.5 --wrong 3")


def test_softmax_with_negative_logits(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "softmax --logits -1 0 1 --temperature 0.5")
    assert result["probabilities"][2] == pytest.approx(
        math.exp(2) / (math.exp(-2) + 1 + math.exp(2))
    )


def test_kl_gauss_to_standard_normal(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "kl-gauss --mu1 1 --sigma1 1")
    assert result == {"kl": 0.5, "dims": 1}


def test_kl_gauss_rejects_negative_sigma(capsys: pytest.CaptureFixture[str]) -> None:
    assert "positive" in run_failing(capsys, "kl-gauss --mu1 0 --sigma1 -1")


def test_beta_bernoulli(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "beta-bernoulli --heads 7 --tails 3 --a 2 --b 2")
    assert (result["mle"], result["posterior_mean"]) == pytest.approx((0.7, 9 / 14))
    assert result["map"] == pytest.approx(2 / 3)


def test_oob(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "oob --n 10")
    assert result["oob_fraction"] == pytest.approx(0.9**10)
    assert result["limit"] == pytest.approx(math.exp(-1))


def test_xgb_split(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, "xgb-split --GL -4 --HL 6 --GR 2 --HR 3 --lam 1 --gamma 0.5")
    assert result["gain"] == pytest.approx(0.5 * (16 / 7 + 4 / 4 - 4 / 10) - 0.5)
    assert result["left_weight"] == pytest.approx(4 / 7)


def test_calc_without_a_calculator_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert "CALCULATOR" in run_failing(capsys)
