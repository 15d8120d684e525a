# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Evaluating the default model
#
# fakeprofile ships a default model (`models/default/`), trained on synthetic profiles drawn by
# `fakeprofile synth` with seed 2026. This notebook draws a **fresh** synthetic set with another seed,
# which the model has never seen, and measures the model on it with the same report the command line
# writes (`fakeprofile evaluate --report DIR`). Then it opens a few single predictions and reads their
# reasons, on both sides: what raised the suspicion and what lowered it.
#
# Everything here comes from the package: the notebook only calls it and shows what it returns, so the
# numbers below are the numbers the CLI gives for the same data and seed.
#
# **Settings** (environment variables, so the test suite can run this notebook small and fast):
#
# | variable | meaning | default |
# |---|---|---|
# | `FAKEPROFILE_NB_N` | synthetic profiles to draw | 1000 |
# | `FAKEPROFILE_NB_SEED` | their seed (the default model was trained on seed 2026) | 99 |
# | `FAKEPROFILE_NB_BOOTSTRAP` | bootstrap resamples for the confidence intervals | 1000 |
# | `FAKEPROFILE_NB_OUT` | where the data and the report are written | `../build/notebooks` |
#
# Relative paths are relative to this notebook's folder, which is where Jupyter runs it.

# %%
import os
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

import fakeprofile
from fakeprofile.io.readers import DataSource, read_sources
from fakeprofile.photos import analyse_photo, default_known_index
from fakeprofile.report import evaluate_model, write_report
from fakeprofile.synth import FAKE_ARCHETYPES, PERSONAS, generate

N = int(os.environ.get("FAKEPROFILE_NB_N", "1000"))
SEED = int(os.environ.get("FAKEPROFILE_NB_SEED", "99"))
BOOTSTRAP = int(os.environ.get("FAKEPROFILE_NB_BOOTSTRAP", "1000"))
OUT = Path(os.environ.get("FAKEPROFILE_NB_OUT", "../build/notebooks")) / "01_evaluate_default_model"
print(f"fakeprofile {fakeprofile.__version__}; {N:,} profiles, seed {SEED}; writing to {OUT.resolve()}")

# %% [markdown]
# ## The model
#
# `load_model()` with no argument loads the shipped default model and checks its manifest: the feature
# names, the extractor versions and the checksums must match this installation, or it refuses to load.
# The threshold is the probability at or above which the model calls a profile fake; it was chosen on
# the training data for a 1% false-positive rate.

# %%
model = fakeprofile.load_model()
training = model.info["training_data"]
print(f"threshold {model.threshold:.4f} (for a {model.info['target_fpr']:.1%} false-positive rate), "
      f"dates measured to {model.info['as_of']}")
print(f"trained on {training['n_train']:,} of {training['n']:,} profiles ({training['n_fake']:,} fake), "
      f"{training['n_test']:,} held out")

# %% [markdown]
# ## Fresh data
#
# `generate` writes `profiles.jsonl`, one small picture per profile that shows one, and the known stock
# and celebrity pictures that the stolen-photo personas copy (edited: cropped, mirrored, rotated). Every
# profile is laid out as a genuine *persona*; a fake also has an *archetype*, a kind of fake account that
# adds the clues the seeds describe. A profile's `archetype` names its fake archetype, or its persona if it
# is genuine; the table says which kinds are fake (label 1) and which are genuine (label 0). About 2.5% of
# labels are deliberately flipped, as in real labelled data, so a few "errors" below are the label's, not
# the model's.

# %%
summary = generate(N, SEED, OUT / "fresh")
print(f"{summary.n:,} profiles, {summary.n_fake:,} labelled fake, {summary.n_flipped:,} labels flipped; "
      f"{summary.n_photos:,} photos")
pd.DataFrame(
    [(a.name, 1, summary.archetypes.get(a.name, 0), a.description) for a in FAKE_ARCHETYPES.values()]
    + [(p.name, 0, summary.archetypes.get(p.name, 0), p.description) for p in PERSONAS.values()],
    columns=["archetype", "label", "profiles", "what it is"],
).set_index("archetype")

