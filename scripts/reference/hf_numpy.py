"""Independent numpy reference of Hugging Face transformers v4.35 forward passes and greedy
generation for BertForMaskedLM, GPT2LMHeadModel, T5ForConditionalGeneration and
LlamaForCausalLM.

Written from the HF modeling code's semantics (see test/fixtures/golden/README.md), with no
torch. Everything is computed in the dtype given to the model (float64 by default, so the
reference is free of float32 rounding; float32 is available to measure that rounding).

Conventions reproduced on purpose:
- additive masks use torch.finfo(float32).min, so masked probabilities are exactly 0;
- hidden_states lists: entry 0 = embedding output, entry i = output of block i-1, last entry
  = after the final norm (GPT-2, T5, LLaMA) or the last block output (BERT, no final norm);
- T5 relative-position buckets are computed in float32 like HF, whatever the model dtype.
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MASK_MIN = float(np.finfo(np.float32).min)  # torch.finfo(torch.float32).min

# --------------------------------------------------------------------------------------------
# safetensors
# --------------------------------------------------------------------------------------------

_DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8"), "F16": np.dtype("<f2")}


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """8-byte LE header length N, N bytes of JSON header, then raw data (offsets from the end
    of the header)."""
    raw = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    data = raw[8 + n :]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(info["shape"]).copy()
    return tensors


def write_safetensors(path: str | Path, tensors: dict[str, np.ndarray]) -> None:
    """Writes F32 tensors the way HF save_pretrained does: tensors sorted by name,
    `__metadata__` {"format": "pt"} first, compact JSON header space-padded to a multiple of 8."""
    header: dict = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        array = np.ascontiguousarray(tensors[name], dtype="<f4")
        blob = array.tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


# --------------------------------------------------------------------------------------------
# config defaults (transformers v4.35.2 config classes) and tied weights
# --------------------------------------------------------------------------------------------

DEFAULTS = {
    "bert": dict(
        vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
        intermediate_size=3072, hidden_act="gelu", max_position_embeddings=512,
        type_vocab_size=2, layer_norm_eps=1e-12, pad_token_id=0,
        position_embedding_type="absolute", tie_word_embeddings=True,
    ),
    "gpt2": dict(
        vocab_size=50257, n_positions=1024, n_embd=768, n_layer=12, n_head=12, n_inner=None,
        activation_function="gelu_new", layer_norm_epsilon=1e-5, scale_attn_weights=True,
        scale_attn_by_inverse_layer_idx=False, reorder_and_upcast_attn=False,
        bos_token_id=50256, eos_token_id=50256, pad_token_id=None, tie_word_embeddings=True,
    ),
    "t5": dict(
        vocab_size=32128, d_model=512, d_kv=64, d_ff=2048, num_layers=6,
        num_decoder_layers=None, num_heads=8, relative_attention_num_buckets=32,
        relative_attention_max_distance=128, layer_norm_epsilon=1e-6, feed_forward_proj="relu",
        tie_word_embeddings=True, pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
    ),
    "llama": dict(
        vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
        num_attention_heads=32, num_key_value_heads=None, hidden_act="silu",
        max_position_embeddings=2048, rms_norm_eps=1e-6, rope_theta=10000.0,
        rope_scaling=None, attention_bias=False, tie_word_embeddings=False, bos_token_id=1,
        eos_token_id=2, pad_token_id=None, pretraining_tp=1,
    ),
}


def load_config(raw: dict) -> dict:
    """config.json + the HF defaults for the keys it omits, with the derived values HF computes
    in the config class (n_inner, num_decoder_layers, num_key_value_heads, T5 activation)."""
    model_type = raw["model_type"]
    if model_type not in DEFAULTS:
        raise ValueError(f"unsupported model_type {model_type!r}")
    cfg = {**DEFAULTS[model_type], **raw}
    if model_type == "bert" and cfg["position_embedding_type"] != "absolute":
        raise ValueError("only position_embedding_type 'absolute' is implemented")
    if model_type == "gpt2" and cfg["n_inner"] is None:
        cfg["n_inner"] = 4 * cfg["n_embd"]
    if model_type == "t5":
        if cfg["num_decoder_layers"] is None:
            cfg["num_decoder_layers"] = cfg["num_layers"]
        # T5Config.__init__: "gated-gelu" means gated + gelu_new; otherwise "[gated-]act".
        parts = cfg["feed_forward_proj"].split("-")
        cfg["is_gated_act"] = parts[0] == "gated"
        act = parts[-1]
        cfg["dense_act_fn"] = "gelu_new" if cfg["feed_forward_proj"] == "gated-gelu" else act
    if model_type == "llama":
        if cfg["num_key_value_heads"] is None:
            cfg["num_key_value_heads"] = cfg["num_attention_heads"]
        # v4.35 derives head_dim = hidden_size // num_heads; later versions accept an explicit
        # `head_dim` key (q/o projections are then num_heads*head_dim wide). Honour it if given.
        if cfg.get("head_dim") is None:
            cfg["head_dim"] = cfg["hidden_size"] // cfg["num_attention_heads"]
        scaling = cfg["rope_scaling"]
        if scaling is not None and scaling.get("type") != "linear":
            raise ValueError(f"rope_scaling {scaling!r} not implemented (only linear)")
    return cfg


def tied_weights(cfg: dict) -> dict[str, str]:
    """Weights HF does not store because they are tied: name -> name of the stored tensor."""
    t = cfg["model_type"]
    tie = cfg["tie_word_embeddings"]
    if t == "bert":
        ties = {"cls.predictions.decoder.bias": "cls.predictions.bias"}
        if tie:
            ties["cls.predictions.decoder.weight"] = "bert.embeddings.word_embeddings.weight"
        return ties
    if t == "gpt2":
        return {"lm_head.weight": "transformer.wte.weight"} if tie else {}
    if t == "t5":
        ties = {
            "encoder.embed_tokens.weight": "shared.weight",
            "decoder.embed_tokens.weight": "shared.weight",
        }
        if tie:
            ties["lm_head.weight"] = "shared.weight"
        return ties
    if t == "llama":
        return {"lm_head.weight": "model.embed_tokens.weight"} if tie else {}
    raise ValueError(t)


@dataclass
class Weights:
    """State dict with tied aliases resolved, converted to the compute dtype."""

    tensors: dict[str, np.ndarray]
    aliases: dict[str, str]
    dtype: type = np.float64
    _cache: dict = field(default_factory=dict)

    def __call__(self, name: str) -> np.ndarray:
        if name not in self._cache:
            source = name if name in self.tensors else self.aliases.get(name)
            if source is None or source not in self.tensors:
                raise KeyError(f"weight {name} missing from the checkpoint")
            self._cache[name] = self.tensors[source].astype(self.dtype)
        return self._cache[name]

    def has(self, name: str) -> bool:
        return name in self.tensors or self.aliases.get(name) in self.tensors


# --------------------------------------------------------------------------------------------
# building blocks
# --------------------------------------------------------------------------------------------

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu(x):
    """HF "gelu": exact erf form, 0.5·x·(1 + erf(x/√2))."""
    return (0.5 * x * (1.0 + _erf(x.astype(np.float64) / math.sqrt(2.0)))).astype(x.dtype)


def gelu_new(x):
    """HF "gelu_new" (tanh approximation, GPT-2 / T5 v1.1)."""
    c = x.dtype.type(math.sqrt(2.0 / math.pi))
    return 0.5 * x * (1.0 + np.tanh(c * (x + x.dtype.type(0.044715) * x**3)))


def silu(x):
    return x / (1.0 + np.exp(-x))


def relu(x):
    return np.maximum(x, 0)


ACT = {"gelu": gelu, "gelu_new": gelu_new, "silu": silu, "swish": silu, "relu": relu}


def linear(x, w, b=None):
    """nn.Linear: weight [out, in], y = x·Wᵀ + b."""
    y = x @ w.T
    return y if b is None else y + b


def conv1d(x, w, b):
    """GPT-2 Conv1D: weight [in, out], y = x·W + b."""
    return x @ w + b


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)  # biased variance, as torch
    return (x - mean) / np.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    """T5LayerNorm / LlamaRMSNorm: no mean subtraction, no bias."""
    var = (x**2).mean(-1, keepdims=True)
    return w * (x / np.sqrt(var + eps))


def softmax(scores):
    m = scores.max(-1, keepdims=True)
    e = np.exp(scores - m)
    return e / e.sum(-1, keepdims=True)


def split_heads(x, n_heads, head_dim):
    """[B, T, n·d] -> [B, n, T, d]"""
    b, t, _ = x.shape
    return x.reshape(b, t, n_heads, head_dim).transpose(0, 2, 1, 3)


def merge_heads(x):
    """[B, n, T, d] -> [B, T, n·d]"""
    b, n, t, d = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, t, n * d)


def padding_bias(mask, dtype):
    """HF extended attention mask: (1 - mask)·finfo.min, shape [B, 1, 1, Tk]."""
    m = np.asarray(mask, dtype=dtype)
    return ((1.0 - m) * MASK_MIN)[:, None, None, :].astype(dtype)


def causal(tq, tk):
    """True where key k is visible to query q (keys end at the last query)."""
    return np.tril(np.ones((tq, tk), dtype=bool), k=tk - tq)


# --------------------------------------------------------------------------------------------
# BERT
# --------------------------------------------------------------------------------------------


def bert_forward(cfg, W: Weights, input_ids, attention_mask=None, token_type_ids=None):
    ids = np.asarray(input_ids)
    bsz, seq = ids.shape
    dt = W.dtype
    mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
    types = np.zeros_like(ids) if token_type_ids is None else np.asarray(token_type_ids)
    eps = cfg["layer_norm_eps"]
    act = ACT[cfg["hidden_act"]]
    nh = cfg["num_attention_heads"]
    hd = cfg["hidden_size"] // nh

    p = "bert.embeddings."
    x = (
        W(p + "word_embeddings.weight")[ids]
        + W(p + "token_type_embeddings.weight")[types]
        + W(p + "position_embeddings.weight")[np.arange(seq)][None]
    )
    x = layer_norm(x, W(p + "LayerNorm.weight"), W(p + "LayerNorm.bias"), eps)
    bias = padding_bias(mask, dt)

    hidden, attns = [x], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        a = p + "attention.self."
        q = split_heads(linear(x, W(a + "query.weight"), W(a + "query.bias")), nh, hd)
        k = split_heads(linear(x, W(a + "key.weight"), W(a + "key.bias")), nh, hd)
        v = split_heads(linear(x, W(a + "value.weight"), W(a + "value.bias")), nh, hd)
        probs = softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias)
        attns.append(probs)
        ctx = merge_heads(probs @ v)
        o = p + "attention.output."
        # post-norm: LayerNorm(dense(ctx) + residual)
        x = layer_norm(
            linear(ctx, W(o + "dense.weight"), W(o + "dense.bias")) + x,
            W(o + "LayerNorm.weight"), W(o + "LayerNorm.bias"), eps,
        )
        h = act(linear(x, W(p + "intermediate.dense.weight"), W(p + "intermediate.dense.bias")))
        o = p + "output."
        x = layer_norm(
            linear(h, W(o + "dense.weight"), W(o + "dense.bias")) + x,
            W(o + "LayerNorm.weight"), W(o + "LayerNorm.bias"), eps,
        )
        hidden.append(x)

    # MLM head: transform (dense -> act -> LayerNorm) then decoder tied to word embeddings.
    t = "cls.predictions.transform."
    h = act(linear(x, W(t + "dense.weight"), W(t + "dense.bias")))
    h = layer_norm(h, W(t + "LayerNorm.weight"), W(t + "LayerNorm.bias"), eps)
    logits = linear(h, W("cls.predictions.decoder.weight"), W("cls.predictions.decoder.bias"))
    return {"logits": logits, "hidden_states": hidden, "last_hidden_state": x, "attentions": attns}


# --------------------------------------------------------------------------------------------
# GPT-2
# --------------------------------------------------------------------------------------------


def gpt2_forward(cfg, W: Weights, input_ids, attention_mask=None, position_ids=None):
    ids = np.asarray(input_ids)
    bsz, seq = ids.shape
    dt = W.dtype
    mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
    pos = np.broadcast_to(np.arange(seq), ids.shape) if position_ids is None else np.asarray(position_ids)
    d = cfg["n_embd"]
    nh = cfg["n_head"]
    hd = d // nh
    eps = cfg["layer_norm_epsilon"]
    act = ACT[cfg["activation_function"]]
    visible = causal(seq, seq)
    pad = padding_bias(mask, dt)

    x = W("transformer.wte.weight")[ids] + W("transformer.wpe.weight")[pos]
    hidden, attns = [], []
    for i in range(cfg["n_layer"]):
        hidden.append(x)  # HF appends each block's input; the last raw block output is not kept
        p = f"transformer.h.{i}."
        h = layer_norm(x, W(p + "ln_1.weight"), W(p + "ln_1.bias"), eps)
        qkv = conv1d(h, W(p + "attn.c_attn.weight"), W(p + "attn.c_attn.bias"))
        q, k, v = (split_heads(t, nh, hd) for t in np.split(qkv, 3, axis=-1))  # order q|k|v
        s = q @ k.transpose(0, 1, 3, 2)
        if cfg["scale_attn_weights"]:
            s = s / math.sqrt(hd)
        if cfg["scale_attn_by_inverse_layer_idx"]:
            s = s / float(i + 1)
        # torch.where(causal, w, finfo.min) and then + (1-mask)·finfo.min
        s = np.where(visible, s, dt(MASK_MIN)) + pad
        probs = softmax(s)
        attns.append(probs)
        a = conv1d(merge_heads(probs @ v), W(p + "attn.c_proj.weight"), W(p + "attn.c_proj.bias"))
        x = x + a
        h = layer_norm(x, W(p + "ln_2.weight"), W(p + "ln_2.bias"), eps)
        h = act(conv1d(h, W(p + "mlp.c_fc.weight"), W(p + "mlp.c_fc.bias")))
        x = x + conv1d(h, W(p + "mlp.c_proj.weight"), W(p + "mlp.c_proj.bias"))
    x = layer_norm(x, W("transformer.ln_f.weight"), W("transformer.ln_f.bias"), eps)
    hidden.append(x)
    logits = linear(x, W("lm_head.weight"))
    return {"logits": logits, "hidden_states": hidden, "last_hidden_state": x, "attentions": attns}


# --------------------------------------------------------------------------------------------
# LLaMA
# --------------------------------------------------------------------------------------------


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def rope_cos_sin(cfg, position_ids, dtype):
    """cos/sin [B, T, head_dim]: inv_freq = 1/θ^(2i/d), angles = pos·inv_freq, concatenated
    twice (HF rotate_half layout). Linear scaling divides the positions by the factor."""
    d = cfg["head_dim"]
    inv_freq = 1.0 / (cfg["rope_theta"] ** (np.arange(0, d, 2, dtype=np.float64) / d))
    pos = np.asarray(position_ids, dtype=np.float64)
    if cfg["rope_scaling"] is not None:
        pos = pos / float(cfg["rope_scaling"]["factor"])
    angles = pos[..., None] * inv_freq
    emb = np.concatenate([angles, angles], axis=-1)
    return np.cos(emb).astype(dtype), np.sin(emb).astype(dtype)


def llama_forward(cfg, W: Weights, input_ids, attention_mask=None, position_ids=None):
    ids = np.asarray(input_ids)
    bsz, seq = ids.shape
    dt = W.dtype
    mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
    pos = np.broadcast_to(np.arange(seq), ids.shape) if position_ids is None else np.asarray(position_ids)
    nh = cfg["num_attention_heads"]
    nkv = cfg["num_key_value_heads"]
    hd = cfg["head_dim"]
    eps = cfg["rms_norm_eps"]
    act = ACT[cfg["hidden_act"]]
    use_bias = cfg["attention_bias"]
    cos, sin = rope_cos_sin(cfg, pos, dt)
    cos, sin = cos[:, None], sin[:, None]  # broadcast over heads
    # _prepare_4d_causal_attention_mask: 0 where visible and not padding, else finfo.min
    allowed = causal(seq, seq)[None, None] & (mask[:, None, None, :] == 1)
    bias = np.where(allowed, dt(0), dt(MASK_MIN))

    def proj(h, name):
        return linear(h, W(name + ".weight"), W(name + ".bias") if use_bias else None)

    x = W("model.embed_tokens.weight")[ids]
    hidden, attns = [], []
    for i in range(cfg["num_hidden_layers"]):
        hidden.append(x)
        p = f"model.layers.{i}."
        h = rms_norm(x, W(p + "input_layernorm.weight"), eps)
        q = split_heads(proj(h, p + "self_attn.q_proj"), nh, hd)
        k = split_heads(proj(h, p + "self_attn.k_proj"), nkv, hd)
        v = split_heads(proj(h, p + "self_attn.v_proj"), nkv, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        # GQA: repeat_kv — kv head j serves query heads j·r .. j·r + r-1
        r = nh // nkv
        k = np.repeat(k, r, axis=1)
        v = np.repeat(v, r, axis=1)
        probs = softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd) + bias)
        attns.append(probs)
        x = x + proj(merge_heads(probs @ v), p + "self_attn.o_proj")
        h = rms_norm(x, W(p + "post_attention_layernorm.weight"), eps)
        m = p + "mlp."
        g = act(linear(h, W(m + "gate_proj.weight")))
        x = x + linear(g * linear(h, W(m + "up_proj.weight")), W(m + "down_proj.weight"))
    x = rms_norm(x, W("model.norm.weight"), eps)
    hidden.append(x)
    logits = linear(x, W("lm_head.weight"))
    return {"logits": logits, "hidden_states": hidden, "last_hidden_state": x, "attentions": attns}


# --------------------------------------------------------------------------------------------
# T5
# --------------------------------------------------------------------------------------------


def relative_position_bucket(relative_position, bidirectional, num_buckets, max_distance):
    """HF T5Attention._relative_position_bucket. The log-spaced part is float32 arithmetic in
    HF (relative_position.float()), even for a float64 model; at exact-integer results such as
    log(16/8)/log(128/8)·8 = 2 the float32 rounding decides the bucket, so it is emulated step
    by step here, truncating toward zero like .to(torch.long)."""
    rp = np.asarray(relative_position, dtype=np.int64)
    buckets = np.zeros_like(rp)
    if bidirectional:
        num_buckets //= 2
        buckets += (rp > 0).astype(np.int64) * num_buckets
        rp = np.abs(rp)
    else:
        rp = -np.minimum(rp, 0)
    max_exact = num_buckets // 2
    is_small = rp < max_exact
    with np.errstate(divide="ignore"):  # log(0) for the small positions, discarded below
        ratio = rp.astype(np.float32) / np.float32(max_exact)
        logs = np.log(ratio).astype(np.float32)
        scaled = logs / np.float32(math.log(max_distance / max_exact))
        scaled = (scaled * np.float32(num_buckets - max_exact)).astype(np.float32)
    large = max_exact + np.trunc(np.where(is_small, 0, scaled)).astype(np.int64)
    large = np.minimum(large, num_buckets - 1)
    return buckets + np.where(is_small, rp, large)


def t5_position_bias(cfg, W: Weights, prefix, q_len, k_len, bidirectional):
    """compute_bias: [1, heads, q, k], from block 0's relative_attention_bias table."""
    context = np.arange(q_len)[:, None]
    memory = np.arange(k_len)[None, :]
    bucket = relative_position_bucket(
        memory - context, bidirectional,
        cfg["relative_attention_num_buckets"], cfg["relative_attention_max_distance"],
    )
    table = W(prefix + "block.0.layer.0.SelfAttention.relative_attention_bias.weight")
    return table[bucket].transpose(2, 0, 1)[None]


