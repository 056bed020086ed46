"""Reference implementations against values checked by hand or taken from the literature."""

from __future__ import annotations

import math

import pytest

from studyapp.references import (
    ConvLayer,
    adaboost_alpha,
    adaboost_round,
    adapter_params,
    beta_bernoulli,
    conv_output,
    conv_transpose_output,
    exponential_moving_average,
    ffn_params,
    incremental_mean,
    kl_diag_gauss,
    kl_discrete,
    kl_gauss,
    kv_cache_bytes,
    leaf_weight,
    lora_params,
    majority_vote_error,
    mla_cache_bytes,
    oob_fraction,
    receptive_field,
    receptive_field_table,
    softmax,
    split_gain,
    swiglu_hidden,
    training_flops,
)

# Layers up to pool5, input first; (kernel, stride, dilation, padding).
CONV3 = (3, 1, 1, 1)
POOL2 = (2, 2)
# conv1, pool1, conv2, pool2, conv3, conv4, conv5, pool5
ALEXNET = [(11, 4), (3, 2), (5, 1, 1, 2), (3, 2), CONV3, CONV3, CONV3, (3, 2)]
VGG16 = [CONV3, CONV3, POOL2, CONV3, CONV3, POOL2] + [CONV3, CONV3, CONV3, POOL2] * 3


# -- convolution arithmetic -------------------------------------------------------------


def test_alexnet_receptive_field_is_195_at_pool5() -> None:
    # Araujo et al., "Computing Receptive Fields of CNNs", Distill 2019, table 1.
    assert receptive_field(ALEXNET) == 195


def test_alexnet_conv5_receptive_field_is_163() -> None:
    assert receptive_field(ALEXNET[:7]) == 163


def test_vgg16_receptive_field_is_212_at_pool5() -> None:
    assert receptive_field(VGG16) == 212


def test_vgg16_conv5_3_receptive_field_is_196() -> None:
    assert receptive_field(VGG16[:-1]) == 196


def test_jump_is_the_product_of_strides() -> None:
    assert receptive_field_table(VGG16)[-1].jump == 32


def test_three_3x3_convs_see_7x7() -> None:
    assert receptive_field([(3, 1)] * 3) == 7


def test_dilations_1_2_4_give_15() -> None:
    assert receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)]) == 15


def test_no_layers_see_one_pixel() -> None:
    assert receptive_field([]) == 1


def test_padding_moves_the_first_centre_into_the_padding() -> None:
    table = receptive_field_table([ConvLayer(3, padding=1), ConvLayer(3, padding=2)])
    assert [row.start for row in table] == [0.0, -1.0]


def test_layers_accept_mappings() -> None:
    assert receptive_field([{"kernel": 11, "stride": 4}, {"kernel": 3, "stride": 2}]) == 19


def test_alexnet_conv1_output_is_55() -> None:
    assert conv_output(227, 11, 4) == 55


def test_resnet_stem_output_is_112() -> None:
    assert conv_output(224, 7, 2, 3) == 112


def test_dilated_conv_output() -> None:
    assert conv_output(64, 3, 1, 2, 2) == 64


def test_kernel_larger_than_input_is_an_error() -> None:
    with pytest.raises(ValueError, match="kernel spans 7"):
        conv_output(3, 7)


def test_zero_stride_is_an_error() -> None:
    with pytest.raises(ValueError, match="stride must be at least 1"):
        conv_output(10, 3, 0)


def test_fractional_sizes_are_an_error() -> None:
    with pytest.raises(ValueError, match="whole number"):
        conv_output(10.5, 3)


def test_transposed_conv_doubles_with_k4_s2_p1() -> None:
    assert conv_transpose_output(16, 4, 2, 1) == 32


def test_transposed_conv_output_padding_adds_one() -> None:
    assert conv_transpose_output(16, 3, 2, 1, output_padding=1) == 32


def test_transposed_conv_inverts_the_conv_shape() -> None:
    assert conv_output(conv_transpose_output(7, 3, 2, 1), 3, 2, 1) == 7


def test_output_padding_must_be_below_stride() -> None:
    with pytest.raises(ValueError, match="output_padding"):
        conv_transpose_output(16, 3, 2, 1, output_padding=2)


# -- transformer sizes ------------------------------------------------------------------


def test_llama3_8b_kv_cache_is_128_kib_per_token() -> None:
    assert kv_cache_bytes(32, 8, 128, 2) == 131072


def test_llama2_7b_mha_kv_cache_is_512_kib_per_token() -> None:
    assert kv_cache_bytes(32, 32, 128, 2) == 524288


def test_mqa_caches_one_head() -> None:
    assert kv_cache_bytes(32, 1, 128, 2) * 32 == kv_cache_bytes(32, 32, 128, 2)


def test_deepseek_v2_mla_cache() -> None:
    # d_c = 512, d_R = 64, 60 layers, bf16.
    assert mla_cache_bytes(60, 512, 64, 2) == (512 + 64) * 60 * 2 == 69120


def test_half_byte_values_give_whole_byte_counts() -> None:
    assert kv_cache_bytes(32, 8, 128, 0.5) == 32768


def test_lora_on_a_square_matrix() -> None:
    assert lora_params(4096, 4096, 8) == 65536


def test_lora_on_q_and_v_of_llama2_7b() -> None:
    assert lora_params(4096, 4096, 8, matrices=64) == 4194304


