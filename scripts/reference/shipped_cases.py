"""Golden cases for the shipped models: the numpy float64 reference (hf_numpy.py, validated
against Hugging Face transformers on test/fixtures/golden) run on the real weights in
public/models/<id>/, so the exported checkpoints are checked against HF semantics directly and
not only against our own loader.

    python3 scripts/reference/shipped_cases.py public/models test/fixtures/golden-shipped

writes, per trained model folder, `inputs.json`, `expected.json` and `source.json` (which folder
and which model.safetensors, by SHA-256; the weights are not copied). Rerun it after a retrain:
the golden test refuses a case whose source file has changed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from hf_numpy import Model, load_config, read_safetensors  # noqa: E402
from make_variants import (  # noqa: E402
    PRODUCER, TRANSFORMERS_VERSION, compare_case, generate_json, make_inputs, max_diff_report,
    outputs_json, run_generate, write_json,
)

np.seterr(over="ignore")

# Short inputs: logits are [batch, tokens, vocab] with vocabularies of 2-4k, so a few tokens
# keep each expected.json small while still covering padding, both segments and generation.
SPEC = {"forward_lengths": [6, 4], "prompt_lengths": [5, 3], "decoder_length": 4}
SEED = 20261205


def build(model_dir: Path, out_root: Path) -> Path:
    config = json.loads((model_dir / "config.json").read_text())
    weights_file = model_dir / "model.safetensors"
    tensors = read_safetensors(weights_file)
    cfg = load_config(config)
    rng = np.random.default_rng(SEED)
    inputs = make_inputs(SPEC, cfg, rng)
    model = Model(config, tensors)
    out64 = model.forward(inputs["forward"])
    out32 = Model(config, tensors, dtype=np.float32).forward(inputs["forward"])
    expected = {"meta": {
        "producer": PRODUCER,
        "reference_of": f"Hugging Face transformers v{TRANSFORMERS_VERSION} semantics",
        "model_class": cfg["architectures"][0],
        "dtype": "float16 weights, float64 computation, values rounded to float32",
        "seed": SEED,
        "rounding": "7 significant digits",
        "float32_vs_float64_max_abs_diff": max_diff_report(out64, out32, inputs),
    }}
    expected.update(outputs_json(out64))
    gen = inputs.get("generate")
    if gen is not None:
        expected["generate"] = generate_json(cfg, gen, *run_generate(model, gen))
    case = out_root / model_dir.name
    case.mkdir(parents=True, exist_ok=True)
    write_json(case / "inputs.json", inputs)
    write_json(case / "expected.json", expected)
    write_json(case / "source.json", {
        "model": model_dir.as_posix(),
        "sha256": hashlib.sha256(weights_file.read_bytes()).hexdigest(),
    }, compact=False)
    g = expected.get("generate")
    print(f"{model_dir.name:8s} {cfg['architectures'][0]:28s}" + (
        f" new tokens {g['new_tokens']}  margin {g['min_top1_top2_margin']}" if g else ""))
    # the written (rounded) file read back through the reference
    report = compare_case(case, model)
    if report["failures"]:
        raise RuntimeError(f"{case}: {report['failures']}")
    return case


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    models, out = Path(argv[0]), Path(argv[1])
    dirs = sorted(d for d in models.iterdir() if (d / "model.safetensors").exists())
    for d in dirs:
        build(d, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