# %% [markdown]
# The file is read as the CLI reads it: one item per record, good or bad. A synthetic file has no bad
# records, but with your own data look at the rejected ones before trusting any figure.

# %%
items = list(read_sources([DataSource(summary.profiles_path)]))
profiles = [item.profile for item in items if item.ok]
print(f"read {len(items):,} records, {len(profiles):,} usable, {len(items) - len(profiles):,} rejected")

# %% [markdown]
# ## The evaluation
#
# `evaluate_model` scores every profile and measures the model with 95% confidence intervals. The
# intervals come from a bootstrap that resamples *groups* of profiles sharing a photo or an invitation
# note, not single profiles, because copies of one campaign are not independent evidence. `write_report`
# writes the same numbers as `report.html` (open it in a browser), `report.json` and the figures as PNG.
#
# Every profile gets one of three verdicts: `fake`, `genuine`, or `insufficient` when it shows too little to
# judge (no clue at all, or fewer than three and a score near the threshold). The model neither flags nor
# passes an insufficient profile, so the report counts them apart, the **abstention rate**, with how many of
# them are fake, and measures every metric on the **judged** profiles, as `fakeprofile evaluate` does.

# %%
evaluation = evaluate_model(model, profiles, seed=0, n_bootstrap=BOOTSTRAP, model_name="default model",
                            data_name=f"fresh synthetic profiles (n={N}, seed={SEED})")
paths = write_report(evaluation, OUT / "report")
print(f"{evaluation.n:,} labelled profiles, {evaluation.n_fake:,} fake; report: {paths['html'].resolve()}")
print(f"too thin to judge: {evaluation.n_insufficient:,} (abstention rate {evaluation.abstention_rate:.1%}), "
      f"{evaluation.n_fake_insufficient:,} of them fake; judged: {evaluation.n_judged:,} "
      f"({evaluation.n_fake_judged:,} fake, {evaluation.n_groups:,} groups), which the metrics below measure")
for note in evaluation.notes:
    print("note:", note)

# %% [markdown]
# ### The numbers
#
# How to read them:
#
# * **ROC-AUC** is the chance that a random fake scores above a random genuine profile (1 is perfect,
#   0.5 is a coin). **Average precision** summarises the precision-recall curve. Both judge the ranking,
#   whatever the threshold.
# * **Brier score** is the mean squared gap between the probability and the truth (lower is better): it
#   checks that a "0.8" means fake about 8 times in 10.
# * **Precision, recall, F1 and false-positive rate** are measured at the model's threshold: of the
#   profiles flagged, the share that are fake; of the fakes, the share flagged; of the genuine people,
#   the share flagged wrongly. The last four rows are the counts behind them.
# * `low` and `high` bound the 95% interval. A wide interval means the data is too small to say more.
# * All of them are on the judged profiles. A fresh synthetic profile shows enough to be judged nearly
#   always, so the abstention rate here is about 0; on real data with few fields it is the first figure to
#   read, because a fake the model cannot judge is not caught either.

# %%
print(f"on the {evaluation.n_judged:,} judged profiles; abstention rate {evaluation.abstention_rate:.1%}")
pd.DataFrame(evaluation.to_dict()["metrics"]).transpose()

# %% [markdown]
# ### Choosing a threshold
#
# The same model can be run at different thresholds. Each sentence below says, for one operating point,
# how many profiles of every 10,000 would go to a reviewer, how many of those would be genuine people,
# and how many fakes would slip through. The first sentence states the share of fakes assumed: these
# figures change with it, so pass `prevalence=` to `evaluate_model` (or `--prevalence` on the command
# line) with the share you expect where the model will run.

# %%
for sentence in evaluation.guidance():
    print(sentence, end="\n\n")

