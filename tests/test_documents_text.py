"""Plain text and markdown: encodings, paragraphs, lists, headings, flattened tables, pages."""

from __future__ import annotations

import pytest

from adoption_audit.documents import DOCUMENT_SUFFIXES, Block, ExtractedDocument, read_document
from adoption_audit.documents.shapes import heading_shape, is_table_like

REPORT = """\
1 PURPOSE OF THE REPORT

1.1 This report sets out the work of the Westmarch regional adoption agency for the
year to 31 March 2025, for members of the scrutiny panel.
1.2 The agency approved 41 adopter households during the year, up from 37 in the
previous year.

2 PERFORMANCE

Year Days from entering care to placement
2021/22 512.5
2022/23 488.0
2023/24 No children
2024/25 431.25

Children Placed With Adopters
The agency placed 29 children with their adoptive families in the year, of whom
11 were in sibling groups.

Key messages:
- 29 children placed
- 41 households approved, a rise of
  four on the year
• 6 disruptions
1. first numbered point
a) lettered point
(ii) roman point
"""


def _write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _by_text(document: ExtractedDocument, start: str) -> Block:
    return next(block for block in document.blocks if block.text.startswith(start))


def test_numbered_report_paragraphs_join_wrapped_lines_and_keep_first_line(tmp_path):
    document = read_document(_write(tmp_path, "report.txt", REPORT))
    first = _by_text(document, "1.1 ")
    assert first.text == ("1.1 This report sets out the work of the Westmarch regional adoption agency for the "
                          "year to 31 March 2025, for members of the scrutiny panel.")
    assert (first.line, first.kind, first.page) == (3, "paragraph", None)
    second = _by_text(document, "1.2 ")  # no blank line before it: the section number starts it
    assert second.line == 5 and second.text.endswith("up from 37 in the previous year.")
    assert document.text.split("\n")[second.line - 1].startswith("1.2 The agency")


def test_headings_numbered_caps_and_title_case(tmp_path):
    document = read_document(_write(tmp_path, "report.txt", REPORT))
    headings = [(b.text, b.level, b.line) for b in document.headings()]
    assert headings == [("1 PURPOSE OF THE REPORT", 1, 1), ("2 PERFORMANCE", 1, 8),
                        ("Children Placed With Adopters", None, 16)]
    assert document.title == "1 PURPOSE OF THE REPORT"
    # "Key messages:" ends with a colon: a lead-in, not a heading
    assert _by_text(document, "Key messages").kind == "paragraph"


def test_flattened_table_keeps_one_block_per_row(tmp_path):
    document = read_document(_write(tmp_path, "report.txt", REPORT))
    rows = [b for b in document.blocks if 11 <= b.line <= 14]
    assert [b.text for b in rows] == ["2021/22 512.5", "2022/23 488.0", "2023/24 No children", "2024/25 431.25"]
    assert all(b.kind == "paragraph" for b in rows)
    assert _by_text(document, "Year Days").line == 10


def test_list_markers_each_start_a_list_item_and_continuations_join(tmp_path):
    document = read_document(_write(tmp_path, "report.txt", REPORT))
    items = [b.text for b in document.blocks if b.kind == "list_item"]
    assert items == ["- 29 children placed", "- 41 households approved, a rise of four on the year",
                     "• 6 disruptions", "1. first numbered point", "a) lettered point", "(ii) roman point"]


def test_cp1252_export_is_decoded_and_recorded(tmp_path):
    text = "Adoption Support Fund spend was £1,622.50 – the agency’s “highest” yet.\r\n"
    document = read_document(_write(tmp_path, "export.txt", text.encode("cp1252")))
    assert document.encoding == "cp1252"
    assert document.blocks[0].text == "Adoption Support Fund spend was £1,622.50 – the agency’s “highest” yet."


@pytest.mark.parametrize(("prefix", "encoding"), [(b"", "utf-8"), (b"\xef\xbb\xbf", "utf-8-sig")])
def test_utf8_with_and_without_bom(tmp_path, prefix, encoding):
    document = read_document(_write(tmp_path, "a.txt", prefix + "Café panel met 12 times.".encode()))
    assert document.encoding == encoding
    assert document.blocks[0].text == "Café panel met 12 times."
    assert document.blocks[0].line == 1