def test_lora_on_gpt3_q_and_v_with_rank_1() -> None:
    # Hu et al. 2021: GPT-3 175B, r = 1 on W_q and W_v, 96 layers -> 4.7M parameters.
    assert lora_params(12288, 12288, 1, matrices=2 * 96) == 4718592


def test_lora_rejects_rank_zero() -> None:
    with pytest.raises(ValueError, match="r must be positive"):
        lora_params(4096, 4096, 0)


def test_bert_adapter_params() -> None:
    assert adapter_params(768, 64) == 99136


def test_transformer_ffn_params() -> None:
    assert ffn_params(512, 2048) == 2099712


def test_llama_7b_swiglu_hidden_is_11008() -> None:
    assert swiglu_hidden(4096) == 11008


def test_training_flops_is_6nd() -> None:
    assert training_flops(405e9, 15.6e12) == pytest.approx(3.7908e25)


# -- ensembles --------------------------------------------------------------------------


def test_adaboost_alpha_for_error_0_3() -> None:
    assert adaboost_alpha(0.3) == pytest.approx(0.5 * math.log(7 / 3), rel=1e-12)


def test_adaboost_alpha_rejects_perfect_learners() -> None:
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        adaboost_alpha(0.0)


def test_adaboost_round_gives_misclassified_half_the_weight() -> None:
    result = adaboost_round([0.1] * 10, [i < 3 for i in range(10)])
    assert result.error == pytest.approx(0.3)
    assert sum(result.weights[:3]) == pytest.approx(0.5)
    assert sum(result.weights) == pytest.approx(1.0)


def test_adaboost_normaliser_is_2_sqrt_e_1_minus_e() -> None:
    result = adaboost_round([0.25] * 4, [True, False, False, False])
    assert result.normaliser == pytest.approx(2 * math.sqrt(0.25 * 0.75))


def test_adaboost_round_normalises_unnormalised_weights() -> None:
    assert adaboost_round([2, 2, 4], [True, False, False]).error == pytest.approx(0.25)


def test_adaboost_round_needs_one_flag_per_weight() -> None:
    with pytest.raises(ValueError, match="one misclassified flag per sample"):
        adaboost_round([0.5, 0.5], [True])


def test_oob_fraction_for_ten_points() -> None:
    assert oob_fraction(10) == pytest.approx(0.9**10)


def test_oob_fraction_tends_to_one_over_e() -> None:
    assert oob_fraction(10**6) == pytest.approx(math.exp(-1), rel=1e-6)


def test_majority_of_five_with_error_0_3() -> None:
    assert majority_vote_error(0.3, 5) == pytest.approx(0.16308)


def test_xgboost_leaf_weight() -> None:
    assert leaf_weight(-4, 6, 2) == 0.5


def test_xgboost_split_gain() -> None:
    expected = 0.5 * (16 / 7 + 4 / 4 - 4 / 10) - 0.5
    assert split_gain(-4, 6, 2, 3, lam=1, gamma=0.5) == pytest.approx(expected)


# -- probability ------------------------------------------------------------------------


def test_softmax_with_temperature_2() -> None:
    expected = math.exp(1) / (math.exp(1) + math.exp(0.5) + 1)
    assert softmax([2, 1, 0], 2)[0] == pytest.approx(expected, rel=1e-12)


def test_softmax_survives_huge_logits() -> None:
    assert softmax([1000.0, 0.0]) == [1.0, 0.0]


def test_softmax_rejects_zero_temperature() -> None:
    with pytest.raises(ValueError, match="temperature"):
        softmax([1, 2], 0)


def test_kl_of_identical_gaussians_is_zero() -> None:
    assert kl_gauss(1.5, 0.7, 1.5, 0.7) == pytest.approx(0.0, abs=1e-15)


def test_kl_gauss_closed_form() -> None:
    expected = math.log(2 / 1) + (1 + 1) / (2 * 4) - 0.5
    assert kl_gauss(1, 1, 0, 2) == pytest.approx(expected)


def test_diagonal_kl_to_standard_normal_matches_vae_formula() -> None:
    mu, sigma = [0.5, -1.0], [0.8, 1.5]
    expected = 0.5 * sum(s**2 + m**2 - 1 - math.log(s**2) for m, s in zip(mu, sigma))
    assert kl_diag_gauss(mu, sigma) == pytest.approx(expected)


def test_discrete_kl_is_asymmetric() -> None:
    assert kl_discrete([0.5, 0.5], [0.9, 0.1]) != pytest.approx(kl_discrete([0.9, 0.1], [0.5, 0.5]))


def test_beta_bernoulli_with_beta_2_2_prior() -> None:
    result = beta_bernoulli(7, 3, 2, 2)
    assert (result.mle, result.map, result.posterior_mean) == pytest.approx((0.7, 2 / 3, 9 / 14))


def test_beta_bernoulli_map_is_undefined_at_the_boundary() -> None:
    assert beta_bernoulli(0, 3).map is None


def test_incremental_mean_forgets_the_start() -> None:
    assert incremental_mean([2, 4, 9], initial=10) == pytest.approx(5.0)


def test_exponential_moving_average() -> None:
    assert exponential_moving_average([6, 4], initial=5, rate=0.1) == pytest.approx(4.99)
