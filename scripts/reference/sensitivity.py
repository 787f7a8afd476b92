"""Do the variant cases catch the mistakes they are meant to catch?

    python3 scripts/reference/sensitivity.py [test/fixtures/golden-variants]

Each check breaks one detail of the numpy reference on purpose (a plausible engine bug) and
re-runs the comparison of the case that varies that detail; the case must then FAIL. Prints one
line per mutation; exits 1 if a mutation goes unnoticed.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import hf_numpy as H  # noqa: E402
import make_variants as mv  # noqa: E402

# the unpatched functions, for the mutations that wrap them
ORIGINAL = {name: getattr(H, name) for name in ("relative_position_bucket", "rope_cos_sin",
                                                "bert_forward")}
ORIGINAL_GENERATE = H.Model.generate


@contextmanager
def patched(owner, name, value):
    old = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, old)


@contextmanager
def patches_applied(patches):
    """Applies (owner, attribute-or-key, replacement) patches for the duration of a block."""
    with ExitStack() as stack:
        for owner, name, value in patches:
            if isinstance(owner, dict):
                old = owner[name]
                owner[name] = value
                stack.callback(owner.__setitem__, name, old)
            else:
                stack.enter_context(patched(owner, name, value))
        yield


def with_config(fn, **override):
    """The model function, run with some config keys overridden (i.e. ignored by the engine)."""
    return lambda cfg, *a, **k: fn({**cfg, **override}, *a, **k)


def interleaved_gqa(x, r, axis):
    """kv head j serving query heads j, j+nkv, j+2·nkv… instead of HF's consecutive block."""
    return np.tile(x, (1, r, 1, 1))


def off_by_one_buckets(rp, bidirectional, num_buckets, max_distance):
    """As if log(2)/log(16)·8 had come out as 1.9999999: distances 16 and 32 one bucket lower."""
    out = ORIGINAL["relative_position_bucket"](rp, bidirectional, num_buckets, max_distance)
    dist = np.abs(np.asarray(rp))
    return np.where((dist == 16) | (dist == 32), out - 1, out)


def half_rotary(cfg, position_ids, dtype):
    """Rotary over hidden_size/heads = 8 dims (ignoring head_dim 16); the rest unrotated."""
    cos, sin = ORIGINAL["rope_cos_sin"]({**cfg, "head_dim": cfg["head_dim"] // 2}, position_ids, dtype)
    return np.concatenate([cos, np.ones_like(cos)], -1), np.concatenate([sin, np.zeros_like(sin)], -1)


def eos_as_pad(self, ids, mask, n, eos, pad, start=None):
    """Finished rows continue with eos instead of pad_token_id."""
    return ORIGINAL_GENERATE(self, ids, mask, n, eos, eos, start)


class WteAsLmHead(H.Weights):
    """Uses transformer.wte.weight for lm_head although the file has its own lm_head.weight."""

    def __call__(self, name):
        return super().__call__("transformer.wte.weight" if name == "lm_head.weight" else name)


def bert_without_token_types(cfg, W, ids, mask=None, types=None):
    return ORIGINAL["bert_forward"](cfg, W, ids, mask, None)


def mutations():
    """(case, description, patches) — patches are (owner, attribute, replacement)."""
    return [
        ("gpt2-untied-inverse", "scale_attn_by_inverse_layer_idx ignored",
         [(H, "gpt2_forward", with_config(H.gpt2_forward, scale_attn_by_inverse_layer_idx=False))]),
        ("gpt2-untied-inverse", "lm_head tied to wte despite tie_word_embeddings false",
         [(H, "Weights", WteAsLmHead)]),
        ("llama-rope-linear", "rope_scaling ignored",
         [(H, "llama_forward", with_config(H.llama_forward, rope_scaling=None))]),
        ("llama-gqa4", "GQA heads interleaved instead of consecutive",
         [(H.np, "repeat", lambda x, r, axis: interleaved_gqa(x, r, axis))]),
        ("llama-mha-headdim", "rotary over hidden/heads dims instead of head_dim",
         [(H, "rope_cos_sin", half_rotary)]),
        ("llama-mha-headdim", "attention biases ignored",
         [(H, "llama_forward", with_config(H.llama_forward, attention_bias=False))]),
        ("bert-gelu-new", "gelu (erf) instead of gelu_new", [(H.ACT, "gelu_new", H.gelu)]),
        ("bert-wide", "token_type_ids ignored", [(H, "bert_forward", bert_without_token_types)]),
        ("t5-gated-silu", "gelu_new instead of silu in the gated FFN", [(H.ACT, "silu", H.gelu_new)]),
        ("t5-gated-silu", "d_model^-0.5 scaling applied although untied",
         [(H, "t5_decode", with_config(H.t5_decode, tie_word_embeddings=True))]),
        ("t5-unequal", "buckets at distances 16 and 32 one lower (float rounding)",
         [(H, "relative_position_bucket", off_by_one_buckets)]),
        ("t5-unequal", "no d_model^-0.5 scaling before the tied lm_head",
         [(H, "t5_decode", with_config(H.t5_decode, tie_word_embeddings=False))]),
        ("gpt2-deep", "finished row continues with eos, not pad_token_id",
         [(H.Model, "generate", eos_as_pad)]),
        ("llama-gqa4", "finished row continues with eos, not pad_token_id",
         [(H.Model, "generate", eos_as_pad)]),
    ]


def main(root=Path("test/fixtures/golden-variants")):
    ok = True
    for case, what, patches in mutations():
        with patches_applied(patches):
            report = mv.compare_case(root / case)
        caught = bool(report["failures"])
        ok &= caught
        first = report["failures"][0][:70] if caught else ""
        print(f"{case:20s} {what:55s} {'caught' if caught else 'NOT CAUGHT'}  {first}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("test/fixtures/golden-variants")))
