"""An analyst at the desk in a real headless Chromium, over the demo's data: sign in, follow an
alert to its event page and its evidence, acknowledge it and see the inbox change, read a
timeline's marks; every page laid out without breaking at 1280 and 390 px wide."""

from __future__ import annotations

import re

import pytest

EVIDENCE = "The United States has repeatedly warned that North Korea is providing weapons to Russia"
ARMS = "North Korea supplies arms to Russia"


def test_an_analyst_follows_an_alert_to_its_evidence_and_acknowledges_it(chromium, desk_url, sign_in, shoot):
    page = chromium.new_page()
    sign_in(page, desk_url)
    rows = page.locator("table.alerts tbody tr")
    assert rows.count() == 2
    assert page.get_by_role("button", name="Acknowledge").count() == 2
    shoot(page, "desk-inbox-1280")

    page.get_by_role("link", name=ARMS).click()
    page.wait_for_url(re.compile(r"/events/[0-9a-f-]{36}$"))
    event_id = page.url.rsplit("/", 1)[1]
    assert page.get_by_role("heading", level=1).inner_text() == ARMS
    evidence = page.locator("blockquote.evidence mark")
    assert evidence.count() == 2 and all(EVIDENCE in t for t in evidence.all_inner_texts())
    assert evidence.first.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"  # highlighted
    assert page.get_by_text("reprint of").count() == 1
    shoot(page, "desk-event-1280")

    page.get_by_role("link", name="Alerts", exact=True).first.click()
    row = page.locator(f"tr:has(a[href='/events/{event_id}'])")
    row.get_by_role("button", name="Acknowledge").click()
    page.wait_for_load_state()
    row = page.locator(f"tr:has(a[href='/events/{event_id}'])")
    assert row.get_by_role("button", name="Acknowledge").count() == 0
    assert "acknowledged" in row.inner_text() and "by Ana Analyst" in row.inner_text()
    assert page.get_by_role("button", name="Acknowledge").count() == 1  # the other alert is still open
    shoot(page, "desk-inbox-acknowledged-1280")

    page.get_by_label("Acknowledged").select_option("no")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"acknowledged=no"))
    assert page.locator("table.alerts tbody tr").count() == 1
    assert page.get_by_role("link", name=ARMS).count() == 0


def test_a_timeline_has_a_mark_per_event_each_linking_to_it(chromium, desk_url, sign_in, shoot):
    page = chromium.new_page()
    sign_in(page, desk_url)
    page.get_by_role("link", name="Timelines").click()
    page.get_by_role("link", name=re.compile(r"PRK\s*–\s*RUS")).click()
    page.wait_for_url(re.compile(r"/timeline\?actors=PRK%2CRUS"))
    marks = page.locator("svg.chart.wide a.event-mark")
    assert page.locator("svg.chart.narrow").is_hidden()  # the phone's chart, drawn for narrow screens only
    listed = page.locator("table tbody tr a.headline")
    assert marks.count() == listed.count() == 2
    hrefs = sorted(marks.evaluate_all("ms => ms.map(m => m.getAttribute('href'))"))
    assert hrefs == sorted(listed.evaluate_all("ls => ls.map(l => l.getAttribute('href'))"))
    lanes = page.locator("svg.chart.wide text.lane-label").all_text_contents()  # SVG text: no innerText
    assert sorted(lanes) == ["AID", "CONSULT"]
    box = page.locator("svg.chart.wide").bounding_box()
    assert box["width"] > 1000 and box["height"] > 80  # drawn, and wide enough to read
    shoot(page, "desk-timeline-1280")
    aid_href = [h for h in hrefs if h in page.locator("tr:has-text('supplies arms') a.headline").get_attribute("href")]
    page.locator(f"svg.chart.wide a.event-mark[href='{aid_href[0]}']").click()
    page.wait_for_url(re.compile(r"/events/"))
    assert page.get_by_role("heading", level=1).inner_text() == ARMS


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_no_page_breaks_its_layout_at_desktop_or_phone_width(chromium, desk_url, sign_in, shoot, width, height):
    page = chromium.new_page()
    sign_in(page, desk_url)
    event = page.get_by_role("link", name=ARMS).get_attribute("href")
    page.set_viewport_size({"width": width, "height": height})
    pages = {"inbox": "/", "event": event, "timeline": "/timeline?actors=PRK,RUS", "timelines": "/timeline",
             "search": "/search?q=weapons", "feeds": "/feeds"}
    for name, path in pages.items():
        page.goto(desk_url + path)
        # Nothing wider than the window: the page never scrolls sideways (the chart scrolls in its box).
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px"
        size = float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))
        assert size >= 14, f"{name}: body text {size}px"
        if name == "timeline":  # one chart shown, as wide as the window allows, with every mark
            shown = page.locator("svg.chart:visible")
            assert shown.count() == 1 and shown.locator("a.event-mark").count() == 2
            assert shown.bounding_box()["width"] <= width
        if width == 390 or name in ("search", "feeds", "timelines"):
            shoot(page, f"desk-{name}-{width}")
        menus = page.locator("details.menu summary")  # after the screenshot: opening one scrolls to it
        for i in range(menus.count()):  # an open Mute… menu stays inside the window too
            menus.nth(i).click()
            opened = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert opened <= 0, f"{name}: an open menu makes it {opened}px wider than {width}px"
            menus.nth(i).click()
