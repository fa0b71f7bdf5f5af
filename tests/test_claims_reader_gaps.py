"""Reader behaviours the report audit depends on: parts of a total and their named dimensions, baselines of a
comparison, unique ids, one name per authority, section periods, sign-off dates, and year ranges passed on."""

from __future__ import annotations

from pathlib import Path

import pytest
from adoption_audit.nlp.claims import extract_claims

HEAD = "Eastvale and Westmoor Adoption Agency\n\nAnnual Report\n1st April 2022 - 31st March 2023\n\n"


def read(tmp_path: Path, body: str, name: str = "report.txt", head: str = HEAD):
    path = tmp_path / name
    path.write_text(head + body, encoding="utf-8")
    return extract_claims([(path, name)])


def by_value(extraction, value, **where):
    found = [c for c in extraction.claims if c.value == value and all(getattr(c, k) == v for k, v in where.items())]
    assert found, [(c.value, c.metric, c.kind) for c in extraction.claims]
    return found[0]


def test_a_qualifier_after_the_wording_does_not_veto_the_metric(tmp_path):
    extraction = read(tmp_path, "During the year 29 adopter households were approved, all within the six month "
                                "timescale.\n\n5 households completed within the six month timescale.\n")
    assert by_value(extraction, 29).metric == "adopters_approved"
    assert by_value(extraction, 5).metric != "adopters_approved"  # the share within timescale stays vetoed


def test_of_the_total_opens_a_breakdown_by_ethnicity(tmp_path):
    extraction = read(tmp_path, "Of the 29 households approved, 21 were White British, 5 were Black African and "
                                "3 were of mixed heritage.\n")
    total = by_value(extraction, 29)
    parts = [c for c in extraction.claims if c.kind == "part"]
    assert [(p.value, p.total_of, p.metric) for p in parts] == [(21, total.id, "adopters_approved")] + [
        (5, total.id, "adopters_approved"), (3, total.id, "adopters_approved")]
    assert [p.breakdown for p in parts] == [{"ethnicity": "white_british"}, {"ethnicity": "black_african"},
                                            {"ethnicity": "mixed_heritage"}]


def test_of_those_restates_the_total_and_splits_it_by_authority(tmp_path):
    extraction = read(tmp_path, "31 adoption orders were granted this year.\n\nOf those 31 adoption orders, 19 were "
                                "for Eastvale children and 12 were for Westmoor children.\n")
    second = [c for c in extraction.claims if c.value == 31][1]
    parts = [c for c in extraction.claims if c.kind == "part"]
    assert [(p.value, p.total_of, p.breakdown) for p in parts] == [
        (19, second.id, {"authority": "Eastvale"}), (12, second.id, {"authority": "Westmoor"})]


def test_a_breakdown_in_the_next_sentence_splits_the_total_it_fits(tmp_path):
    extraction = read(tmp_path, "- 30 adopters were approved in this period. 3 of these approvals were child "
                                "specific. 22 were White British, 6 were Asian Indian and 1 mixed heritage household.\n")
    total = by_value(extraction, 30)
    parts = [c for c in extraction.claims if c.kind == "part"]
    assert {p.total_of for p in parts} == {total.id} and [p.value for p in parts] == [22, 6, 1]
    assert all("ethnicity" in p.breakdown for p in parts)
    assert by_value(extraction, 3).metric == "adopters_approved_child_specific"


@pytest.mark.parametrize("sentence,dimension,values", [
    ("A total of 40 children were placed for adoption: 28 with our own adopters and 12 with other agencies.",
     "placement", ["in_house", "inter_agency"]),
    ("In the year 40 children were placed for adoption: 28 in-house and 12 inter-agency.", "placement",
     ["in_house", "inter_agency"]),
    ("Of the 40 children placed for adoption, 22 were boys and 18 were girls.", "sex", ["M", "F"]),
    ("Of the 40 children placed for adoption, 25 were aged 0-2 and 15 were aged 3-4.", "age_band", ["0-2", "3-4"]),
])
def test_parts_are_labelled_with_the_dimension_their_words_name(tmp_path, sentence, dimension, values):
    extraction = read(tmp_path, sentence + "\n")
    parts = [c for c in extraction.claims if c.kind == "part"]
    assert [p.breakdown for p in parts] == [{dimension: v} for v in values]
    assert {p.metric for p in parts} == {"children_placed"}


def test_the_baseline_after_on_is_a_previous_figure(tmp_path):
    extraction = read(tmp_path, "A1, the average number of days from entering care to moving in with the adoptive "
                                "family, was 390 days, an improvement of 25 days on 415 days in 2021-22.\n")
    stated, baseline = by_value(extraction, 390), by_value(extraction, 415)
    assert (baseline.kind, baseline.metric, baseline.period, baseline.compared_to) == (
        "previous", "a1_days", "2021-22", stated.id)