def t5_attention(cfg, W: Weights, prefix, x, kv, bias):
    """T5Attention: no 1/sqrt(d_kv) scaling; bias holds position bias + mask."""
    nh, dkv = cfg["num_heads"], cfg["d_kv"]
    q = split_heads(linear(x, W(prefix + "q.weight")), nh, dkv)
    k = split_heads(linear(kv, W(prefix + "k.weight")), nh, dkv)
    v = split_heads(linear(kv, W(prefix + "v.weight")), nh, dkv)
    probs = softmax(q @ k.transpose(0, 1, 3, 2) + bias)
    return linear(merge_heads(probs @ v), W(prefix + "o.weight")), probs


def t5_feed_forward(cfg, W: Weights, prefix, x):
    """T5DenseActDense (wi -> act -> wo) or T5DenseGatedActDense (act(wi_0)·wi_1 -> wo)."""
    act = ACT[cfg["dense_act_fn"]]
    if cfg["is_gated_act"]:
        h = act(linear(x, W(prefix + "wi_0.weight"))) * linear(x, W(prefix + "wi_1.weight"))
    else:
        h = act(linear(x, W(prefix + "wi.weight")))
    return linear(h, W(prefix + "wo.weight"))


def t5_encode(cfg, W: Weights, input_ids, attention_mask=None):
    ids = np.asarray(input_ids)
    dt = W.dtype
    mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
    eps = cfg["layer_norm_epsilon"]
    seq = ids.shape[1]
    # bias computed once (block 0) and shared by every block, mask included
    bias = t5_position_bias(cfg, W, "encoder.", seq, seq, True) + padding_bias(mask, dt)
    x = W("encoder.embed_tokens.weight")[ids]
    hidden, attns = [], []
    for i in range(cfg["num_layers"]):
        hidden.append(x)
        p = f"encoder.block.{i}."
        h = rms_norm(x, W(p + "layer.0.layer_norm.weight"), eps)
        a, probs = t5_attention(cfg, W, p + "layer.0.SelfAttention.", h, h, bias)
        attns.append(probs)
        x = x + a
        h = rms_norm(x, W(p + "layer.1.layer_norm.weight"), eps)
        x = x + t5_feed_forward(cfg, W, p + "layer.1.DenseReluDense.", h)
    x = rms_norm(x, W("encoder.final_layer_norm.weight"), eps)
    hidden.append(x)
    return {"hidden_states": hidden, "last_hidden_state": x, "attentions": attns, "mask": mask}


