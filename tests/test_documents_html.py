"""HTML pages: headings, paragraphs, lists, tables, skipped chrome, entities, title."""

from __future__ import annotations

from adoption_audit.documents import read_document

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><meta name="dcterms.created" content="2025-07-14T10:00:00Z"><title>Northfold Adoption Annual Report 2024&ndash;25</title>
<style>p { color: red }</style><script>var secret = "do not read";</script></head>
<body>
<nav><ul><li>Home</li><li>Services</li></ul></nav>
<h1>Annual report</h1>
<p>The agency approved <b>41</b> adopter
   households &amp; matched 29 children.</p>
<h3><strong>Adopters</strong></h3>
<ul><li>12 enquiries a month</li><li>Average approval time of 6&nbsp;months</li></ul>
<div>A note outside any paragraph.</div>
<table>
  <thead><tr><th>Year</th><th>Placed</th></tr></thead>
  <tbody><tr><td>2023-24</td><td>25</td></tr><tr><td>2024-25</td><td>29</td></tr></tbody>
</table>
<table><tr><td>Second</td><td>table</td></tr></table>
<footer><p>Northfold Council</p></footer>
</body></html>
"""


def test_html_blocks_in_order(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(PAGE, encoding="utf-8")
    document = read_document(path)
    assert document.format == "html" and document.created == "2025-07-14"
    assert document.title == "Northfold Adoption Annual Report 2024–25"
    assert [(b.kind, b.text) for b in document.blocks] == [
        ("heading", "Annual report"),
        ("paragraph", "The agency approved 41 adopter households & matched 29 children."),
        ("heading", "Adopters"),
        ("list_item", "12 enquiries a month"),
        ("list_item", "Average approval time of 6 months"),
        ("paragraph", "A note outside any paragraph."),
        ("table_row", "Year | Placed"),
        ("table_row", "2023-24 | 25"),
        ("table_row", "2024-25 | 29"),
        ("table_row", "Second | table"),
        ("paragraph", "Northfold Council"),
    ]
    adopters = document.blocks[2]
    assert adopters.level == 3 and adopters.bold
    assert [(b.table, b.row, b.cells) for b in document.blocks if b.kind == "table_row"] == [
        (0, 0, ("Year", "Placed")), (0, 1, ("2023-24", "25")), (0, 2, ("2024-25", "29")), (1, 0, ("Second", "table"))]
    assert [b.line for b in document.blocks] == list(range(1, 12))
    assert "secret" not in document.text and "Services" not in document.text


def test_html_in_windows_1252(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes("<p>Spend of £2,400 – agreed</p>".encode("cp1252"))
    document = read_document(path)
    assert document.encoding == "cp1252" and document.blocks[0].text == "Spend of £2,400 – agreed"
    assert document.title is None and document.created is None