# %%
at_1_percent = evaluation.operating_point(0.01)
print(f"at a {at_1_percent.name}: threshold {at_1_percent.threshold:.4f}, recall {at_1_percent.recall.value:.3f} "
      f"({at_1_percent.recall.low:.3f}-{at_1_percent.recall.high:.3f}), "
      f"false-positive rate {at_1_percent.false_positive_rate.value:.4f}")
pd.json_normalize(evaluation.to_dict()["operating_points"]).set_index("name")

# %% [markdown]
# ### The figures
#
# **ROC and precision-recall curves.** The ROC curve plots recall against the false-positive rate for
# every threshold; the closer it hugs the top-left corner the better. The precision-recall curve shows
# what flagging more costs in precision. The marker is the model's threshold.

# %%
display(Image(filename=paths["roc"]), Image(filename=paths["precision_recall"]))

# %% [markdown]
# **Calibration.** Profiles are binned by their probability; each point compares the mean probability
# in a bin with the share of fakes in it. Points on the diagonal mean the probabilities can be taken at
# face value. **Scores by class** shows the probabilities of fake and genuine profiles: the less the two
# histograms overlap, the easier the choice of threshold. **Threshold** shows how recall and the
# false-positive rate fall as the threshold rises.

# %%
display(Image(filename=paths["calibration"]), Image(filename=paths["score_histograms"]),
        Image(filename=paths["threshold"]))

# %% [markdown]
# **Permutation importance.** How much ROC-AUC drops when one feature (or a whole clue family) is shuffled
# across profiles, breaking its link with the label. A large drop means the model leans on that clue.
# Clues that carry the same information share the credit, so a small drop does not mean a clue is useless.

# %%
display(Image(filename=paths["importance_families"]), Image(filename=paths["importance_features"]))

# %% [markdown]
# **Per archetype.** Recall for each kind of fake and the false-positive rate for each kind of genuine
# account. This is where the averages hide things: a model can catch careless fakes well and miss
# careful ones, or flag new graduates far more often than established professionals.

# %%
display(Image(filename=paths["archetypes"]))
pd.DataFrame(evaluation.to_dict()["archetypes"]).set_index("archetype")

# %% [markdown]
# ## Single predictions and their reasons
#
# `predict_profiles` gives, for each profile, the calibrated probability, the verdict (`fake` or `genuine`
# by the threshold, `insufficient` when the profile shows too little to judge, with a sentence saying what
# is missing) and the reasons on both sides: the clues that raised the log-odds of fake most (`reasons`)
# and those that lowered them most (`reassurances`), up to three each. A reason names its clue
# (`extractor.clue`), its **contribution** in calibrated log-odds (+ towards fake, - towards genuine: exact
# TreeSHAP values, and the baseline plus every contribution is the profile's log-odds) and the extractor's
# **evidence** in words. The evidence is what a reviewer should check on the profile; the contributions
# say how much the model weighed it. `describe()` prints all of it.
#
# The profiles are scored together, as the evaluation scored them, so campaign clues (the same photo or
# note on several profiles) are counted over the whole set.

# %%
predictions = model.predict_profiles(profiles)
by_id = {prediction.id: prediction for prediction in predictions}
verdicts = pd.Series([p.verdict for p in predictions]).value_counts()
print(", ".join(f"{verdicts.get(v, 0):,} {v}" for v in ("fake", "genuine", "insufficient"))
      + f" of {len(predictions):,} profiles")


def both_sides(prediction):
    """A prediction's reasons (raising the log-odds of fake) and reassurances (lowering them), as a table."""
    return pd.DataFrame([{"side": side, **reason.model_dump(include={"clue", "contribution", "evidence", "given"})}
                         for side, reasons in (("raises", prediction.reasons), ("lowers", prediction.reassurances))
                         for reason in reasons])

