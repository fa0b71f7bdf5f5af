"""Rebuild the shipped section classifier: ``python -m adoption_audit.nlp.cpr.training.train``.

Reads the hand-labelled paragraphs in ``paragraphs.jsonl`` (one ``{"text", "label"}`` per line, labels
being the section ids of ``contracts/cpr_sections.md`` or ``other``), trains a bag-of-words textcat on
``spacy.blank("en")`` and writes it to ``nlp/cpr/models/section_classifier/``. The fixture CPRs are never
used for training, so the quality tests that run on them measure the classifier honestly.

A bag-of-words model is enough here: section content is told apart by its vocabulary ("immunisations",
"letterbox", "placement order"), it trains in seconds from a few hundred paragraphs, and it ships in a
few megabytes with no vectors.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import spacy
from adoption_audit.nlp.cpr.model import SECTION_IDS
from spacy.training import Example

HERE = Path(__file__).resolve().parent
TRAINING_DATA = HERE / "paragraphs.jsonl"
MODEL_DIR = HERE.parent / "models" / "section_classifier"
LABELS = (*SECTION_IDS, "other")
SEED = 17
EPOCHS = 40
LEARN_RATE = 0.01  # Adam's default 0.001 leaves a small bag-of-words model timid after 40 epochs
BOW_LENGTH = 2 ** 14  # hashed feature rows: 16k x 21 labels x 4 bytes is about 1.4 MB on disk


def load_examples(path: Path = TRAINING_DATA) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown = {row["label"] for row in rows} - set(LABELS)
    if unknown:
        raise ValueError(f"{path}: unknown labels {sorted(unknown)}")
    return rows


def build_pipeline() -> spacy.language.Language:
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 1,
        "no_output_layer": False, "length": BOW_LENGTH, "nO": None}})
    for label in LABELS:
        textcat.add_label(label)
    return nlp


def train(rows: list[dict], epochs: int = EPOCHS, seed: int = SEED) -> spacy.language.Language:
    spacy.util.fix_random_seed(seed)
    nlp = build_pipeline()
    examples = [Example.from_dict(nlp.make_doc(row["text"]),
                                  {"cats": {label: float(label == row["label"]) for label in LABELS}})
                for row in rows]
    optimizer = nlp.initialize(lambda: examples)
    optimizer.learn_rate = LEARN_RATE
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer)
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=TRAINING_DATA)
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    rows = load_examples(args.data)
    nlp = train(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"trained on {len(rows)} paragraphs, {len(LABELS)} labels -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
