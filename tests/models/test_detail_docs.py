"""Field documentation from botocore's service model (tui/models/docs.py)."""

from __future__ import annotations

from tui.models.docs import field_doc, strip_html, top_level_fields


def test_strip_html_keeps_paragraphs_bullets_and_link_text() -> None:
    html = (
        "<p>The <code>Status</code> of the pool.</p> <ul> <li> <p> <code>InUse</code>: in use.</p> </li>"
        ' <li><p>See <a href="https://x">the guide</a>.</p></li> </ul> <note><p>Billed &amp; kept.</p></note>'
    )
    assert strip_html(html) == (
        "The Status of the pool.\n  • InUse: in use.\n  • See the guide.\nNote: Billed & kept."
    )
    assert strip_html("") == ""


def test_documentation_of_a_nested_list_member() -> None:
    doc = field_doc(("ResourceConfig", "InstanceGroups", 0, "InstanceType"))
    assert doc.path == "ResourceConfig.InstanceGroups[0].InstanceType"
    assert doc.type_name == "string"
    assert doc.text == "Specifies the instance type of the instance group."
    assert "ml.p4d.24xlarge" in doc.enum


def test_documentation_of_a_map_value_and_of_a_status() -> None:
    assert field_doc(("HyperParameters", "lr")).path == "HyperParameters['lr']"
    warm = field_doc(("WarmPoolStatus", "Status"))
    assert warm.enum == ("Available", "Terminated", "Reused", "InUse")
    assert "• Reused: The warm pool moved to a matching training job for reuse." in warm.text


def test_a_field_the_model_does_not_know_says_so() -> None:
    doc = field_doc(("BrandNewField", "x"))
    assert not doc.known
    assert "newer API field" in doc.text


def test_top_level_fields_come_from_the_model() -> None:
    fields = top_level_fields()
    assert fields[0] == "TrainingJobName" and "WarmPoolStatus" in fields