# %% [markdown]
# ### The genuine profile the model finds most suspicious
#
# The report lists the genuine-labelled profiles with the highest probability. The first is a false
# positive when it is flagged. Look up its archetype in the table at the top: if that archetype is a fake
# kind (label 1), this is one of the deliberately flipped labels and the model is right; if it is a
# genuine kind, read the reasons to see which honest trait made it look fake (the known false positives
# of each clue family are listed in the model card and in each extractor's documentation).

# %%
suspicious = evaluation.most_suspicious_genuine[0]
print(f"{suspicious.name!r} ({suspicious.headline!r}); archetype {suspicious.archetype}, label {suspicious.label}, "
      f"flagged: {suspicious.flagged}")
print(by_id[suspicious.id].describe())
both_sides(by_id[suspicious.id])

# %% [markdown]
# The other genuine profiles that scored highest, for comparison:

# %%
pd.DataFrame(evaluation.to_dict()["most_suspicious_genuine"]).drop(columns=["reasons", "reassurances"])

# %% [markdown]
# ### A stolen photo, caught
#
# Stolen-photo personas use an edited copy of a stock or celebrity picture. The photo extractor hashes
# every photo and compares it with the known-image index, robust to crops, mirroring and small rotations.
# Below is the first stolen-photo fake that the model flagged *and* whose reasons include the photo match
# (among the caught ones, the photo is not always in the top three: other clues, such as a thin profile
# or a flood of unanswered invitations, may already say enough).

# %%
stolen = [(p, by_id[p.id]) for p in profiles if p.archetype == "stolen_photo" and by_id[p.id].verdict == "fake"]
caught = next(((p, prediction) for p, prediction in stolen
               if any(r.evidence.startswith("photo matches known image") for r in prediction.reasons)), None)
print(f"{len(stolen)} stolen-photo fakes flagged of {summary.archetypes.get('stolen_photo', 0)} drawn")
if caught is None:
    print("none of them has the photo match among its top reasons at this sample size: draw more profiles")
else:
    print(caught[1].describe())
    display(both_sides(caught[1]))

# %% [markdown]
# The profile's photo (first) and the known image it copies (second), as the index finds it:

# %%
if caught is not None:
    match = analyse_photo(caught[0].photo, default_known_index()).matches[0]
    print(match.describe())
    display(Image(filename=caught[0].photo), Image(filename=summary.known_images_dir / match.name))

# %% [markdown]
# ### A fake the model misses
#
# The judged fake-labelled profile with the lowest probability. Its reassurances (what lowers suspicion)
# show what a careful fake gets right, and such profiles are why recall stays well below 1 at a strict
# threshold. As above, check its archetype first: if it is a genuine kind, the label is a flipped one.

# %%
missed = evaluation.least_suspicious_fake[0]
print(f"{missed.name!r} ({missed.headline!r}); archetype {missed.archetype}")
print(by_id[missed.id].describe())

# %% [markdown]
# ### A profile too thin to judge
#
# The report lists the fakes it could not judge (none, or hardly any, in fresh synthetic data). A profile
# that gives only a name and a connection count is such a case: whatever it scores, two clues are too
# little, and the verdict says what is missing instead of guessing. Scored alone, it has no batch to count
# campaign clues in, which its description says too.

# %%
print(f"fakes too thin to judge in this data: {evaluation.n_fake_insufficient:,}")
for case in evaluation.insufficient_fake[:3]:
    print(f"  {case.id}: {case.missing}")
thin = model.predict({"id": "thin-example", "name": "Ann Lee", "connections": 12})
print(thin.describe())

# %% [markdown]
# ## What to take away
#
# * Read the abstention rate first: the metrics are on the judged profiles, and a fake too thin to judge
#   is not caught.
# * Read the ranking figures (ROC-AUC, average precision) for how well the model separates the classes,
#   and the operating points for what a threshold costs in reviews and in genuine people flagged.
# * Read both sides of a prediction: what raised the suspicion, and what lowered it.
# * The default model is trained on synthetic data. On real profiles from your network, evaluate it on
#   labelled data of your own first, and train your own model there: see `02_train_on_your_own_data`.