def t5_decode(cfg, W: Weights, decoder_input_ids, encoded):
    ids = np.asarray(decoder_input_ids)
    dt = W.dtype
    eps = cfg["layer_norm_epsilon"]
    seq = ids.shape[1]
    enc = encoded["last_hidden_state"]
    # decoder self-attention: unidirectional buckets + causal mask (no decoder padding)
    self_bias = t5_position_bias(cfg, W, "decoder.", seq, seq, False) + np.where(
        causal(seq, seq), dt(0), dt(MASK_MIN)
    )[None, None]
    # cross-attention: no relative bias, only the encoder padding mask
    cross_bias = padding_bias(encoded["mask"], dt)
    x = W("decoder.embed_tokens.weight")[ids]
    hidden, self_attns, cross_attns = [], [], []
    for i in range(cfg["num_decoder_layers"]):
        hidden.append(x)
        p = f"decoder.block.{i}."
        h = rms_norm(x, W(p + "layer.0.layer_norm.weight"), eps)
        a, probs = t5_attention(cfg, W, p + "layer.0.SelfAttention.", h, h, self_bias)
        self_attns.append(probs)
        x = x + a
        h = rms_norm(x, W(p + "layer.1.layer_norm.weight"), eps)
        a, probs = t5_attention(cfg, W, p + "layer.1.EncDecAttention.", h, enc, cross_bias)
        cross_attns.append(probs)
        x = x + a
        h = rms_norm(x, W(p + "layer.2.layer_norm.weight"), eps)
        x = x + t5_feed_forward(cfg, W, p + "layer.2.DenseReluDense.", h)
    x = rms_norm(x, W("decoder.final_layer_norm.weight"), eps)
    hidden.append(x)
    out = x * (cfg["d_model"] ** -0.5) if cfg["tie_word_embeddings"] else x
    logits = linear(out, W("lm_head.weight"))
    return {
        "logits": logits, "hidden_states": hidden, "last_hidden_state": x,
        "attentions": self_attns, "cross_attentions": cross_attns,
    }


