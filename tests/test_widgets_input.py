"""No lost input, driven without a browser: the save-as-you-type text field (debounced,
counter, saved-at status, text that arrives after a click), the double-click guard, the
reset count, the plan's date, vision and formatted view, and the radar shown once in
notebook 03. The browser half is tests/browser/test_no_lost_input.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import ipywidgets as w

from leadlib import widgets as ex
from leadlib.journal import open_journal
from leadlib.models import Content
from leadlib.widgets._base import AutosaveText, guard_clicks

FUTURE = dt.date.today() + dt.timedelta(days=90)


class FakeTimers:
    """A scheduler under the test's control: ``run()`` fires what is due."""

    def __init__(self) -> None:
        self.waiting: list[Any] = []

    def __call__(self, delay: float, callback: Any) -> Any:
        entry = [callback]
        self.waiting.append(entry)
        return lambda: self.waiting.remove(entry)

    def run(self) -> None:
        due, self.waiting = self.waiting, []
        for (callback,) in due:
            callback()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def field(saved: list[str], timers: FakeTimers, clock: Clock, **kwargs: Any) -> AutosaveText:
    def save(text: str) -> bool:
        saved.append(text)
        return True

    return AutosaveText(
        save=save,
        what="your note",
        description="Note:",
        schedule=timers,
        clock=clock,
        now=lambda: dt.datetime(2026, 3, 4, 14, 3, 12),
        **kwargs,
    )


def test_typing_saves_once_after_a_pause_and_says_when() -> None:
    saved: list[str] = []
    timers, clock = FakeTimers(), Clock()
    text = field(saved, timers, clock)
    assert text.area.continuous_update is True
    for typed in ("W", "We", "Weekly"):
        text.area.value = typed
    assert saved == [] and len(timers.waiting) == 1  # one save waits, for the newest text
    assert text.status_text == "Not saved yet: it saves when you pause typing."
    timers.run()
    assert saved == ["Weekly"]
    assert text.status_text == "Saved to your journal at 14:03:12."
    text.area.value = "Weekly 1:1"  # typing again: 'Saved' does not stay on screen
    assert text.status_text.startswith("Not saved yet")


def test_text_that_arrives_after_the_click_is_saved_too() -> None:
    """The browser can send a click before the text box's last value: the newest text
    must still end up saved, not the one present at the click."""
    saved: list[str] = []
    timers, clock = FakeTimers(), Clock()
    text = field(saved, timers, clock)
    text.area.value = "old vision"
    assert text.flush() is True  # the click
    text.area.value = "new vision"  # its keystrokes arrive just after
    assert saved == ["old vision", "new vision"]
    assert timers.waiting == []
    clock.now += 10  # long after the click: back to waiting for a pause
    text.area.value = "newer"
    assert saved[-1] == "new vision" and len(timers.waiting) == 1


def test_counter_counts_live_and_overlong_text_is_refused_in_plain_words() -> None:
    saved: list[str] = []
    timers, clock = FakeTimers(), Clock()
    text = field(saved, timers, clock, most=10)
    text.area.value = "abc"
    assert "3 of 10 characters" in text.counter.value
    text.area.value = "x" * 12
    assert "12 of 10 characters: 2 too many" in text.counter.value
    timers.run()
    assert saved == []
    assert text.status_text == (
        "Not saved: your note is 2 characters over the limit of 10. "
        "Your last saved version is kept."
    )


def test_an_empty_box_is_kept_only_where_allowed() -> None:
    saved: list[str] = []
    timers, clock = FakeTimers(), Clock()
    text = field(saved, timers, clock, allow_empty=False)
    text.restore("kept")
    text.area.value = ""
    assert text.flush() is False and saved == []
    assert "the box is empty" in text.status_text


def test_restoring_shows_the_text_without_saving_it() -> None:
    saved: list[str] = []
    timers, clock = FakeTimers(), Clock()
    text = field(saved, timers, clock)
    text.restore("from the journal")
    assert text.value == "from the journal" and saved == [] and timers.waiting == []
    assert text.flush() is True and saved == []  # unchanged: nothing to write


