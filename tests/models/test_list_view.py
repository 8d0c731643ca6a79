"""Merge, filter and sort of list rows (pure)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import FIXED_NOW
from tests.screens.fakes import fleet, summary
from tui.aws.jobs import ListFilters
from tui.models.list_view import (
    FilterError,
    JobListModel,
    LocalFilter,
    SortSpec,
    compile_filter,
    delta_filters,
    filter_rows,
    matches_server_filters,
    sort_rows,
)
from tui.models.summary import DescribeExtras, JobRow, row_from_summary

NOW = FIXED_NOW.timestamp()


def rows() -> list[JobRow]:
    return [row_from_summary(s) for s in fleet()]


def view_of(*summaries: dict[str, object]) -> JobListModel:
    view = JobListModel()
    view.merge(row_from_summary(s) for s in summaries)
    view.update(NOW)
    return view


def names(items: list[JobRow]) -> list[str]:
    return [row.name for row in items]


# -- merge ------------------------------------------------------------------------------------
def test_merge_reports_added_and_changed_but_not_unchanged() -> None:
    view = JobListModel()
    first = view.merge(rows())
    assert len(first.added) == 12 and not first.changed
    again = view.merge(rows())
    assert not again
    changed = summary("llama-pretrain-shard-07", "Completed", age=45 * 60, ran=600)
    result = view.merge([row_from_summary(changed), row_from_summary(summary("new-job"))])
    assert result.changed == {"llama-pretrain-shard-07"}
    assert result.added == {"new-job"}
    assert view.rows["llama-pretrain-shard-07"].status == "Completed"


def test_retain_drops_jobs_a_full_list_did_not_return() -> None:
    view = JobListModel()
    view.merge(rows())
    removed = view.retain({"gpt2-small-eval", "bert-base-uncased-sst2"})
    assert len(removed) == 10
    view.update(NOW)
    assert sorted(names(view.view)) == ["bert-base-uncased-sst2", "gpt2-small-eval"]


def test_extras_apply_to_present_and_later_rows_without_counting_as_changes() -> None:
    view = JobListModel()
    view.merge(rows())
    extras = {"gpt2-small-eval": DescribeExtras("ml.g5.xlarge x1", 120.0)}
    assert view.set_extras(extras) == {"gpt2-small-eval"}
    assert view.rows["gpt2-small-eval"].instance == "ml.g5.xlarge x1"
    # The next list page carries the summary without extras: not a change of the job.
    assert not view.merge(rows())
    assert view.rows["gpt2-small-eval"].billable == 120.0
    assert view.set_extras(extras) == set()


# -- filters ----------------------------------------------------------------------------------
def test_name_filter_is_a_case_insensitive_substring() -> None:
    view = view_of(*fleet())
    view.set_filter(LocalFilter(text="XGBOOST"))
    assert names(view.update(NOW)) == [
        "xgboost-churn-daily-2026-11-26",
        "xgboost-churn-daily-2026-11-25",
        "xgboost-churn-daily-2026-11-24",
    ]


def test_tilde_makes_a_regular_expression() -> None:
    view = view_of(*fleet())
    view.set_filter(LocalFilter(text="~^bert-(large|base)"))
    assert sorted(names(view.update(NOW))) == [
        "bert-base-uncased-sst2",
        "bert-large-finetune-2026-11-26-11-40",
    ]


def test_bad_regex_raises_one_sentence_and_keeps_the_previous_filter() -> None:
    view = view_of(*fleet())
    view.set_filter(LocalFilter(text="bert"))
    with pytest.raises(FilterError, match="bad regular expression"):
        view.set_filter(LocalFilter(text="~bert("))
    assert view.filter.text == "bert"
    assert len(view.update(NOW)) == 2


def test_status_and_warm_pool_filters() -> None:
    all_rows = rows()
    failed = filter_rows(all_rows, compile_filter(LocalFilter(statuses=frozenset({"Failed"}))))
    assert names(failed) == ["gpt2-small-eval", "whisper-medium-finetune-ja"]
    anywarm = filter_rows(all_rows, compile_filter(LocalFilter(warm_pool="*")))
    assert len(anywarm) == 3
    reused = filter_rows(all_rows, compile_filter(LocalFilter(warm_pool="Reused")))
    assert names(reused) == ["xgboost-churn-daily-2026-11-25"]
    both = filter_rows(
        all_rows, compile_filter(LocalFilter(text="churn", statuses=frozenset({"Completed"}), warm_pool="*"))
    )
    assert len(both) == 3


def test_filter_describe_for_the_header() -> None:
    spec = LocalFilter(text="bert", statuses=frozenset({"Failed"}), warm_pool="*")
    assert spec.describe() == "/bert status=Failed warm-pool=any"
    assert not LocalFilter().active and spec.active


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from("abcxgbert-0123"), min_size=1, max_size=6))
def test_typing_letter_by_letter_gives_the_same_view_as_filtering_at_once(letters: list[str]) -> None:
    # The view narrows from the previous one while typing; it must equal a filter from scratch.
    typed = view_of(*fleet())
    text = ""
    for letter in letters:
        text += letter
        typed.set_filter(LocalFilter(text=text))
        typed.update(NOW)
    fresh = view_of(*fleet())
    fresh.set_filter(LocalFilter(text=text))
    assert names(typed.view) == names(fresh.update(NOW))


# -- sort -------------------------------------------------------------------------------------
def test_default_order_is_newest_first() -> None:
    view = view_of(*reversed(fleet()))
    assert names(view.view) == names(rows())


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize(
    "column", ["name", "status", "secondary", "created", "duration", "modified", "warm_pool", "billable"]
)
def test_every_column_sorts_both_ways(column: str, descending: bool) -> None:
    ordered = sort_rows(rows(), SortSpec(column, descending), NOW)
    from tui.models.list_view import sort_key

    keys = [sort_key(column, NOW)(row) for row in ordered]
    assert keys == sorted(keys, reverse=descending)


def test_ties_keep_newest_first() -> None:
    ordered = sort_rows(rows(), SortSpec("status", False), NOW)
    completed = [row for row in ordered if row.status == "Completed"]
    assert [row.created for row in completed] == sorted((row.created for row in completed), reverse=True)


def test_sort_by_duration_counts_running_jobs_up_to_now() -> None:
    ordered = sort_rows(rows(), SortSpec("duration", True), NOW)
    # whisper ran a day; the Stopping resnet job has been running 2h; the failed job has none.
    assert ordered[0].name == "whisper-medium-finetune-ja"
    assert ordered[-1].name == "gpt2-small-eval"


def test_sort_survives_merges() -> None:
    view = view_of(*fleet())
    view.set_sort(SortSpec("name", False))
    view.update(NOW)
    view.merge([row_from_summary(summary("aaa-first", age=10))])
    assert view.update(NOW)[0].name == "aaa-first"


# -- neighbours -------------------------------------------------------------------------------
def test_neighbour_follows_the_filtered_sorted_order() -> None:
    view = view_of(*fleet())
    view.set_filter(LocalFilter(text="xgboost"))
    view.update(NOW)
    assert view.neighbour("xgboost-churn-daily-2026-11-26", 1) == "xgboost-churn-daily-2026-11-25"
    assert view.neighbour("xgboost-churn-daily-2026-11-25", -1) == "xgboost-churn-daily-2026-11-26"
    assert view.neighbour("xgboost-churn-daily-2026-11-24", 1) is None
    assert view.neighbour("xgboost-churn-daily-2026-11-26", -1) is None
    assert view.neighbour("gpt2-small-eval", 1) is None  # filtered out


# -- server-side filters for deltas -------------------------------------------------------------
def test_server_filter_match_for_delta_rows() -> None:
    failed = row_from_summary(summary("bert-x", "Failed", ran=None))
    assert matches_server_filters(failed, ListFilters(status_equals="Failed"))
    assert not matches_server_filters(failed, ListFilters(status_equals="InProgress"))
    assert matches_server_filters(failed, ListFilters(name_contains="BERT"))
    assert not matches_server_filters(failed, ListFilters(warm_pool_status_equals="Available"))
    assert matches_server_filters(failed, ListFilters(creation_time_after=FIXED_NOW - timedelta(days=1)))
    assert not matches_server_filters(failed, ListFilters(creation_time_after=FIXED_NOW))
    assert not matches_server_filters(failed, ListFilters(creation_time_before=FIXED_NOW - timedelta(days=1)))


def test_delta_filters_drop_status_filters_and_keep_the_rest() -> None:
    filters = ListFilters(name_contains="bert", status_equals="InProgress", warm_pool_status_equals="InUse",
                          sort_by="Name")
    assert delta_filters(filters) == ListFilters(name_contains="bert")


def test_content_widths_follow_the_rows_held() -> None:
    """The widest value of the columns whose values vary (issue 17.4: spare width goes to them)."""
    from tui.models.list_view import WIDEN_AT_ONCE

    def row(name: str, secondary: str) -> JobRow:
        return row_from_summary({"TrainingJobName": name, "TrainingJobStatus": "Failed",
                                 "SecondaryStatus": secondary, "CreationTime": 1.0})

    model = JobListModel()
    model.merge([row("a", "Failed")])
    assert model.content_widths["secondary"] == len("Failed")
    model.merge([row("b", "MaxWaitTimeExceeded")])
    assert model.content_widths["secondary"] == len("MaxWaitTimeExceeded")
    model.set_extras({"a": DescribeExtras("ml.p4d.24xlarge x128", None)})
    assert model.content_widths["instance"] == len("ml.p4d.24xlarge x128")
    model.remove(["b"])
    assert model.content_widths["secondary"] == len("Failed")  # recounted after a removal
    many = [row(f"job-{i}", "LaunchingMLInstances" if i == 7 else "Training")
            for i in range(WIDEN_AT_ONCE + 1)]
    model.merge(many)
    assert model.content_widths["secondary"] == len("LaunchingMLInstances")
