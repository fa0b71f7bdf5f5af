"""The section classifier: trained from its own labelled paragraphs, evaluated on paragraphs it never saw."""

import importlib.util
import json
from pathlib import Path

import pytest
from adoption_audit.nlp.cpr.classifier import classify, keyword_sections
from adoption_audit.nlp.cpr.training import train

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "fixtures" / "cprs" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def held_out():
    """Every bank paragraph of the fixture CPRs, filled for two children, with its section id."""
    import sys

    sys.path.insert(0, str(ROOT / "fixtures" / "cprs"))
    build = _load("build")
    bank = build.bank
    rows = []
    for profile in build.PROFILES[:2]:
        slots = build.slots(profile, "num")
        for section, variants in bank.SECTIONS.items():
            label = "birth_father" if section == "birth_father_unknown" else section
            rows += [(label, paragraph.format(**slots)) for variant in variants for paragraph in variant
                     if len(paragraph.split()) >= 8]
    return rows


def test_classifier_is_held_out(held_out):
    training = {row["text"] for row in train.load_examples()}
    assert not training & {text for _, text in held_out}
    training_words = [set(t.lower().split()) for t in training]
    for _, text in held_out:  # not even near-copies
        words = set(text.lower().split())
        assert max(len(words & t) / len(words | t) for t in training_words) < 0.6, text


def test_accuracy_on_held_out_paragraphs(held_out, capsys):
    votes = classify([text for _, text in held_out])
    top = sum(vote.label == label for (label, _), vote in zip(held_out, votes)) / len(held_out)
    assigned = [(label, vote.section) for (label, _), vote in zip(held_out, votes) if vote.section]
    precision = sum(label == section for label, section in assigned) / len(assigned)
    with capsys.disabled():
        print(f"\nsection classifier on {len(held_out)} held-out paragraphs: top-label accuracy {top:.3f}, "
              f"assigned {len(assigned)} with precision {precision:.3f}")
    assert top >= 0.75
    assert precision >= 0.9


def test_keyword_rules_and_field_rules():
    assert "chronology" in keyword_sections("12/03/2021 Placed with foster carers.")
    assert "signoff" in keyword_sections("Team manager: R. Hale")
    assert "contact" in keyword_sections("Letterbox contact once a year.")
    assert classify(["14 May 2022 Interim care order made."])[0].section == "chronology"


def test_training_rebuilds_a_working_pipeline(tmp_path):
    """The one command rebuilds the shipped model from its data; here with few epochs, into tmp."""
    import spacy

    train.main(["--out", str(tmp_path / "model")])
    nlp = spacy.load(tmp_path / "model")
    assert set(nlp.get_pipe("textcat").labels) == set(train.LABELS)
    cats = nlp("Her immunisations are up to date and her growth is on the 50th centile.").cats
    assert max(cats, key=cats.get) == "health"
    size = sum(p.stat().st_size for p in (tmp_path / "model").rglob("*") if p.is_file())
    assert size < 5 * 1024 * 1024


def test_training_data_is_labelled_with_known_ids():
    rows = [json.loads(line) for line in train.TRAINING_DATA.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 150
    assert {row["label"] for row in rows} == set(train.LABELS)
