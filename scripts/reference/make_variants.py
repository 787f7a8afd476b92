"""Golden variant cases from the numpy float64 reference (scripts/reference/hf_numpy.py).

    python3 scripts/reference/make_variants.py --validate test/fixtures/golden
        runs the reference on every case folder (config.json, model.safetensors, inputs.json)
        and compares with its expected.json at non-padded positions, with the README tolerances.

    python3 scripts/reference/make_variants.py --out test/fixtures/golden-variants
        writes the variant case folders (deterministic: fixed seeds), then validates them.

Files are written in exactly the format of test/fixtures/golden (see its README.md).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
sys.path.insert(0, str(Path(__file__).resolve().parent))
from hf_numpy import Model, load_config, tied_weights, write_safetensors  # noqa: E402

np.seterr(over="ignore")  # finfo.min + finfo.min overflows to -inf in float32 mode, as in torch

PRODUCER = "scripts/reference numpy float64 reference"
TRANSFORMERS_VERSION = "4.35.2"
TOL = {"logits": (1e-4, 1e-4), "hidden": (1e-4, 1e-4), "attention": (1e-5, 0.0)}
# expected.json key -> (tolerance group, which positions count: "source" mask or "all")
KEYS = {
    "logits": ("logits", "source"),
    "hidden_states": ("hidden", "source"),
    "last_hidden_state": ("hidden", "source"),
    "attentions": ("attention", "source"),
    "encoder_hidden_states": ("hidden", "source"),
    "encoder_last_hidden_state": ("hidden", "source"),
    "encoder_attentions": ("attention", "source"),
    "decoder_hidden_states": ("hidden", "all"),
    "decoder_last_hidden_state": ("hidden", "all"),
    "decoder_attentions": ("attention", "all"),
    "cross_attentions": ("attention", "all"),
}

# --------------------------------------------------------------------------------------------
# comparison (validation)
# --------------------------------------------------------------------------------------------


def position_weights(key, inputs, shape):
    """Boolean array broadcastable to `shape`: which elements are compared. Position axis is 1
    for [B, T, C] tensors and the query axis 2 for [B, heads, Tq, Tk]."""
    group, padded = KEYS[key]
    fwd = inputs["forward"]
    is_seq2seq = "decoder_input_ids" in fwd
    if padded == "all" or (key == "logits" and is_seq2seq) or "attention_mask" not in fwd:
        return np.ones(shape, dtype=bool)
    mask = np.asarray(fwd["attention_mask"]) == 1
    if group == "attention":
        return np.broadcast_to(mask[:, None, :, None], shape)
    return np.broadcast_to(mask[:, :, None], shape)


def compare_case(case_dir: Path, model: Model | None = None) -> dict:
    """Max abs error per group and pass/fail against expected.json."""
    model = model or Model.from_dir(case_dir)
    inputs = json.loads((case_dir / "inputs.json").read_text())
    expected = json.loads((case_dir / "expected.json").read_text())
    out = model.forward(inputs["forward"])
    errors = {"logits": 0.0, "hidden": 0.0, "attention": 0.0}
    failures = []
    for key, (group, _) in KEYS.items():
        if key not in expected:
            continue
        exp_list = expected[key] if isinstance(expected[key], list) else [expected[key]]
        got_list = out[key] if isinstance(out[key], list) else [out[key]]
        if len(exp_list) != len(got_list):
            failures.append(f"{key}: {len(got_list)} entries, expected {len(exp_list)}")
            continue
        for i, (e, a) in enumerate(zip(exp_list, got_list)):
            e_arr = np.asarray(e["data"], dtype=np.float64).reshape(e["shape"])
            if tuple(e["shape"]) != a.shape:
                failures.append(f"{key}[{i}]: shape {a.shape}, expected {e['shape']}")
                continue
            sel = position_weights(key, inputs, a.shape)
            diff = np.abs(a - e_arr)[sel]
            errors[group] = max(errors[group], float(diff.max()))
            abs_tol, rel_tol = TOL[group]
            if not np.all(diff <= abs_tol + rel_tol * np.abs(e_arr[sel])):
                failures.append(f"{key}[{i}] max error {diff.max():.3g}")
    tokens = None
    gen = inputs.get("generate")
    if gen and "generate" in expected and "sequences" in expected["generate"]:
        seq, margin = model.generate(
            gen["input_ids"], gen.get("attention_mask"), gen["max_new_tokens"],
            gen.get("eos_token_id"), gen.get("pad_token_id"), gen.get("decoder_start_token_id"),
        )
        want = expected["generate"]["sequences"]
        tokens = seq.tolist() == want
        if not tokens:
            failures.append(f"generate: got {seq.tolist()}, expected {want}")
        errors["margin"] = margin
    return {"errors": errors, "tokens": tokens, "failures": failures}


def validate(root: Path) -> bool:
    dirs = sorted(d for d in root.iterdir() if (d / "expected.json").exists())
    ok = True
    print(f"numpy float64 reference vs {root}: logits/hidden |a-e| <= 1e-4 + 1e-4|e|, "
          "attention <= 1e-5, tokens exact")
    for d in dirs:
        r = compare_case(d)
        e = r["errors"]
        tok = "—" if r["tokens"] is None else ("exact" if r["tokens"] else "DIFFER")
        verdict = "pass" if not r["failures"] else "FAIL: " + "; ".join(r["failures"][:3])
        ok &= not r["failures"]
        print(f"{d.name:22s} logits {e['logits']:.1e}  hidden {e['hidden']:.1e}  "
              f"attention {e['attention']:.1e}  tokens {tok:6s} {verdict}")
    return ok


# --------------------------------------------------------------------------------------------
# writing cases
# --------------------------------------------------------------------------------------------


def r7(x) -> float:
    """float32 value rounded to 7 significant digits, as a Python float (shortest repr)."""
    return float(f"{float(np.float32(x)):.7g}")


def tensor_json(a: np.ndarray) -> dict:
    return {"shape": list(a.shape), "data": [r7(v) for v in np.asarray(a).ravel()]}


def outputs_json(out: dict) -> dict:
    """The expected.json entries of a forward pass: every output the golden format compares."""
    return {key: ([tensor_json(a) for a in value] if isinstance(value, list)
                  else tensor_json(value))
            for key, value in out.items() if key in KEYS}


def generate_json(cfg: dict, gen: dict, sequences: np.ndarray, margin: float) -> dict:
    """The `generate` entry of expected.json: sequences, the new tokens, the top-1 margin."""
    start = 1 if cfg["model_type"] == "t5" else len(gen["input_ids"][0])
    seqs = sequences.tolist()
    return {
        "sequences": seqs,
        "new_tokens": [s[start:] for s in seqs],
        "min_top1_top2_margin": float(f"{margin:.4g}"),
    }


def max_diff_report(out64: dict, out32: dict, inputs: dict) -> dict:
    """float32 vs float64 run of the same reference, at the compared positions."""
    report = {}
    for key in out64:
        if key not in KEYS:
            continue
        a64 = out64[key] if isinstance(out64[key], list) else [out64[key]]
        a32 = out32[key] if isinstance(out32[key], list) else [out32[key]]
        diff, value = 0.0, 0.0
        for x, y in zip(a64, a32):
            sel = position_weights(key, inputs, x.shape)
            diff = max(diff, float(np.abs(x - y)[sel].max()))
            value = max(value, float(np.abs(x)[sel].max()))
        report[key] = {
            "max_abs_diff": float(f"{diff:.3g}"),
            "max_abs_value": float(f"{value:.4g}"),
            "rel_to_max": float(f"{diff / value:.3g}"),
        }
    return report


def write_json(path: Path, obj, compact=True):
    if compact:
        path.write_text(json.dumps(obj, separators=(",", ":")))
    else:  # save_pretrained style: sorted keys, indent 2, trailing newline
        path.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n")


# --------------------------------------------------------------------------------------------
# random weights (HF-like init, std 0.2; constant-initialised tensors perturbed with N(0, 0.1))
# --------------------------------------------------------------------------------------------


class Init:
    def __init__(self, rng):
        self.rng = rng
        self.tensors: dict[str, np.ndarray] = {}
        self.perturbed: list[str] = []

    def normal(self, name, shape, std, zero_row=None):
        w = self.rng.normal(0.0, std, size=shape)
        if zero_row is not None:  # nn.Embedding(padding_idx): HF zeroes that row
            w[zero_row] = 0.0
        self.tensors[name] = w.astype(np.float32)

    def ones(self, name, size):
        """Norm weight: HF inits 1; perturbed so that it matters."""
        self.tensors[name] = (1.0 + self.rng.normal(0.0, 0.1, size=size)).astype(np.float32)
        self.perturbed.append(name)

    def zeros(self, name, size):
        """Bias: HF inits 0; perturbed so that it matters."""
        self.tensors[name] = self.rng.normal(0.0, 0.1, size=size).astype(np.float32)
        self.perturbed.append(name)


def init_bert(cfg, rng, std=0.2):
    I = Init(rng)
    h, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    p = "bert.embeddings."
    I.normal(p + "word_embeddings.weight", (v, h), std, zero_row=cfg["pad_token_id"])
    I.normal(p + "position_embeddings.weight", (cfg["max_position_embeddings"], h), std)
    I.normal(p + "token_type_embeddings.weight", (cfg["type_vocab_size"], h), std)
    I.ones(p + "LayerNorm.weight", h)
    I.zeros(p + "LayerNorm.bias", h)
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        for n in ("query", "key", "value"):
            I.normal(p + f"attention.self.{n}.weight", (h, h), std)
            I.zeros(p + f"attention.self.{n}.bias", h)
        I.normal(p + "attention.output.dense.weight", (h, h), std)
        I.zeros(p + "attention.output.dense.bias", h)
        I.ones(p + "attention.output.LayerNorm.weight", h)
        I.zeros(p + "attention.output.LayerNorm.bias", h)
        I.normal(p + "intermediate.dense.weight", (f, h), std)
        I.zeros(p + "intermediate.dense.bias", f)
        I.normal(p + "output.dense.weight", (h, f), std)
        I.zeros(p + "output.dense.bias", h)
        I.ones(p + "output.LayerNorm.weight", h)
        I.zeros(p + "output.LayerNorm.bias", h)
    I.zeros("cls.predictions.bias", v)
    I.normal("cls.predictions.transform.dense.weight", (h, h), std)
    I.zeros("cls.predictions.transform.dense.bias", h)
    I.ones("cls.predictions.transform.LayerNorm.weight", h)
    I.zeros("cls.predictions.transform.LayerNorm.bias", h)
    return I


def init_gpt2(cfg, rng, std=0.2):
    I = Init(rng)
    d, v, inner = cfg["n_embd"], cfg["vocab_size"], cfg["n_inner"] or 4 * cfg["n_embd"]
    proj_std = std / math.sqrt(2 * cfg["n_layer"])  # GPT-2's scaled init of c_proj
    I.normal("transformer.wte.weight", (v, d), std)
    I.normal("transformer.wpe.weight", (cfg["n_positions"], d), std)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        I.ones(p + "ln_1.weight", d)
        I.zeros(p + "ln_1.bias", d)
        I.normal(p + "attn.c_attn.weight", (d, 3 * d), std)
        I.zeros(p + "attn.c_attn.bias", 3 * d)
        I.normal(p + "attn.c_proj.weight", (d, d), proj_std)
        I.zeros(p + "attn.c_proj.bias", d)
        I.ones(p + "ln_2.weight", d)
        I.zeros(p + "ln_2.bias", d)
        I.normal(p + "mlp.c_fc.weight", (d, inner), std)
        I.zeros(p + "mlp.c_fc.bias", inner)
        I.normal(p + "mlp.c_proj.weight", (inner, d), proj_std)
        I.zeros(p + "mlp.c_proj.bias", d)
    I.ones("transformer.ln_f.weight", d)
    I.zeros("transformer.ln_f.bias", d)
    if not cfg["tie_word_embeddings"]:
        I.normal("lm_head.weight", (v, d), std)
    return I


def init_llama(cfg, rng, std=0.2):
    I = Init(rng)
    h, f, v = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    nh, nkv, hd = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["head_dim"]
    I.normal("model.embed_tokens.weight", (v, h), std, zero_row=cfg["pad_token_id"])
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        I.ones(p + "input_layernorm.weight", h)
        for n, out_dim in (("q_proj", nh * hd), ("k_proj", nkv * hd), ("v_proj", nkv * hd)):
            I.normal(p + f"self_attn.{n}.weight", (out_dim, h), std)
            if cfg["attention_bias"]:
                I.zeros(p + f"self_attn.{n}.bias", out_dim)
        I.normal(p + "self_attn.o_proj.weight", (h, nh * hd), std)
        if cfg["attention_bias"]:
            I.zeros(p + "self_attn.o_proj.bias", h)
        I.ones(p + "post_attention_layernorm.weight", h)
        I.normal(p + "mlp.gate_proj.weight", (f, h), std)
        I.normal(p + "mlp.up_proj.weight", (f, h), std)
        I.normal(p + "mlp.down_proj.weight", (h, f), std)
    I.ones("model.norm.weight", h)
    if not cfg["tie_word_embeddings"]:
        I.normal("lm_head.weight", (v, h), std)
    return I


def init_t5(cfg, rng):
    """T5's own init (T5PreTrainedModel._init_weights, factor 1): embeddings N(0,1), q scaled
    by (d_model·d_kv)^-½, k/v by d_model^-½, o by (heads·d_kv)^-½, wi by d_model^-½, wo by
    d_ff^-½, relative bias by d_model^-½."""
    I = Init(rng)
    d, dkv, nh, ff, v = cfg["d_model"], cfg["d_kv"], cfg["num_heads"], cfg["d_ff"], cfg["vocab_size"]
    inner = nh * dkv
    nb = cfg["relative_attention_num_buckets"]
    I.normal("shared.weight", (v, d), 1.0)

    def attention(p, relative):
        I.normal(p + "q.weight", (inner, d), (d * dkv) ** -0.5)
        I.normal(p + "k.weight", (inner, d), d**-0.5)
        I.normal(p + "v.weight", (inner, d), d**-0.5)
        I.normal(p + "o.weight", (d, inner), inner**-0.5)
        if relative:
            I.normal(p + "relative_attention_bias.weight", (nb, nh), d**-0.5)

    def feed_forward(p):
        if cfg["is_gated_act"]:
            I.normal(p + "wi_0.weight", (ff, d), d**-0.5)
            I.normal(p + "wi_1.weight", (ff, d), d**-0.5)
        else:
            I.normal(p + "wi.weight", (ff, d), d**-0.5)
        I.normal(p + "wo.weight", (d, ff), ff**-0.5)

    for i in range(cfg["num_layers"]):
        p = f"encoder.block.{i}."
        attention(p + "layer.0.SelfAttention.", i == 0)
        I.ones(p + "layer.0.layer_norm.weight", d)
        feed_forward(p + "layer.1.DenseReluDense.")
        I.ones(p + "layer.1.layer_norm.weight", d)
    I.ones("encoder.final_layer_norm.weight", d)
    for i in range(cfg["num_decoder_layers"]):
        p = f"decoder.block.{i}."
        attention(p + "layer.0.SelfAttention.", i == 0)
        I.ones(p + "layer.0.layer_norm.weight", d)
        attention(p + "layer.1.EncDecAttention.", False)
        I.ones(p + "layer.1.layer_norm.weight", d)
        feed_forward(p + "layer.2.DenseReluDense.")
        I.ones(p + "layer.2.layer_norm.weight", d)
    I.ones("decoder.final_layer_norm.weight", d)
    if not cfg["tie_word_embeddings"]:
        I.normal("lm_head.weight", (v, d), 1.0)
    return I


INIT = {"bert": init_bert, "gpt2": init_gpt2, "llama": init_llama, "t5": init_t5}

# --------------------------------------------------------------------------------------------
# configs (HF save_pretrained style: model-specific keys always present)
# --------------------------------------------------------------------------------------------


def bert_config(**kw):
    c = {
        "architectures": ["BertForMaskedLM"], "attention_probs_dropout_prob": 0.1,
        "classifier_dropout": None, "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
        "hidden_size": 32, "initializer_range": 0.2, "intermediate_size": 37,
        "layer_norm_eps": 1e-12, "max_position_embeddings": 64, "model_type": "bert",
        "num_attention_heads": 4, "num_hidden_layers": 2, "pad_token_id": 0,
        "position_embedding_type": "absolute", "torch_dtype": "float32",
        "transformers_version": TRANSFORMERS_VERSION, "type_vocab_size": 2, "use_cache": True,
        "vocab_size": 99,
    }
    return {**c, **kw}


def gpt2_config(**kw):
    c = {
        "activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.1, "bos_token_id": 98, "embd_pdrop": 0.1, "eos_token_id": 98,
        "initializer_range": 0.2, "layer_norm_epsilon": 1e-05, "model_type": "gpt2",
        "n_embd": 32, "n_head": 4, "n_inner": None, "n_layer": 2, "n_positions": 64,
        "pad_token_id": 98, "reorder_and_upcast_attn": False, "resid_pdrop": 0.1,
        "scale_attn_by_inverse_layer_idx": False, "scale_attn_weights": True,
        "summary_activation": None, "summary_first_dropout": 0.1, "summary_proj_to_labels": True,
        "summary_type": "cls_index", "summary_use_proj": True, "torch_dtype": "float32",
        "transformers_version": TRANSFORMERS_VERSION, "use_cache": True, "vocab_size": 99,
    }
    return {**c, **kw}


def llama_config(**kw):
    c = {
        "architectures": ["LlamaForCausalLM"], "attention_bias": False, "bos_token_id": 1,
        "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 32, "initializer_range": 0.2,
        "intermediate_size": 37, "max_position_embeddings": 64, "model_type": "llama",
        "num_attention_heads": 4, "num_hidden_layers": 2, "num_key_value_heads": 2,
        "pad_token_id": 0, "pretraining_tp": 1, "rms_norm_eps": 1e-06, "rope_scaling": None,
        "rope_theta": 10000.0, "tie_word_embeddings": False, "torch_dtype": "float32",
        "transformers_version": TRANSFORMERS_VERSION, "use_cache": True, "vocab_size": 99,
    }
    return {**c, **kw}


def t5_config(**kw):
    c = {
        "architectures": ["T5ForConditionalGeneration"], "classifier_dropout": 0.0,
        "d_ff": 37, "d_kv": 8, "d_model": 32, "decoder_start_token_id": 0,
        "dense_act_fn": "relu", "dropout_rate": 0.1, "eos_token_id": 1,
        "feed_forward_proj": "relu", "initializer_factor": 1.0, "is_encoder_decoder": True,
        "is_gated_act": False, "layer_norm_epsilon": 1e-06, "model_type": "t5",
        "num_decoder_layers": 2, "num_heads": 4, "num_layers": 2, "pad_token_id": 0,
        "relative_attention_max_distance": 20, "relative_attention_num_buckets": 8,
        "torch_dtype": "float32", "transformers_version": TRANSFORMERS_VERSION,
        "use_cache": True, "vocab_size": 99,
    }
    c = {**c, **kw}
    # derived keys T5Config writes (dense_act_fn, is_gated_act) follow feed_forward_proj
    full = load_config(c)
    c["dense_act_fn"], c["is_gated_act"] = full["dense_act_fn"], full["is_gated_act"]
    return c


def generation_config(cfg):
    g = {"_from_model_config": True, "transformers_version": TRANSFORMERS_VERSION}
    for k in ("bos_token_id", "decoder_start_token_id", "eos_token_id", "pad_token_id"):
        if cfg.get(k) is not None:
            g[k] = cfg[k]
    return g


# --------------------------------------------------------------------------------------------
# the variants
# --------------------------------------------------------------------------------------------

VARIANTS = {
    "bert-wide": dict(
        seed=101,
        config=bert_config(hidden_size=48, num_attention_heads=6, num_hidden_layers=3,
                           intermediate_size=61, max_position_embeddings=64, vocab_size=113),
        forward_lengths=(40, 23), segments=True,
        varies="hidden 48, 6 heads of 8, 3 layers, intermediate 61, vocab 113, 40-token input "
               "(row 1: 23 tokens + right padding), segments A/B in both rows",
    ),
    "bert-gelu-new": dict(
        seed=202,
        config=bert_config(hidden_act="gelu_new", hidden_size=16, num_attention_heads=2,
                           intermediate_size=29, layer_norm_eps=1e-5, vocab_size=87,
                           max_position_embeddings=40),
        forward_lengths=(15, 9), segments=True,
        varies="hidden_act gelu_new (tanh) in the blocks and the MLM head, 2 heads of 8, "
               "hidden 16, layer_norm_eps 1e-5, vocab 87",
    ),
    "gpt2-deep": dict(
        seed=303,
        config=gpt2_config(n_embd=48, n_head=6, n_layer=3, n_inner=None, vocab_size=101,
                           bos_token_id=100, eos_token_id=100, pad_token_id=0),
        forward_lengths=(40, 31), prompt_lengths=(9, 5), choose_eos=True,
        varies="n_embd 48, 6 heads, 3 layers, n_inner null (→ 192), vocab 101, 40-token "
               "forward input; eos chosen among the generated tokens so that a row stops "
               "early, pad ≠ eos (finished row continues with pad_token_id)",
    ),
    "gpt2-untied-inverse": dict(
        seed=404,
        config=gpt2_config(tie_word_embeddings=False, scale_attn_by_inverse_layer_idx=True,
                           n_inner=50, n_layer=3, vocab_size=90, bos_token_id=89,
                           eos_token_id=89, pad_token_id=89, layer_norm_epsilon=1e-6),
        forward_lengths=(17, 12), prompt_lengths=(7, 4),
        varies="tie_word_embeddings false (lm_head.weight stored), "
               "scale_attn_by_inverse_layer_idx true (scores also / (layer_idx+1)), n_inner 50, "
               "3 layers, layer_norm_epsilon 1e-6, vocab 90",
    ),
    "llama-gqa4": dict(
        seed=505,
        config=llama_config(hidden_size=48, num_attention_heads=8, num_key_value_heads=2,
                            num_hidden_layers=3, intermediate_size=67, rope_theta=500000.0,
                            vocab_size=105, rms_norm_eps=1e-5),
        forward_lengths=(40, 28), prompt_lengths=(8, 5), choose_eos=True,
        varies="hidden 48, 8 heads of 6, 2 key/value heads (4 query heads per kv head), "
               "3 layers, intermediate 67, rope_theta 500000, rms_norm_eps 1e-5, 40-token "
               "input; eos chosen so that a row stops early",
    ),
    "llama-mha-headdim": dict(
        seed=606,
        config=llama_config(hidden_size=32, num_attention_heads=4, num_key_value_heads=4,
                            head_dim=16, tie_word_embeddings=True, attention_bias=True,
                            intermediate_size=45, vocab_size=96),
        forward_lengths=(14, 10), prompt_lengths=(6, 3),
        varies="num_key_value_heads = num_attention_heads = 4 (plain MHA), explicit head_dim 16 "
               "(q/k/v_proj [64,32], o_proj [32,64]; not a v4.35 config key, later HF "
               "versions honour it), tie_word_embeddings true (lm_head → "
               "model.embed_tokens.weight), attention_bias true (q/k/v/o biases)",
    ),
    "llama-rope-linear": dict(
        seed=707,
        config=llama_config(rope_scaling={"type": "linear", "factor": 2.0}, rope_theta=10000.0,
                            num_key_value_heads=1, intermediate_size=40, vocab_size=99),
        forward_lengths=(24, 16), prompt_lengths=(7, 4),
        varies="rope_scaling {type: linear, factor: 2.0} (positions / 2 before × inv_freq), "
               "multi-query attention (1 key/value head for 4 query heads)",
    ),
    "t5-unequal": dict(
        seed=808,
        config=t5_config(num_layers=3, num_decoder_layers=1, num_heads=6, d_kv=4, d_model=32,
                         d_ff=43, relative_attention_num_buckets=32,
                         relative_attention_max_distance=128, vocab_size=97),
        forward_lengths=(41, 30), decoder_length=9, prompt_lengths=(40, 22),
        # a 1-layer tied decoder mostly repeats one token per row; accept 2 distinct tokens
        # (not pad) so that the generation still depends on the encoder input
        min_distinct=2,
        varies="num_layers 3 vs num_decoder_layers 1, 6 heads × d_kv 4 = 24 ≠ d_model 32, "
               "32 buckets / max_distance 128 with encoder inputs of 41 and 40 tokens "
               "(distances 16 and 32 land exactly on float32-rounded bucket boundaries), "
               "relu, tied (d_model^-0.5 scaling before lm_head)",
    ),
    "t5-gated-silu": dict(
        seed=909,
        config=t5_config(feed_forward_proj="gated-silu", tie_word_embeddings=False,
                         relative_attention_num_buckets=16, relative_attention_max_distance=64,
                         d_ff=30, vocab_size=91),
        forward_lengths=(19, 13), decoder_length=12, prompt_lengths=(10, 6),
        varies="feed_forward_proj gated-silu (silu(wi_0)·wi_1), untied lm_head (no "
               "d_model^-0.5 scaling), 16 buckets / max_distance 64, 12 decoder tokens",
    ),
}


def special_ids(cfg):
    return {cfg.get(k) for k in ("bos_token_id", "eos_token_id", "pad_token_id",
                                 "decoder_start_token_id")} - {None}


def random_ids(rng, cfg, n):
    """Token ids avoiding the special tokens (and 0, 1, 2: pad/eos/bos in some families)."""
    banned = special_ids(cfg) | {0, 1, 2}
    allowed = np.array([i for i in range(cfg["vocab_size"]) if i not in banned])
    return [int(i) for i in rng.choice(allowed, size=n)]


def right_pad(rows, pad):
    width = max(len(r) for r in rows)
    return ([r + [pad] * (width - len(r)) for r in rows],
            [[1] * len(r) + [0] * (width - len(r)) for r in rows])


def left_pad(rows, pad):
    width = max(len(r) for r in rows)
    return ([[pad] * (width - len(r)) + r for r in rows],
            [[0] * (width - len(r)) + [1] * len(r) for r in rows])


def make_inputs(spec, cfg, rng):
    t = cfg["model_type"]
    pad = cfg.get("pad_token_id")
    pad = 0 if pad is None else pad
    rows = [random_ids(rng, cfg, n) for n in spec["forward_lengths"]]
    ids, mask = right_pad(rows, pad)
    width = len(ids[0])
    fwd = {"input_ids": ids, "attention_mask": mask}
    if t == "bert":
        # segment A then B in each row; padding positions get 0
        types = []
        for n in spec["forward_lengths"]:
            split = int(rng.integers(n // 3, 2 * n // 3 + 1))
            types.append([0] * split + [1] * (n - split) + [0] * (width - n))
        fwd["token_type_ids"] = types
        return {"forward": fwd}
    if t in ("gpt2", "llama"):
        fwd["position_ids"] = [list(range(width)) for _ in rows]
    if t == "t5":
        fwd["decoder_input_ids"] = [
            [cfg["decoder_start_token_id"]] + random_ids(rng, cfg, spec["decoder_length"] - 1)
            for _ in rows
        ]
    prompts = [random_ids(rng, cfg, n) for n in spec["prompt_lengths"]]
    if t == "t5":
        g_ids, g_mask = right_pad(prompts, pad)  # T5 encoder prompts right-padded
    else:
        g_ids, g_mask = left_pad(prompts, pad)  # decoder-only prompts left-padded
    gen = {"input_ids": g_ids, "attention_mask": g_mask, "max_new_tokens": 8,
           "do_sample": False, "num_beams": 1, "pad_token_id": cfg.get("pad_token_id"),
           "eos_token_id": cfg.get("eos_token_id")}
    if t == "t5":
        gen["decoder_start_token_id"] = cfg["decoder_start_token_id"]
    else:
        m = np.asarray(g_mask)
        gen["position_ids_used_by_generate"] = np.where(m == 0, 1, np.cumsum(m, -1) - 1).tolist()
    return {"forward": fwd, "generate": gen}


def run_generate(model, gen, eos=None, pad=None):
    return model.generate(gen["input_ids"], gen["attention_mask"], gen["max_new_tokens"],
                          gen["eos_token_id"] if eos is None else eos,
                          gen["pad_token_id"] if pad is None else pad,
                          gen.get("decoder_start_token_id"))


def pick_eos(model, gen, prompt_len):
    """An eos id that row 0 produces mid-way (and not earlier) while row 1 never produces it, so
    that row 0 stops early and row 1 runs the full 8 steps. None if impossible."""
    seq, _ = run_generate(model, gen, eos=-1)  # -1: never stops
    new = seq[:, prompt_len:].tolist()
    for row, other in ((0, 1), (1, 0)):
        for step in range(2, 6):
            tok = new[row][step]
            if tok not in new[row][:step] and tok not in new[other] and tok not in (0, 1, 2):
                return tok
    return None


def unpadded_rows_equal(model, gen, sequences):
    """Each row generated alone without padding gives the same new tokens."""
    prompt_len = len(gen["input_ids"][0])
    for b in range(len(gen["input_ids"])):
        keep = [t for t, m in zip(gen["input_ids"][b], gen["attention_mask"][b]) if m == 1]
        seq, _ = model.generate([keep], [[1] * len(keep)], gen["max_new_tokens"],
                                gen["eos_token_id"], gen["pad_token_id"],
                                gen.get("decoder_start_token_id"))
        start = 1 if model.type == "t5" else prompt_len
        alone = seq[0, (1 if model.type == "t5" else len(keep)):].tolist()
        batched = sequences[b][start:]
        if alone != batched[: len(alone)] or any(
            t != gen["pad_token_id"] for t in batched[len(alone):]
        ):
            return False
    return True


MIN_MARGIN = 0.01  # required top-1/top-2 gap; float32 noise on logits is ~1e-5
MIN_DISTINCT = 4  # distinct non-pad generated tokens over the batch


def build_case(name, spec, out_root: Path):
    cfg_raw = dict(spec["config"])
    for attempt in range(50):
        seed = spec["seed"] + attempt
        rng = np.random.default_rng(seed)
        cfg = load_config(cfg_raw)
        init = INIT[cfg["model_type"]](cfg, rng)
        inputs = make_inputs(spec, cfg, rng)
        model = Model(cfg_raw, init.tensors)
        gen = inputs.get("generate")
        if gen is None:
            break
        prompt_len = len(gen["input_ids"][0])
        if spec.get("choose_eos"):
            eos = pick_eos(model, gen, prompt_len)
            if eos is None:
                continue
            cfg_raw["eos_token_id"] = eos
            if cfg_raw["model_type"] == "gpt2":  # GPT-2 convention: bos = eos
                cfg_raw["bos_token_id"] = eos
            gen["eos_token_id"] = eos
            model = Model(cfg_raw, init.tensors)
        sequences, margin = run_generate(model, gen)
        start = 1 if cfg["model_type"] == "t5" else prompt_len
        new = sequences[:, start:]
        stopped = (new == gen["eos_token_id"]).any()
        # a generation that repeats one token (e.g. pad) everywhere tests little
        distinct = set(new.ravel().tolist()) - {gen["pad_token_id"]}
        varied = len(distinct) >= spec.get("min_distinct", MIN_DISTINCT)
        if margin >= MIN_MARGIN and varied and (stopped or not spec.get("choose_eos")):
            break
        print(f"  {name}: seed {seed} rejected (margin {margin:.3g}, new tokens {new.tolist()})")
    else:
        raise RuntimeError(f"{name}: no seed gave a usable generation")

    cfg = load_config(cfg_raw)
    out64 = model.forward(inputs["forward"])
    out32 = Model(cfg_raw, init.tensors, dtype=np.float32).forward(inputs["forward"])
    expected = {"meta": {
        "producer": PRODUCER,
        "reference_of": f"Hugging Face transformers v{TRANSFORMERS_VERSION} semantics",
        "model_class": cfg["architectures"][0],
        "dtype": "float64 computation, values rounded to float32",
        "seed": seed,
        "rounding": "7 significant digits",
        "perturbed_constant_init_params": init.perturbed,
        "tied_weights_not_in_file": {
            k: v for k, v in sorted(tied_weights(cfg).items()) if k not in init.tensors
        },
        "float32_vs_float64_max_abs_diff": max_diff_report(out64, out32, inputs),
        "varies": spec["varies"],
    }}
    expected.update(outputs_json(out64))
    if gen is not None:
        seq32, _ = run_generate(Model(cfg_raw, init.tensors, dtype=np.float32), gen)
        seqs = sequences.tolist()
        expected["generate"] = {
            **generate_json(cfg, gen, sequences, margin),
            "batched_equals_unpadded_single_rows": unpadded_rows_equal(model, gen, seqs),
            "float32_equals_float64": seq32.tolist() == seqs,
        }

    case = out_root / name
    case.mkdir(parents=True, exist_ok=True)
    write_json(case / "config.json", cfg_raw, compact=False)
    write_json(case / "generation_config.json", generation_config(cfg_raw), compact=False)
    write_safetensors(case / "model.safetensors", init.tensors)
    write_json(case / "inputs.json", inputs)
    write_json(case / "expected.json", expected)
    g = expected.get("generate")
    print(f"{name:22s} seed {seed}" + (
        f"  new tokens {g['new_tokens']}  margin {g['min_top1_top2_margin']}" if g else ""))
    return expected


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--validate", type=Path, help="check the reference against case folders")
    ap.add_argument("--out", type=Path, help="write the variant cases into this folder")
    ap.add_argument("--only", nargs="*", help="variant names to (re)generate")
    args = ap.parse_args(argv)
    ok = True
    if args.out:
        for name, spec in VARIANTS.items():
            if args.only and name not in args.only:
                continue
            build_case(name, spec, args.out)
        ok &= validate(args.out)  # the written (rounded) files read back through the reference
    if args.validate:
        ok &= validate(args.validate)
    if not (args.out or args.validate):
        ap.print_help()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
