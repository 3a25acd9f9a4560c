"""Comments in headless Chromium on a real SQLite database: the Inspektorat's evaluator
comments on an objective of the tree mentioning the head of DIKES; the head sees the mention in
the inbox (the bell counts it), follows its link and marks it read."""

from __future__ import annotations

from dash.testing.wait import until
from ekinerja.layouts import ids

from ekinerja.services import User
from ekinerja.services.comments import comments_on, unread_mention_count
from tests.browser.helpers import click, scrolled, wait_idle

OBJECTIVE = "SPD-DIKES-1"
HEAD = User("demo-head", role="head", unit="DIKES")
TEXT = "Mohon data triwulan 2 dilengkapi @demo-head"


def switch_to(browser, sign_in_browser, username: str) -> None:
    base = browser.server_url
    browser.driver.get(base + "/logout")
    sign_in_browser(browser, base, username)


def test_an_evaluator_mentions_the_head_who_reads_it_in_the_inbox(dash_duo, live_app, db,
                                                                   sign_in_browser) -> None:
    dash_duo.start_server(live_app, username="demo-evaluator")
    dash_duo.wait_for_page(url=dash_duo.server_url + f"/pohon-kinerja?node={OBJECTIVE}")
    dash_duo.wait_for_element(f"#{ids.COMMENT_CARD}", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_TARGET}", OBJECTIVE, timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_THREAD}", "Belum ada komentar")
    wait_idle(dash_duo)
    box = dash_duo.find_element(f"#{ids.COMMENT_TEXT}")
    scrolled(dash_duo, box)
    box.send_keys(TEXT)
    click(dash_duo, f"#{ids.COMMENT_POST}")
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_MESSAGE}", "Komentar terkirim")
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_THREAD}", "Mohon data triwulan 2")
    until(lambda: dash_duo.find_element(f"#{ids.COMMENT_TEXT}").get_attribute("value") == "",
          timeout=5)
    [comment] = comments_on(db, HEAD, None, "objective", OBJECTIVE)
    assert (comment.author, comment.body, comment.mentions) == ("demo-evaluator", TEXT,
                                                                ("demo-head",))
    logs = dash_duo.get_logs()
    assert logs == [], [entry["message"][:300] for entry in logs]

    switch_to(dash_duo, sign_in_browser, "demo-head")
    bell = dash_duo.find_element(f"#{ids.NOTIFY}")
    until(lambda: bell.get_attribute("hidden") is None, timeout=15)
    dash_duo.wait_for_page(url=dash_duo.server_url + "/verifikasi")
    dash_duo.wait_for_contains_text(f"#{ids.MENTIONS_LIST}", "@demo-evaluator", timeout=15)
    link = dash_duo.find_element(f"#{ids.MENTIONS_LIST} a")
    assert link.get_attribute("href").endswith(f"/pohon-kinerja?node={OBJECTIVE}")
    wait_idle(dash_duo)
    click(dash_duo, f"#{ids.MENTIONS_READ}")
    dash_duo.wait_for_contains_text(f"#{ids.MENTIONS_MESSAGE}", "Ditandai sudah dibaca")
    dash_duo.wait_for_contains_text(f"#{ids.MENTIONS_LIST}", "Tidak ada sebutan")
    assert unread_mention_count(db, HEAD) == 0
    logs = dash_duo.get_logs()
    assert logs == [], [entry["message"][:300] for entry in logs]


def test_the_strategy_map_shows_the_comments_of_its_chosen_node(dash_duo, live_app, db) -> None:
    """A planner opens the map on an agency objective (`?node=`), reads its thread and posts to
    it from the map's own comments card."""
    dash_duo.start_server(live_app, username="demo-planner")
    dash_duo.wait_for_page(url=dash_duo.server_url + f"/peta-strategi?node={OBJECTIVE}")
    dash_duo.wait_for_element(f"#{ids.COMMENT_CARD}", timeout=15)
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_TARGET}", OBJECTIVE, timeout=15)
    wait_idle(dash_duo)
    box = dash_duo.find_element(f"#{ids.COMMENT_TEXT}")
    scrolled(dash_duo, box)
    box.send_keys("Catatan dari peta strategi")
    click(dash_duo, f"#{ids.COMMENT_POST}")
    dash_duo.wait_for_contains_text(f"#{ids.COMMENT_THREAD}", "Catatan dari peta strategi")
    bodies = [c.body for c in comments_on(db, HEAD, None, "objective", OBJECTIVE)]
    assert "Catatan dari peta strategi" in bodies
    logs = dash_duo.get_logs()
    assert logs == [], [entry["message"][:300] for entry in logs]
