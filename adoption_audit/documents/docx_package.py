"""The parts of a Word package the DOCX reader needs, read straight from the zip with lxml.

python-docx builds an object for every part, relationship, style and run; reading a 6,000-word CPR that
way took about 60 ms, most of it in those layers, and CPR QA reads many CPRs a second. This module opens
the package the way python-docx does (``[Content_Types].xml``, the relationship graph from
``_rels/.rels``, the main document found by its ``officeDocument`` relationship, styles by the document's
``styles`` relationship, core properties by the package's) and hands back the parsed XML roots. It refuses
the same broken packages python-docx refused: a missing content-types item, a relationship to a missing
member or to a part without a content type, a main part that is not a Word document, broken XML in any
part python-docx parses (document, styles, numbering, settings, headers, footers, comments, core
properties). It does not decompress parts whose content is never read (images, themes), so a damaged
image no longer makes the text unreadable.

Where a package lacks a styles part or core properties, python-docx's defaults are used, as before:
its default styles, and core properties titled "Word Document" with today's date as ``modified``.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
#: python-docx's own parser settings: blank text between elements dropped, entities never resolved.
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
#: Parts python-docx parses when it opens a package, so broken XML in any of them made the file unreadable.
_PARSED_TYPES = frozenset({CT.OPC_CORE_PROPERTIES, CT.WML_COMMENTS, CT.WML_DOCUMENT_MAIN, CT.WML_FOOTER,
                           CT.WML_HEADER, CT.WML_NUMBERING, CT.WML_SETTINGS, CT.WML_STYLES})


class MalformedPackage(Exception):
    """The package or its XML breaks a rule python-docx relies on; ``reason`` names the problem the way
    the python-docx reader reported it (``KeyError``, ``ValueError``, ``XMLSyntaxError`` …)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CoreFacts:
    title: str
    author: str
    created: object  # datetime | None, as python-docx parses it
    modified: object


@dataclass(frozen=True)
class WordPackage:
    """The document's parsed ``w:body``, the styles part as stored, and the core properties.

    The styles part is handed over unparsed: it is usually the biggest part (python-docx's template
    writes 350 kB of it, Word 50-300 kB) and the same in every CPR made from one template, so the reader
    parses it once per distinct content (``docx._styles_for``), not once per file.
    """

    body: etree._Element
    styles_xml: bytes  # parsed by the reader, which keeps the style facts of recent templates
    core: CoreFacts


@dataclass(frozen=True)
class _Rel:
    reltype: str | None
    external: bool
    target: str | None  # the part name (``/word/styles.xml``) for internal targets


