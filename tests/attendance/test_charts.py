"""The SVG chart module: well-formed, escaped, sized to its data."""

from __future__ import annotations

from confsite_plugins.attendance import charts
from lxml import etree

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str):
    return etree.fromstring(svg.encode())


def test_labels_are_escaped_and_charts_are_accessible():
    svg = charts.bar_chart([("<script>alert(1)</script> & co", 3)], title="A <b>title</b>", chart_id="x")
    tree = _parse(svg)
    assert tree.get("role") == "img" and tree.get("aria-labelledby") == "x-title x-desc"
    assert tree.find(f"{SVG}title").text == "A <b>title</b>"
    assert not list(tree.iter(f"{SVG}script"))
    assert "<script>alert" not in svg


def test_bars_scale_to_a_round_maximum():
    tree = _parse(charts.bar_chart([("a", 14), ("b", 7)], title="t", chart_id="c"))
    bars = [float(r.get("width")) for r in tree.iter(f"{SVG}rect")][1:]  # skip the background
    assert bars[0] == 2 * bars[1]
    axis = [t.text for t in tree.iter(f"{SVG}text")]
    assert "20" in axis  # 14 rounds up to a 20 axis


def test_columns_stay_inside_the_chart_for_many_days():
    labels = [f"d{i}" for i in range(1000)]
    svg = charts.column_chart(
        labels,
        [charts.Series("views", tuple(range(1000))), charts.Series("reported", tuple([5] * 1000))],
        title="Views",
        chart_id="v",
        width=640,
    )
    tree = _parse(svg)
    rects = list(tree.iter(f"{SVG}rect"))
    for rect in rects:
        assert float(rect.get("width")) > 0
        assert float(rect.get("x", 0)) + float(rect.get("width")) <= 640
    assert len(tree.find(f"{SVG}desc").text) < 200


def test_cumulative_line_ends_at_the_total():
    tree = _parse(charts.line_chart([("1 Jun", 2), ("2 Jun", 5), ("3 Jun", 9)], title="t", chart_id="l"))
    points = tree.find(f"{SVG}polyline").get("points").split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys, reverse=True)  # rising line: y decreases on screen
    assert "9" in [t.text for t in tree.iter(f"{SVG}text")]


def test_empty_data_says_so():
    assert "No data yet" in charts.bar_chart([], title="t", chart_id="e")
    assert "No data yet" in charts.line_chart([], title="t", chart_id="e2")
    assert "No data yet" in charts.column_chart([], [], title="t", chart_id="e3")
