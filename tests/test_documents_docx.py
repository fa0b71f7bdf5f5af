"""Word documents: body order, headings by style and by look, lists, tables, metadata."""

from __future__ import annotations

import datetime as dt

import docx
from support.documents import write_docx

from adoption_audit.documents import read_document

CPR = [
    ("title", "Child Permanence Report"),
    ("heading1", "Section 1: The child"),
    ("paragraph", "Robin was born at Eastvale General Hospital and lives with foster carers."),
    ("bold", "Health and Development"),
    ("paragraph", [("Robin's ", False), ("health", True), (" is monitored by the looked-after nurse.", False)]),
    ("paragraph", "3.2 Education"),
    ("paragraph", "Robin attends a nursery three mornings a week."),
    ("paragraph", "WISHES AND FEELINGS"),
    ("paragraph", "Robin is too young to give a view; carers describe a settled, cheerful child."),
    ("bullet", "Letterbox contact twice a year with the birth mother"),
    ("numbered", "Adoption plan agreed at the looked-after review"),
    ("numbered", "Placement order granted"),
    ("heading2", "Chronology"),
    ("table", [["Date", "Event", "Source"], ["04/05/2022", "Born", "Health records"],
               ["10/01/2023", "Placed with foster carers", None]]),
    ("paragraph", "The paragraph after the table keeps its place."),
]


def test_blocks_in_body_order_with_tables_interleaved(tmp_path):
    document = read_document(write_docx(CPR, tmp_path / "cpr.docx"))
    kinds = [b.kind for b in document.blocks]
    assert kinds == ["heading", "heading", "paragraph", "heading", "paragraph", "heading", "paragraph", "heading",
                     "paragraph", "list_item", "list_item", "list_item", "heading", "table_row", "table_row",
                     "table_row", "paragraph"]
    assert [b.line for b in document.blocks] == list(range(1, len(document.blocks) + 1))
    lines = document.text.split("\n")
    assert all(lines[b.line - 1] == b.text for b in document.blocks)
    assert document.blocks[-1].text == "The paragraph after the table keeps its place."


def test_headings_by_style_and_by_look(tmp_path):
    document = read_document(write_docx(CPR, tmp_path / "cpr.docx"))
    headings = {b.text: (b.level, b.style, b.bold) for b in document.headings()}
    assert headings["Child Permanence Report"][:2] == (0, "Title")
    assert headings["Section 1: The child"][:2] == (1, "Heading 1")
    assert headings["Chronology"][:2] == (2, "Heading 2")
    assert headings["Health and Development"] == (None, "Normal", True)  # bold by look
    assert headings["3.2 Education"][0] == 2  # numbered by look
    assert "WISHES AND FEELINGS" in headings  # capitals by look
    partly_bold = next(b for b in document.blocks if b.text.startswith("Robin's health"))
    assert partly_bold.kind == "paragraph" and not partly_bold.bold


def test_lists_and_table_rows(tmp_path):
    document = read_document(write_docx(CPR, tmp_path / "cpr.docx"))
    items = [(b.text, b.style) for b in document.blocks if b.kind == "list_item"]
    assert items == [("Letterbox contact twice a year with the birth mother", "List Bullet"),
                     ("Adoption plan agreed at the looked-after review", "List Number"),
                     ("Placement order granted", "List Number")]
    rows = [b for b in document.blocks if b.kind == "table_row"]
    assert [(r.table, r.row) for r in rows] == [(0, 0), (0, 1), (0, 2)]
    assert rows[0].cells == ("Date", "Event", "Source")
    assert rows[1].text == "04/05/2022 | Born | Health records"
    # the merged cell is given once, not once per grid column
    assert rows[2].cells == ("10/01/2023", "Placed with foster carers")


def test_vertically_merged_cell_is_not_repeated(tmp_path):
    path = tmp_path / "merged.docx"
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Sibling", "Placement"
    table.cell(1, 0).text, table.cell(2, 0).text = "Alex", "Jamie"
    table.cell(1, 1).text = "Together with foster carers"
    table.cell(1, 1).merge(table.cell(2, 1))
    document.save(str(path))
    rows = [b.cells for b in read_document(path).blocks]
    assert rows == [("Sibling", "Placement"), ("Alex", "Together with foster carers"), ("Jamie", "")]


def test_core_properties_title_and_created(tmp_path):
    path = write_docx(CPR, tmp_path / "cpr.docx", title="CPR for Robin", created=dt.datetime(2025, 2, 14, 9, 30))
    document = read_document(path)
    assert (document.format, document.title, document.created, document.pages) == (
        "docx", "CPR for Robin", "2025-02-14", None)


def test_title_falls_back_to_first_heading(tmp_path):
    path = write_docx([("heading1", "Adoption Panel Report"), ("paragraph", "Text.")], tmp_path / "p.docx",
                      title="")
    assert read_document(path).title == "Adoption Panel Report"


def test_long_bold_sentence_is_not_a_heading(tmp_path):
    sentence = "This whole paragraph is bold because the author wanted it to stand out to the panel."
    document = read_document(write_docx([("bold", sentence)], tmp_path / "b.docx"))
    assert document.blocks[0].kind == "paragraph" and document.blocks[0].bold


def test_word_numbered_bold_heading_and_list_paragraph_without_numbering(tmp_path):
    path = tmp_path / "numbered.docx"
    document = docx.Document()
    heading = document.add_paragraph(style="List Number")
    heading.add_run("Birth Family").bold = True
    document.add_paragraph("Indented but not numbered text about the family.", style="List Paragraph")
    document.add_paragraph("Mother's details recorded.", style="List Number")
    document.save(str(path))
    blocks = read_document(path).blocks
    assert [(b.kind, b.bold) for b in blocks] == [("heading", True), ("paragraph", False), ("list_item", False)]


def test_content_controls_and_multi_paragraph_cells_are_read(tmp_path):
    from docx.oxml import OxmlElement

    path = tmp_path / "template.docx"
    document = docx.Document()
    document.add_heading("Contact", level=1)
    wrapped = document.add_paragraph("Letterbox contact once a year with the birth mother.")
    inline = document.add_paragraph("Sibling contact: ")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Plan"
    table.cell(0, 1).text = "Monthly"
    table.cell(0, 1).add_paragraph("supervised")
    # a block-level content control around the paragraph, as agency templates do
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    wrapped._p.addprevious(sdt)
    sdt.append(content)
    content.append(wrapped._p)
    # an inline content control holding the answer inside a paragraph
    inline_sdt, inline_content, run, text = (OxmlElement(t) for t in ("w:sdt", "w:sdtContent", "w:r", "w:t"))
    text.text = "twice a year"
    run.append(text)
    inline_content.append(run)
    inline_sdt.append(inline_content)
    inline._p.append(inline_sdt)
    document.save(str(path))
    blocks = read_document(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Contact"),
        ("paragraph", "Letterbox contact once a year with the birth mother."),
        ("paragraph", "Sibling contact: twice a year"),
        ("table_row", "Plan | Monthly supervised"),
    ]


def test_text_box_text_is_not_read_twice_into_its_paragraph(tmp_path):
    from docx.oxml import parse_xml

    path = tmp_path / "box.docx"
    document = docx.Document()
    paragraph = document.add_paragraph("Robin enjoys music.")
    box = ('<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent>'
           '<mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Box note</w:t></w:r></w:p>'
           '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r>'
           '<w:t>Box note</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    paragraph._p.append(parse_xml(box))
    document.save(str(path))
    assert [b.text for b in read_document(path).blocks] == ["Robin enjoys music."]
