"""The content and whole-document checks, each shown to fire and to stay quiet where it must (precision)."""

from pathlib import Path

import pytest
from adoption_audit.nlp.cpr import content_checks as cc
from adoption_audit.nlp.cpr.check import check_cpr
from adoption_audit.nlp.cpr.dates import find_dates, leading_date, stated_age_months
from adoption_audit.nlp.cpr.names import Subject, find_name_slips, find_subject, known_people
from adoption_audit.nlp.cpr.placeholders import empty_cells, find_placeholders, strip_placeholders
from adoption_audit.nlp.cpr.pronouns import find_pronoun_slips, subject_sex

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cprs"


def test_health_needs_health_content():
    assert cc.check_health("Please see the attached medical report.")
    assert cc.check_health("Her immunisations are up to date, her weight is on the 25th centile and hearing is normal.") is None


def test_wishes_record_views_or_what_was_tried():
    assert cc.check_child_wishes("Not known.")
    assert cc.check_child_wishes("Ellie is too young to give her views.")
    assert cc.check_child_wishes("Ellie is too young to give her views; the social worker observed her at play "
                                 "with her carers, where she is relaxed.") is None
    assert cc.check_child_wishes("He told me he wants a dog and a garden.") is None
    assert cc.check_birth_parents_wishes("The parents' views are not known.")
    assert cc.check_birth_parents_wishes("Her views are not known: letters were sent and she was invited to two "
                                         "meetings but did not respond.") is None
    assert cc.check_birth_parents_wishes("The mother opposes adoption.") is None


def test_birth_father_unknown_needs_efforts():
    assert cc.check_birth_father("The father is not known.")
    assert cc.check_birth_father("The father is not known. The mother was asked several times and police "
                                 "records were searched.") is None
    assert cc.check_birth_father("Mr Dean Cole is the father; he is 30 and lives locally.") is None


def test_siblings_need_together_or_apart_unless_none():
    assert cc.check_siblings("Ellie has two half-brothers, Jack and Leo, who live with their father.")
    assert cc.check_siblings("The sibling assessment recommends they are placed apart.") is None
    assert cc.check_siblings("Ellie is an only child.") is None


def test_contact_and_identity():
    assert cc.check_contact("Contact will be discussed later.")
    assert cc.check_contact("Letterbox contact once a year with her mother.") is None
    assert cc.check_identity("Ellie is White British.")
    assert cc.check_identity("Ellie is White British; her family are Catholic and speak English.") is None


def test_signoff_gaps():
    assert cc.signoff_gaps(["Social worker: Jo Bell", "Date: 01/02/2024"]) == ["manager"]
    assert cc.signoff_gaps(["Social worker | Jo Bell | 01/02/2024", "Team manager | Ann Roy | 03/02/2024"]) == []
    assert cc.signoff_gaps(["Team manager:", "Social worker: Jo Bell"]) == ["manager", "date"]


def test_placeholders():
    kinds = [h.kind for h in find_placeholders("Registered with [insert GP] on XX/XX/XXXX, TBC.")]
    assert kinds.count("placeholder") >= 3
    assert find_placeholders("Guidance: describe the child's personality.")[0].kind == "guidance"
    assert not find_placeholders("Ellie loves the Xbox and her friend Max.")
    assert not find_placeholders("Her key worker, Tabitha, is lovely.")  # "tbc" only as a whole, in capitals
    assert strip_placeholders("TBC") .strip() == ""
    assert empty_cells(("12/03/2021", "")) == [1]
    assert empty_cells(("", "")) == []


def test_dates_keep_precision():
    month = find_dates("in March 2021")[0]
    assert (month.earliest.day, month.latest.day, month.precision) == (1, 31, "month")
    assert not find_dates("31/02/2021")
    assert leading_date("2019 Mother's first child removed").precision == "year"
    assert stated_age_months("Age: 3 years 2 months")[:2] == (38, 38)
    assert stated_age_months("aged two")[:2] == (24, 35)