def test_a_threshold_beside_a_figure_is_the_measures_threshold(tmp_path):
    extraction = read(tmp_path, "A2, the average time between a placement order and being matched, was 171 days "
                                "against the DfE threshold of 121 days.\n")
    assert (by_value(extraction, 171).kind, by_value(extraction, 171).metric) == ("stated", "a2_days")
    assert (by_value(extraction, 121).kind, by_value(extraction, 121).metric) == ("target", "a2_threshold_days")


def test_applicants_in_stage_one_are_a_stock_not_the_years_starts(tmp_path):
    extraction = read(tmp_path, "At 31st March 2023 there were 20 adopter applicants in stage one.\n\n"
                                "During the year 61 households started stage one.\n")
    assert by_value(extraction, 20).metric != "stage_one_starts"
    assert by_value(extraction, 61).metric == "stage_one_starts"


def test_claim_ids_are_unique_across_documents(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text(HEAD + "12 adopter households were approved. The panel met for 3 weeks.\n", encoding="utf-8")
    second = tmp_path / "b.txt"
    second.write_text(HEAD + "14 adopter households were approved.\n", encoding="utf-8")
    extraction = extract_claims([(first, "a.txt"), (second, "b.txt")])
    ids = [c.id for c in extraction.claims]
    assert len(ids) == len(set(ids)) and {c.document for c in extraction.claims} == {"doc1", "doc2"}


def test_one_name_per_authority_however_it_is_written(tmp_path):
    head = "Northshire County Council\n\nAdoption Report\n1st April 2022 - 31st March 2023\n\n"
    extraction = read(tmp_path, "In Northshire 12 adoption orders were granted. Northshire County Council approved "
                                "14 adopter households.\n", head=head)
    (document,) = extraction.documents
    assert document.authorities == ["Northshire"]
    assert {c.entity for c in extraction.claims} == {"Northshire"}


def test_a_lead_in_naming_a_year_sets_the_period_of_the_list_under_it(tmp_path):
    extraction = read(tmp_path, "2. The year before\n\nAdoption activity in 2021-22 is summarised below\n\n"
                                "- 24 adopter households were approved.\n- 36 adoption orders were granted.\n")
    assert by_value(extraction, 24).period == by_value(extraction, 36).period == "2021-22"


def test_a_sign_off_of_name_title_and_date_is_the_date_written(tmp_path):
    extraction = read(tmp_path, "12 adopter households were approved.\n\nSam Okafor\nHead of Adoption and "
                                "Permanence\n12 July 2023\n")
    assert extraction.documents[0].published == "2023-07-12"
    sentence = read(tmp_path, "12 adopter households were approved.\n\nThe panel next meets in September 2023\n",
                    name="other.txt")
    assert sentence.documents[0].published is None


def test_year_ranges_in_sentences_without_figures_are_passed_on(tmp_path):
    extraction = read(tmp_path, "The Adoption Strategy 2024-2019 was agreed by both councils.\n\n"
                                "12 adopter households were approved.\n")
    assert [(r.text, r.quote[r.char_start:r.char_end]) for r in extraction.year_ranges] == [("2024-2019",
                                                                                              "2024-2019")]


def test_a_caption_merged_into_a_row_does_not_label_the_rows_figure(tmp_path):
    extraction = read(tmp_path, "A1 - Average days between entering care and moving in with the adoptive family\n\n"
                                "Average for 2019-2021 455 A2 - Average days between the placement order and the "
                                "match decision\n\nIn 2022-23 the A2 figure was 190 days.\n")
    assert by_value(extraction, 455).metric != "a2_days"
    assert by_value(extraction, 190).metric == "a2_days"


def test_a_lead_in_naming_one_council_sets_the_authority_of_the_list_under_it(tmp_path):
    extraction = read(tmp_path, "2.4 The key points for Westmoor from this report are:\n\n"
                                "2.5 9 children were adopted from care in 2022/23.\n\n3. Panels\n\n"
                                "3.1 12 adoption panels were held.\n")
    assert by_value(extraction, 9).entity == "Westmoor"
    assert by_value(extraction, 12).entity is None


def test_a_whole_number_of_days_stands_for_its_rounding(tmp_path):
    extraction = read(tmp_path, "A1, the average days from entering care to moving in with the adoptive family, "
                                "was 413 days. 41 adopter households were approved.\n")
    days, count = by_value(extraction, 413), by_value(extraction, 41)
    assert (days.low, days.high) == (412.5, 413.5) and (count.low, count.high) == (41, 41)