def test_a_double_click_acts_once() -> None:
    clock = Clock()
    calls: list[int] = []
    button = w.Button(description="Next scenario")
    guard_clicks(button, lambda: calls.append(1), clock=clock)
    button.click()
    clock.now += 0.2
    button.click()  # the second half of a double click
    assert calls == [1]
    clock.now += 1.0
    button.click()  # a deliberate second click
    assert calls == [1, 1]


# -- reset -------------------------------------------------------------------------------


def test_reset_counts_answers_not_their_history_and_a_double_click_clears_once(
    content: Content,
) -> None:
    quiz = ex.quiz()
    first, second = content.quiz[0].id, content.quiz[1].id
    quiz.choices[first].value = "both"
    quiz.choices[first].value = "leadership"  # changed: two rows, one answer
    quiz.choices[second].value = "management"
    panel = ex.export_answers()
    panel.reset_choice.value = "quiz"
    panel.reset_button.click()
    panel.confirm_button.click()
    assert panel.message_text.startswith("Cleared quiz (notebook 01): 2 saved answers removed.")
    panel.confirm_button.click()  # the second click of a double click
    assert panel.message_text.startswith("Cleared quiz (notebook 01): 2 saved answers")
    assert "0 saved answers" not in panel.reset_message.value


# -- plan --------------------------------------------------------------------------------


def test_a_past_target_date_is_not_exported(content: Content, leadlib_home: Path) -> None:
    plan = ex.plan()
    plan.target_date.value = FUTURE
    plan.target_date.value = dt.date.today() - dt.timedelta(days=3)
    assert plan.message_kind == "problem"
    plan.export()
    md = (leadlib_home / "exports" / "development-plan.md").read_text()
    assert (dt.date.today() - dt.timedelta(days=3)).isoformat() not in md
    assert "target date (the one chosen is in the past)" in plan.message_text


def test_the_plan_is_shown_formatted_with_the_vision(content: Content) -> None:
    vision = ex.vision()
    vision.text.value = "By next summer, every customer gets an answer within a day."
    vision.check_button.click()
    plan = ex.plan()
    tid = content.traits[0].id
    plan.focus_boxes[tid].value = True
    plan.export()
    shown = plan.output.value
    assert "<pre" not in shown and "- [ ]" not in shown and "## " not in shown
    assert "<h3>My development plan</h3>" in shown
    assert "My vision for the team" in shown
    assert "every customer gets an answer within a day" in shown
    assert content.trait(tid).name in shown


def test_plan_text_typed_before_the_export_click_that_arrives_after_it_is_exported(
    leadlib_home: Path,
) -> None:
    plan = ex.plan()
    plan.measure.value = "Fewer late"
    plan.export()
    plan.measure.value = "Fewer late deliveries"  # the last keystrokes, after the click
    md = (leadlib_home / "exports" / "development-plan.md").read_text()
    assert "Fewer late deliveries" in md
    assert open_journal().answers("plan")["measure"] == "Fewer late deliveries"


def test_plan_action_labels_wrap_instead_of_being_cut_off(content: Content) -> None:
    plan = ex.plan()
    longest = max(
        (box for boxes in plan.action_boxes.values() for box in boxes),
        key=lambda box: len(box.description),
    )
    assert "leadlib-wrap" in longest._dom_classes
    assert longest.layout.height == "auto"
    assert ".leadlib-wrap .widget-label-basic{white-space:normal" in plan.children[0].value


# -- 03: the radar once ------------------------------------------------------------------


def test_notebook_03_shows_the_radar_once(content: Content) -> None:
    """03 runs the management questionnaire, then the profile view: once both parts are
    answered only the profile view draws the radar."""
    from tests.test_widgets_exercises import answer_keyed

    answer_keyed(content, 4, "leadership")
    sa = ex.self_assessment("management")
    view = ex.profile()
    for sid, group in sa.scales.items():
        reverse = content.statement(sid).reverse
        group.value = content.scale.reversed_value(3) if reverse else 3
    assert view.radar.png and not sa.chart.png
    assert "shown under &#x27;Your profile&#x27;" in sa.result.value
    alone = ex.self_assessment("leadership")  # 02 has no profile view of its own...
    assert alone.chart.png == b""  # ...but this kernel has one: still drawn once