def test_form_feeds_are_pages_and_do_not_shift_lines(tmp_path):
    text = "Page one paragraph\nstill page one.\n\fPage two starts here.\n\nMore on two.\n\f\fPage four text.\n\f"
    document = read_document(_write(tmp_path, "paged.txt", text))
    assert [(b.text, b.page, b.line) for b in document.blocks] == [
        ("Page one paragraph still page one.", 1, 1), ("Page two starts here.", 2, 3),
        ("More on two.", 2, 5), ("Page four text.", 4, 6)]
    assert document.pages == 4


def test_sentence_cut_by_blank_line_is_joined(tmp_path):
    text = "The panel considered the matches for\n\nseven children during the spring.\n"
    document = read_document(_write(tmp_path, "double.txt", text))
    assert [b.text for b in document.blocks] == [
        "The panel considered the matches for seven children during the spring."]


def test_signature_block_is_not_taken_for_headings(tmp_path):
    text = "Report author\nJo Marlowe\nTeam Manager\n\nSigned on 3 May 2025.\n"
    document = read_document(_write(tmp_path, "sig.txt", text))
    assert document.headings() == []


def test_markdown_headings_tables_and_bold(tmp_path):
    text = """# Annual report 2024-25

## Adopters

**Summary of the year**

The agency approved 41 households.

| Year | Approved |
| --- | --- |
| 2023-24 | 37 |
| 2024-25 | 41 |

* a bullet
"""
    document = read_document(_write(tmp_path, "r.md", text))
    assert document.format == "md" and document.title == "Annual report 2024-25"
    assert [(b.text, b.level, b.line) for b in document.headings()][:2] == [
        ("Annual report 2024-25", 1, 1), ("Adopters", 2, 3)]
    summary = _by_text(document, "Summary")
    assert summary.bold and summary.text == "Summary of the year"
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [(r.cells, r.table, r.row, r.line) for r in rows] == [
        (("Year", "Approved"), 0, 0, 9), (("2023-24", "37"), 0, 1, 11), (("2024-25", "41"), 0, 2, 12)]
    assert rows[1].text == "2023-24 | 37"
    assert document.blocks[-1].kind == "list_item"


def test_shapes_are_conservative():
    assert heading_shape("3.2 Health and development") == (True, 2)
    assert heading_shape("HEALTH") == (True, None)
    assert heading_shape("Contact With Birth Family") == (True, None)
    assert heading_shape("Contact with birth family", allow_title_case=True)[0] is False
    assert heading_shape("The panel met twelve times.")[0] is False
    assert heading_shape("2.5 6 children were adopted")[0] is False
    assert heading_shape("31 March 2025")[0] is False
    assert is_table_like("0-2 34 24") and is_table_like("Year end 2017 34 368.8")
    assert not is_table_like("The agency approved 41 adopter households this year, up from 37 last year")


def test_document_suffixes_cover_the_contract_formats():
    assert {".txt", ".md", ".pdf", ".docx", ".html"} <= DOCUMENT_SUFFIXES


def test_words_and_year_ranges_split_across_lines_are_rejoined(tmp_path):
    text = "Placement stability improved for the year 2023-\n24 and the adop-\ntion support offer grew.\n"
    document = read_document(_write(tmp_path, "wrap.txt", text))
    assert document.blocks[0].text == "Placement stability improved for the year 2023-24 and the adoption support offer grew."


def test_label_and_figure_lines_and_short_capitals_are_not_headings(tmp_path):
    text = "Ethnicity: 12 White British\n\nThe children placed this year were mostly under the age of four.\n\nLCC 2023/24\n\nMore text follows here in a plain sentence.\n"
    document = read_document(_write(tmp_path, "labels.txt", text))
    assert document.headings() == []


def test_short_numbered_first_line_continued_in_lower_case_is_not_a_heading(tmp_path):
    text = ("3.1 The panel met on\nfive occasions in the spring.\n\n3.2 Health and development\n"
            "Robin is healthy and has had all immunisations; the paediatrician has no concerns at present.\n")
    document = read_document(_write(tmp_path, "n.txt", text))
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("paragraph", "3.1 The panel met on five occasions in the spring."),
        ("heading", "3.2 Health and development"),
        ("paragraph", "Robin is healthy and has had all immunisations; the paediatrician has no concerns at present."),
    ]