def t5_forward(cfg, W: Weights, input_ids, attention_mask, decoder_input_ids):
    encoded = t5_encode(cfg, W, input_ids, attention_mask)
    decoded = t5_decode(cfg, W, decoder_input_ids, encoded)
    return {
        "logits": decoded["logits"],
        "encoder_hidden_states": encoded["hidden_states"],
        "encoder_last_hidden_state": encoded["last_hidden_state"],
        "encoder_attentions": encoded["attentions"],
        "decoder_hidden_states": decoded["hidden_states"],
        "decoder_last_hidden_state": decoded["last_hidden_state"],
        "decoder_attentions": decoded["attentions"],
        "cross_attentions": decoded["cross_attentions"],
    }


# --------------------------------------------------------------------------------------------
# model wrapper and greedy generation
# --------------------------------------------------------------------------------------------


class Model:
    def __init__(self, config: dict, tensors: dict[str, np.ndarray], dtype=np.float64):
        self.cfg = load_config(config)
        self.type = self.cfg["model_type"]
        self.W = Weights(tensors, tied_weights(self.cfg), dtype)

    @classmethod
    def from_dir(cls, path: str | Path, dtype=np.float64):
        path = Path(path)
        config = json.loads((path / "config.json").read_text())
        return cls(config, read_safetensors(path / "model.safetensors"), dtype)

    def forward(self, inputs: dict) -> dict:
        c, W = self.cfg, self.W
        if self.type == "bert":
            return bert_forward(c, W, inputs["input_ids"], inputs.get("attention_mask"),
                                inputs.get("token_type_ids"))
        if self.type == "gpt2":
            return gpt2_forward(c, W, inputs["input_ids"], inputs.get("attention_mask"),
                                inputs.get("position_ids"))
        if self.type == "llama":
            return llama_forward(c, W, inputs["input_ids"], inputs.get("attention_mask"),
                                 inputs.get("position_ids"))
        if self.type == "t5":
            return t5_forward(c, W, inputs["input_ids"], inputs.get("attention_mask"),
                              inputs["decoder_input_ids"])
        raise ValueError(self.type)

    def generate(self, input_ids, attention_mask, max_new_tokens, eos_token_id, pad_token_id,
                 decoder_start_token_id=None):
        """Greedy search as HF generate(do_sample=False, num_beams=1), by full recomputation.

        Returns (sequences, min_top1_top2_margin). The margin is taken over the rows still
        running at each step (a finished row's choice is replaced by pad anyway)."""
        ids = np.asarray(input_ids)
        mask = np.ones_like(ids) if attention_mask is None else np.asarray(attention_mask)
        eos = set(eos_token_id if isinstance(eos_token_id, list) else
                  [] if eos_token_id is None else [eos_token_id])
        if self.type == "t5":
            encoded = t5_encode(self.cfg, self.W, ids, mask)  # encoder runs once
            seq = np.full((ids.shape[0], 1), decoder_start_token_id, dtype=np.int64)
        elif self.type in ("gpt2", "llama"):
            seq = ids.astype(np.int64)
        else:
            raise ValueError(f"{self.type} does not generate")
        unfinished = np.ones(ids.shape[0], dtype=bool)
        margin = math.inf
        for _ in range(max_new_tokens):
            if self.type == "t5":
                logits = t5_decode(self.cfg, self.W, seq, encoded)["logits"][:, -1]
            else:
                # the mask grows with ones; positions = cumsum(mask)-1, padding set to 1
                full_mask = np.concatenate(
                    [mask, np.ones((ids.shape[0], seq.shape[1] - ids.shape[1]), mask.dtype)], 1)
                pos = np.cumsum(full_mask, -1) - 1
                pos = np.where(full_mask == 0, 1, pos)
                out = self.forward({"input_ids": seq, "attention_mask": full_mask,
                                    "position_ids": pos})
                logits = out["logits"][:, -1]
            top2 = np.sort(logits, axis=-1)[:, -2:]
            gaps = (top2[:, 1] - top2[:, 0])[unfinished]
            if gaps.size:
                margin = min(margin, float(gaps.min()))
            nxt = np.argmax(logits, axis=-1)  # first index on ties, like torch.argmax
            if pad_token_id is not None:
                nxt = np.where(unfinished, nxt, pad_token_id)
            seq = np.concatenate([seq, nxt[:, None]], axis=1)
            unfinished &= ~np.isin(nxt, list(eos))
            if not unfinished.any():
                break
        return seq, margin