# -- vision (06): both boxes save as you type ---------------------------------------------


def _vision_waiting_for_pauses() -> tuple[Any, FakeTimers]:
    """The vision exercise with its text boxes' timers under the test's control (in the
    tests there is no event loop, so a box would otherwise save every change at once)."""
    timers = FakeTimers()
    vision = ex.vision()
    vision.field._schedule = timers
    vision.rewrite_field._schedule = timers
    return vision, timers


def test_the_vision_draft_saves_as_you_type_with_counter_and_status() -> None:
    vision, timers = _vision_waiting_for_pauses()
    assert vision.text is vision.field.area and vision.text.continuous_update is True
    assert vision.field.box in vision.children and vision.rewrite_field.box in vision.children
    vision.text.value = "By next summer"
    assert "14 of" in vision.field.counter.value
    assert vision.field.status_text.startswith("Not saved yet")
    assert open_journal().answers("vision") == {}
    timers.run()  # the learner paused
    assert open_journal().answers("vision") == {"statement": "By next summer"}
    assert vision.field.status_text.startswith("Saved to your journal at ")
    assert vision.note.value.endswith("Your draft has 3 words.</p>")


def test_vision_text_typed_before_a_click_is_saved_even_when_it_arrives_after_it(
    content: Content,
) -> None:
    vision, timers = _vision_waiting_for_pauses()
    vision.text.value = "By next summer, every customer"
    vision.check_button.click()  # the click reaches the kernel before the last keystrokes
    assert open_journal().answers("vision")["statement"] == "By next summer, every customer"
    vision.text.value = "By next summer, every customer gets an answer within a day."
    assert timers.waiting == []  # arrived just after the click: saved at once
    assert open_journal().answers("vision")["statement"].endswith("within a day.")
    vision.rewrite.value = "Within a year, every customer"
    vision.rewrite_button.click()
    vision.rewrite.value = "Within a year, every customer has an answer the same day."
    assert open_journal().answers("vision")["rewrite"].endswith("the same day.")
    assert vision.message_kind == "ok"


def test_rating_the_draft_saves_the_draft_on_screen_first(content: Content) -> None:
    vision, timers = _vision_waiting_for_pauses()
    vision.text.value = "Every customer gets an answer within a day."
    assert timers.waiting  # not saved yet: waiting for a pause
    first = content.vision.criteria[0].id
    vision.ratings[first].value = "partly"
    saved = open_journal().answers("vision")
    assert saved["statement"] == "Every customer gets an answer within a day."
    assert saved["ratings"] == {first: "partly"}
    assert timers.waiting == []


def test_an_overlong_vision_draft_is_refused_in_plain_words_and_the_saved_one_kept() -> None:
    vision, _timers = _vision_waiting_for_pauses()
    vision.text.value = "By next summer, every customer gets an answer within a day."
    vision.check_button.click()
    vision.text.value = "x" * (vision.field.most + 5)
    vision.check_button.click()
    assert vision.message_kind == "problem"
    assert "5 characters over the limit" in vision.message_text
    assert open_journal().answers("vision")["statement"].startswith("By next summer")


def test_outside_a_kernel_typed_text_saves_at_once_even_with_an_event_loop_running() -> None:
    """A test process may have an event loop marked as running (Playwright's sync API
    leaves one for the whole session): the text must still be saved at once, since no
    kernel would ever run a waiting save. This made the save-as-you-type tests fail
    depending on which tests had run before them in the same process."""
    import asyncio

    from leadlib.widgets._controls import kernel_scheduler

    saved: list[str] = []

    async def type_in_a_loop() -> None:
        assert kernel_scheduler(1.0, lambda: None) is None
        box = AutosaveText(save=saved.append, what="a note", description="Note:")
        box.area.value = "typed inside a running loop"

    asyncio.run(type_in_a_loop())
    assert saved == ["typed inside a running loop"]