def read_word_package(path: Path) -> WordPackage:
    """Open ``path`` (already known to be a zip) and parse the parts the reader uses.

    Raises MalformedPackage for anything python-docx would have refused.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive)
    except MalformedPackage:
        raise
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as error:
        raise MalformedPackage(type(error).__name__) from None
    except (zlib.error, EOFError):
        raise MalformedPackage("BadZipFile") from None


def _read(archive: zipfile.ZipFile) -> WordPackage:
    overrides, defaults = _content_types(_parse(archive.read("[Content_Types].xml")))
    rels = {"/": _rels_of(archive, "/")}
    parts: dict[str, str] = {}  # part name -> content type, in python-docx's walk order
    parsed: dict[str, etree._Element | bytes] = {}  # styles parts are kept as bytes, the others parsed
    _walk(archive, "/", rels, parts, parsed, overrides, defaults)

    document_name = _related(rels["/"], RT.OFFICE_DOCUMENT)
    if document_name is None:
        raise MalformedPackage("KeyError")  # no main document relationship
    if parts[document_name] != CT.WML_DOCUMENT_MAIN:
        raise MalformedPackage("ValueError")  # e.g. a macro-enabled .docm or a template renamed
    body = parsed[document_name].find(f"{W}body")
    if body is None:
        raise MalformedPackage("no document body")

    styles_name = _related(rels[document_name], RT.STYLES)
    if styles_name is None:
        from docx.parts.styles import StylesPart

        styles_xml = StylesPart._default_styles_xml()
    elif styles_name in parsed and parts[styles_name] == CT.WML_STYLES:
        styles_xml = parsed[styles_name]
    else:
        raise MalformedPackage("styles part of the wrong type")
    for name, content in parsed.items():  # other styles parts (a glossary's) python-docx parsed too
        if name != styles_name and isinstance(content, bytes):
            _parse(content)
    return WordPackage(body=body, styles_xml=styles_xml, core=_core(archive, rels["/"], parts))


def _parse(blob: bytes) -> etree._Element:
    return etree.fromstring(blob, _PARSER)


def _content_types(root) -> tuple[dict[str, str], dict[str, str]]:
    """Overrides by lower-cased part name, defaults by lower-cased extension (python-docx matches both
    without regard to case)."""
    overrides, defaults = {}, {}
    try:
        for override in root.iterchildren(f"{_CT_NS}Override"):
            overrides[override.get("PartName").lower()] = override.get("ContentType")
        for default in root.iterchildren(f"{_CT_NS}Default"):
            defaults[default.get("Extension").lower()] = default.get("ContentType")
    except AttributeError:
        raise MalformedPackage("content types without a part name") from None
    return overrides, defaults


def _content_type(name: str, overrides: dict, defaults: dict) -> str:
    if name.lower() in overrides:
        return overrides[name.lower()]
    extension = posixpath.splitext(name)[1]
    extension = extension.removeprefix(".")
    if extension.lower() in defaults:
        return defaults[extension.lower()]
    raise MalformedPackage("KeyError")  # no content type for the part


def _rels_of(archive: zipfile.ZipFile, source: str) -> list[tuple[str | None, _Rel]]:
    """A part's relationships ``(id, relationship)`` in file order; none when it has no rels item."""
    folder, filename = posixpath.split(source)
    try:
        blob = archive.read(posixpath.join(folder, "_rels", f"{filename}.rels")[1:])
    except KeyError:
        return []
    rels = []
    for element in _parse(blob).iterchildren(_REL):
        external = element.get("TargetMode", RTM.INTERNAL) == RTM.EXTERNAL
        target_ref = element.get("Target")
        if not external and target_ref is None:
            raise MalformedPackage("relationship without a target")
        target = None if external else posixpath.abspath(posixpath.join(folder, target_ref))
        rels.append((element.get("Id"), _Rel(element.get("Type"), external, target)))
    return rels


def _walk(archive, source: str, rels: dict, parts: dict, parsed: dict, overrides: dict, defaults: dict) -> None:
    """Depth first over the relationship graph, as python-docx's package reader walks it: each internal
    target must be a member with a content type; the parts python-docx parses are parsed."""
    for _, rel in rels[source]:
        name = rel.target
        if rel.external or name in parts:
            continue
        rels[name] = _rels_of(archive, name)
        archive.getinfo(name[1:])  # KeyError: the relationship points at nothing
        content_type = _content_type(name, overrides, defaults)
        parts[name] = content_type
        if content_type in _PARSED_TYPES and rel.reltype != RT.IMAGE:
            blob = archive.read(name[1:])
            parsed[name] = blob if content_type == CT.WML_STYLES else _parse(blob)
        _walk(archive, name, rels, parts, parsed, overrides, defaults)


def _related(rels: list[tuple[str | None, _Rel]], reltype: str) -> str | None:
    """The part a source relates to by ``reltype``; None when there is none; more than one is an error.

    Relationships are counted by id, a repeated id keeping the last, as python-docx's dict of them did.
    """
    matching = [rel for rel in dict(rels).values() if rel.reltype == reltype]
    if not matching:
        return None
    if len(matching) > 1 or matching[0].external:
        raise MalformedPackage("ValueError")
    return matching[0].target


def _core(archive, package_rels: list, parts: dict) -> CoreFacts:
    """Core properties read by python-docx's own element class, so dates parse exactly as before."""
    from docx.opc.coreprops import CoreProperties
    from docx.oxml.parser import parse_xml

    name = _related(package_rels, RT.CORE_PROPERTIES)
    if name is None:
        from docx.opc.parts.coreprops import CorePropertiesPart

        properties = CorePropertiesPart.default(None).core_properties
    else:
        if parts[name] != CT.OPC_CORE_PROPERTIES:
            raise MalformedPackage("core properties of the wrong type")
        properties = CoreProperties(parse_xml(archive.read(name[1:])))
    try:
        return CoreFacts(title=properties.title, author=properties.author, created=properties.created,
                         modified=properties.modified)
    except AttributeError:
        raise MalformedPackage("core properties of the wrong type") from None
