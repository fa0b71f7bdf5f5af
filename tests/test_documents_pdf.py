"""PDF text layers: pages, paragraph gaps, wrapped lines, headings by font, metadata."""

from __future__ import annotations

import datetime as dt

from support.documents import write_pdf

from adoption_audit.documents import read_document

LONG = ("The agency approved 41 adopter households during the year, up from 37 in 2023/24, and every "
        "approval was completed within the six months the guidance expects, which members will welcome.")

PAGES = [
    [("1 Introduction", "heading"), LONG, "", "A second paragraph of one line.", "",
     ("Adopters", "bold"), "Twelve enquiries were received each month on average."],
    [("2 Performance", "heading"), "Year Days", "2022/23 488.0", "2023/24 452.5", "2024/25 431.25", "",
     "- 29 children placed", "- 6 disruptions"],
    ["Page three closes the report."],
]


def _document(tmp_path):
    path = write_pdf(PAGES, tmp_path / "annual.pdf", title="Eastvale Annual Adoption Report",
                     created=dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC))
    return read_document(path)


def test_pages_metadata_and_line_numbers(tmp_path):
    document = _document(tmp_path)
    assert (document.format, document.pages, document.title, document.created) == (
        "pdf", 3, "Eastvale Annual Adoption Report", "2025-06-30")
    lines = document.text.split("\n")
    for block in document.blocks:
        assert lines[block.line - 1].strip()[:15] == block.text[:15]
    assert [b.page for b in document.blocks if b.text.startswith(("1 Intro", "2 Perf", "Page three"))] == [1, 2, 3]


def test_wrapped_lines_join_and_gaps_split_paragraphs(tmp_path):
    document = _document(tmp_path)
    texts = [b.text for b in document.blocks if b.page == 1]
    assert texts == ["1 Introduction", LONG, "A second paragraph of one line.", "Adopters",
                     "Twelve enquiries were received each month on average."]
    assert document.blocks[1].line == 2  # the wrapped paragraph starts on the line after the heading


def test_headings_from_font_and_tables_lists_on_page_two(tmp_path):
    document = _document(tmp_path)
    headings = [(b.text, b.level, b.bold) for b in document.headings()]
    assert headings == [("1 Introduction", 1, True), ("Adopters", None, True), ("2 Performance", 1, True)]
    page_two = [(b.kind, b.text) for b in document.blocks if b.page == 2]
    assert page_two[1:] == [("paragraph", "Year Days"), ("paragraph", "2022/23 488.0"),
                            ("paragraph", "2023/24 452.5"), ("paragraph", "2024/25 431.25"),
                            ("list_item", "- 29 children placed"), ("list_item", "- 6 disruptions")]


def test_sentence_across_a_page_break_is_one_paragraph(tmp_path):
    path = write_pdf([["The panel recommended matches for"], ["nine children in the autumn."]], tmp_path / "b.pdf")
    document = read_document(path)
    assert [(b.text, b.page, b.line) for b in document.blocks] == [
        ("The panel recommended matches for nine children in the autumn.", 1, 1)]
    assert document.title is None


def test_larger_type_alone_marks_a_heading_but_not_a_sentence(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 10, "Adoption Support", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 10, "This large line is a sentence.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for text in ("Body text one about support.", "Body text two about support.", "Body text three.",
                 "Body text four."):
        pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "sizes.pdf"
    pdf.output(str(path))
    document = read_document(path)
    assert [(b.text, b.bold) for b in document.headings()] == [("Adoption Support", False)]


def test_page_furniture_makes_no_blocks_but_keeps_its_lines(tmp_path):
    pages = [
        ["Northfold Adoption Service Annual Report 2024-25", "The panel recommended matches for", "",
         "Northfold Council - page 1", "1"],
        ["Northfold Adoption Service Annual Report 2024-25", "nine children in the autumn.", "",
         "Northfold Council - page 2", "2"],
        ["Northfold Adoption Service Annual Report 2024-25", "Approvals rose to 41 households.", "",
         "Northfold Council - page 3", "Page 3 of 3"],
    ]
    document = read_document(write_pdf(pages, tmp_path / "furniture.pdf"))
    assert [(b.text, b.page) for b in document.blocks] == [
        ("The panel recommended matches for nine children in the autumn.", 1),
        ("Approvals rose to 41 households.", 3)]
    assert len(document.meta["running_lines"]) == 9
    lines = document.text.split("\n")
    assert lines[0] == "Northfold Adoption Service Annual Report 2024-25" and len(lines) == 12
    assert lines[document.blocks[1].line - 1] == "Approvals rose to 41 households."


def test_a_text_layer_of_replacement_characters_counts_as_unreadable():
    from adoption_audit.documents.pdf import _unreadable_share

    garbage = [("\ufffd\ufffd\ufffd \x01\x03\x04 41", 1, 800.0, 10.0, 11.0, False)]
    readable = [("The agency approved 41 households – “up” from 37.", 1, 800.0, 10.0, 11.0, False)]
    assert _unreadable_share(garbage) > 0.5
    assert _unreadable_share(readable) == 0.0
