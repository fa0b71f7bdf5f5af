"""Properties every reader keeps: nothing lost, lines in order and pointing at the text, no text in logs."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from support.documents import write_docx

from adoption_audit.documents import read_document

WORDS = st.sampled_from(["the", "panel", "Adoption", "41", "2023/24", "HEALTH", "plan", "-", "•", "1.", "a)",
                         "3.2", "Contact", "With", "£1,200", "carers.", "days:", "(ii)", "12%", "Birth"])
LINES = st.lists(st.one_of(st.just(""), st.just("\f"), st.lists(WORDS, min_size=1, max_size=14).map(" ".join)),
                 min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(lines=LINES)
def test_plain_text_loses_no_word_and_lines_point_at_block_starts(lines):
    content = "\n".join(lines)
    if not content.replace("\f", "").strip():
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.txt"
        path.write_text(content, encoding="utf-8")
        document = read_document(path)
    words_in = content.replace("\f", " ").split()
    words_out = [word for block in document.blocks for word in block.text.split()]
    assert words_out == words_in
    numbers = [block.line for block in document.blocks]
    assert numbers == sorted(set(numbers))
    file_lines = document.text.split("\n")
    for block in document.blocks:
        assert block.text.split()[0] == file_lines[block.line - 1].replace("\f", " ").split()[0]


def test_no_document_text_in_logs_at_info(tmp_path, caplog):
    path = write_docx([("heading1", "Zephyrine Quackenbush"), ("paragraph", "Zephyrine likes the park.")],
                      tmp_path / "cpr.docx")
    with caplog.at_level(logging.INFO, logger="adoption_audit"):
        document = read_document(path, shown_as="cprs/cpr.docx")
    assert document.shown_as == "cprs/cpr.docx" and document.words == 6
    assert caplog.records, "one INFO line with counts is expected"
    assert "Zephyrine" not in caplog.text


def test_suffix_case_and_default_shown_as(tmp_path):
    path = tmp_path / "REPORT.TXT"
    path.write_text("The agency approved 41 households.")
    document = read_document(path)
    assert document.format == "txt" and document.shown_as == str(path) and document.path == path