def test_subject_and_other_names():
    details = "Name: Ellie Rose Dawson\nKnown as: Ellie\nSex: Female"
    subject = find_subject(details, details)
    assert (subject.first, subject.surname) == ("Ellie", "Dawson")
    texts = {"siblings": "Ellie has a brother, Jack.", "child_details": details}
    known = known_people(texts, "Her foster carer Sandra reads to her. Dr Patel saw her.", subject)
    assert {"Jack", "Sandra"} <= known
    slips = find_name_slips("Keira enjoys nursery. Jack is her brother. Sandra's garden is big.", subject, known)
    assert [s.name for s in slips] == ["Keira"]


def test_pronouns_only_when_sure():
    subject = Subject("Ellie", "Dawson", frozenset({"Ellie"}))
    assert subject_sex("Sex: Female", "", subject) == "female"
    assert find_pronoun_slips("Ellie loves the park and he goes on the swings.", subject, "female")
    # a pronoun that may belong to someone else is left alone
    assert not find_pronoun_slips("Ellie loves her father and he visits weekly.", subject, "female")
    assert not find_pronoun_slips("Ellie and Jack play together; he is older.", subject, "female")
    assert not find_pronoun_slips("Ellie's carer says he is proud of her.", subject, "female")


def _text_cpr(tmp_path, extra_chronology="", age_line="Age: 3 years"):
    """A complete fixture CPR with lines added, written as a new text file."""
    text = (FIXTURES / "complete_numbered.txt").read_text(encoding="utf-8")
    text = text.replace("Known as: Poppy", f"Known as: Poppy\n\n{age_line}")
    marker = "16 September 2021 Interim care order granted."
    if extra_chronology:
        text = text.replace("\n13. Chronology\n", "\n13. Chronology\n\n" + extra_chronology + "\n")
    path = tmp_path / "cpr.txt"
    path.write_text(text, encoding="utf-8")
    return path, marker


@pytest.mark.parametrize("entry, flagged", [
    ("01/01/2019 Poppy started at Little Owls Nursery.", True),  # before her birth in March 2021
    ("01/01/2019 Midwife referral: Kayleigh pregnant, pre-birth assessment opened.", False),
    ("01/01/2017 Kayleigh's first child, Jayden, born and placed with his grandmother.", False),
    ("01/09/2024 Poppy placed with her adoptive family.", True),  # after the report (May 2024)
    ("01/09/2024 Final hearing listed for this date.", False),
])
def test_chronology_dates(tmp_path, entry, flagged):
    path, _ = _text_cpr(tmp_path, extra_chronology=entry)
    codes = [i.code for i in check_cpr(path, "cpr.txt").issues]
    assert ("date_inconsistency" in codes) is flagged, codes


@pytest.mark.parametrize("age, flagged", [("Age: 3 years", False), ("Age: 3 years 2 months", False),
                                          ("Age: 5 years", True), ("Age: 18 months", True)])
def test_stated_age(tmp_path, age, flagged):
    path, _ = _text_cpr(tmp_path, age_line=age)
    codes = [i.code for i in check_cpr(path, "cpr.txt").issues]
    assert ("date_inconsistency" in codes) is flagged, codes


def test_name_slips_possessive_hyphenated_and_places():
    subject = Subject("Ellie", "Dawson", frozenset({"Ellie"}))
    text = "Jayden's health is good. Ellie-Mae likes it. St Luke's Hospital is near. Mia-Rose is happy."
    assert [s.name for s in find_name_slips(text, subject, set())] == ["Jayden", "Mia-Rose"]


def test_a_pdf_cpr_is_read_and_checked(tmp_path):
    """A complete CPR printed to PDF (bold headings) comes out as it does from text."""
    from support.documents import write_pdf

    lines = []
    for line in (FIXTURES / "complete_numbered.txt").read_text(encoding="utf-8").splitlines():
        heading = line[:3].rstrip(". ").isdigit() and len(line.split()) <= 8
        lines.append((line, "heading") if heading else line)
    path = write_pdf([lines], tmp_path / "cpr.pdf")
    result = check_cpr(path, "cpr.pdf")
    assert [s.id for s in result.sections if s.status != "present"] == []
    assert result.ready_for_adm, [(i.code, i.section) for i in result.issues]


def test_stated_age_with_a_qualifier():
    assert stated_age_months("Age at the date of this report: 3 years 2 months")[:2] == (38, 38)
    assert stated_age_months("Age at date of report: 18 months")[:2] == (18, 18)
