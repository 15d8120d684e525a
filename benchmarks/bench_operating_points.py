"""A model at its operating points, on fresh synthetic data and on the real LLM-written sample. Prints figures.

    python benchmarks/bench_operating_points.py [--model models/default ...] [--n 5000] [--seed 99]

For each ``--model`` (give several to compare them in one run, e.g. the previous release's in a worktree):

* **synthetic** (our own generator, so it proves little on its own): ``--n`` fresh profiles with their
  photos, drawn with a seed no shipped model was trained on. ROC-AUC, and at the model's threshold the
  false-positive rate and the recall, overall and per fake archetype. Then the thresholds at which 2% and
  5% of these genuine profiles are flagged.
* **real** (``../shared/data/real/linkedin_llm_sample/``, 20 LLM-written LinkedIn profiles that nobody here
  wrote): how many are flagged at the model's threshold and at the synthetic 2% / 5% thresholds, and the
  median probability. The 20 rows are a sanity check: nothing is tuned on them.

Probabilities count only judged profiles as flagged (an ``insufficient`` verdict is not a flag). Always exits 0.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from fakeprofile import ModelLoadError, load_model
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.synth import FAKE_ARCHETYPES, generate

REAL_SAMPLE = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real" / "linkedin_llm_sample"
               / "llm_fake_profiles_sample.csv")
FPR_POINTS = (0.02, 0.05)


def threshold_at_fpr(genuine: np.ndarray, fpr: float) -> float:
    """The lowest threshold at which at most ``fpr`` of ``genuine`` scores are flagged (p >= threshold)."""
    ordered = np.sort(genuine)[::-1]
    allowed = int(np.floor(fpr * len(ordered)))
    return float(np.nextafter(ordered[allowed], 1.0)) if allowed < len(ordered) else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", action="append", help="model folder (repeatable; default models/default)")
    parser.add_argument("--n", type=int, default=5000, help="fresh synthetic profiles (default 5000)")
    parser.add_argument("--seed", type=int, default=99, help="their seed (default 99)")
    args = parser.parse_args()
    folders = args.model or ["models/default"]

    with tempfile.TemporaryDirectory() as folder:
        generate(args.n, args.seed, folder, progress=False)
        source = Path(folder) / "profiles.jsonl"
        records = [json.loads(line) for line in source.read_text().splitlines()]
        # Read as the CLI reads them, so the photo paths resolve against the data's folder.
        synthetic = [item.profile for item in read_sources([DataSource(source)])]
        assert len(synthetic) == len(records), "a synthetic profile was rejected"
        archetypes = np.array([r.get("archetype") or "" for r in records])
        labels = np.array([r["label"] for r in records])
        real = []
        if REAL_SAMPLE.exists():
            real = [item.profile for item in read_sources([DataSource(REAL_SAMPLE)]) if item.ok]
        for path in folders:
            try:
                model = load_model(path)
            except ModelLoadError as exc:
                print(f"model {path}: cannot be loaded: {exc}\n")
                continue
            report(model, path, synthetic, labels, archetypes, real, args)
    return 0


def report(model, path: str, synthetic, labels, archetypes, real, args) -> None:
    p, judged = model.probabilities_and_judged(synthetic)
    flagged = judged & (p >= model.threshold)
    genuine, fake = labels == 0, labels == 1
    print(f"model {path}  ({len(model.feature_names)} features, threshold {model.threshold:.4f})")
    print(f"  synthetic (ours; generate seed {args.seed}, {len(labels)} profiles, {int(fake.sum())} fake): "
          f"ROC-AUC {roc_auc_score(labels, p):.4f}  FPR {flagged[genuine].mean():.4f}  "
          f"recall {flagged[fake].mean():.3f}")
    by_kind = defaultdict(list)
    for kind, hit in zip(archetypes[fake], flagged[fake], strict=True):
        # A fake labelled with a genuine persona's name is the generator's label noise.
        by_kind[kind if kind in FAKE_ARCHETYPES else "(label noise)"].append(hit)
    print("    recall by archetype: "
          + ", ".join(f"{k} {np.mean(v):.3f} (n={len(v)})" for k, v in sorted(by_kind.items())))
    points = {fpr: threshold_at_fpr(p[genuine & judged], fpr) for fpr in FPR_POINTS}
    print("    " + "; ".join(f"{fpr:.0%} FPR at p >= {t:.4f}: recall {(judged & (p >= t))[fake].mean():.3f}"
                              for fpr, t in points.items()))
    if not real:
        print(f"  real: {REAL_SAMPLE} is absent; skipped\n")
        return
    q, judged_real = model.probabilities_and_judged(real)
    counts = [f"{int((judged_real & (q >= model.threshold)).sum())} at the threshold"]
    counts += [f"{int((judged_real & (q >= t)).sum())} at {fpr:.0%} FPR" for fpr, t in points.items()]
    print(f"  real (linkedin_llm_sample, {len(real)} LLM-written fakes): flagged {', '.join(counts)}; "
          f"median p {np.median(q):.3f}, max {q.max():.3f}, {int((~judged_real).sum())} insufficient\n")


if __name__ == "__main__":
    raise SystemExit(main())
