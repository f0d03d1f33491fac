"""The card window: a readable view of one card with checkable steps and progress.

It is sized to the card (a two-step card gets a small window) within its screen's free
area, code blocks wrap inside a box with a Copy link, and what the user did shows as a
state: a completed card says so (and the bar is full), the chosen Helpful answer stays
marked, an outdated report says it was sent.
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cuecard.clock import SYSTEM_CLOCK, Clock
from cuecard.models import Card, Problem, Rect, RenderedCard
from cuecard.ui.card_body import COPY_SCHEME, STEP_SCHEME, card_body, footer_text, meta_text
from cuecard.ui.card_size import MIN_SIZE, READING_WIDTH, CardSizeMixin
from cuecard.ui.plain import plain_label, tooltip, window_title
from cuecard.ui.report_dialog import ReportOutdatedMixin
from cuecard.ui.style import EscapeClosable, card_css, colors, named
from cuecard.wording import plural

__all__ = ["BACKGROUND_RENDER_BYTES", "STEP_SCHEME", "CardWindow"]

COPIED_MS = 2000  # how long a Copy link says "Copied"
# Rendering takes time linear in the card whatever its markup (content/markdown_guard.py),
# so the size says how long it can take: bench/markup measures 5 to 11 ms per KB for
# ordinary cards and at most about 4 times that for the slowest odd markup (36 ms per KB
# on a busy machine). Cards up to this size (the sample pack's are 1 to 3 KB) render at
# once, ticks and all; bigger ones render on a worker thread so the GUI never waits for
# them (before, cards up to 16 KB rendered here, and 8 KB of odd markup took 12.6 s).
BACKGROUND_RENDER_BYTES = 4 * 1024


class CardWindow(CardSizeMixin, ReportOutdatedMixin, EscapeClosable):
    """Shows a card; emits `step_toggled` and `progress_changed` as steps are ticked."""

    step_toggled = Signal(int, bool)
    progress_changed = Signal(int, int)
    completed = Signal(str)
    rated = Signal(str, str)
    reported_outdated = Signal(str, str)
    mailto_offered = Signal(str)  # the prefilled mailto: link shown after a report
    video_opened = Signal(str)
    closed = Signal()
    rendered = Signal()  # the body is on screen (at once, or after a background render)
    _render_done = Signal(int, object)

    def __init__(
        self,
        card: Card,
        state: QSettings | None = None,
        clock: Clock = SYSTEM_CLOCK,
        parent: QWidget | None = None,
        near: Rect | None = None,
        sync_host: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CardWindow")
        self._state = state
        self._clock = clock
        self._done: set[int] = set()
        self.card = card
        self.sync_host = sync_host  # where learning records go, when IT turned sync on
        self.near = near  # the active window: the card opens on its screen
        self.completed_state = False
        self.rating: str | None = None
        self._rendered: RenderedCard | None = None
        self._render_generation = 0
        self._code: tuple[str, ...] = ()
        self._copied: int | None = None
        self._copied_timer = QTimer(self, singleShot=True, interval=COPIED_MS)
        self._copied_timer.timeout.connect(self._forget_copied)
        self._sized = False
        self._width = READING_WIDTH
        if state is not None:
            try:
                self._width = int(str(state.value("card_window/width", READING_WIDTH)))
            except (TypeError, ValueError):
                self._width = READING_WIDTH
        self._render_done.connect(self._install_render, Qt.ConnectionType.QueuedConnection)
        self._build()
        self.setMinimumSize(MIN_SIZE)
        self.resize(self._width, 480)
        self.set_card(card)

    def _build(self) -> None:
        c = colors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(8)
        self.title_label = named(plain_label(word_wrap=True), "title")
        self.title_label.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.meta_label = named(plain_label(), "meta")
        self.meta_label.setStyleSheet(f"color: {c.muted};")
        self.stale_badge = named(plain_label("May be outdated"), "staleBadge")
        self.stale_badge.setStyleSheet(
            f"background: {c.warning_bg}; color: {c.warning_text}; border-radius: 9px;"
            "padding: 2px 10px; font-weight: 600;"
        )
        meta_row = QHBoxLayout()
        meta_row.addWidget(self.meta_label)
        meta_row.addStretch(1)
        meta_row.addWidget(self.stale_badge)
        self.summary_label = named(plain_label(word_wrap=True), "summary")
        self.summary_label.setStyleSheet("font-size: 14px;")
        self.problem_label = named(plain_label(word_wrap=True), "problems")
        self.problem_label.setStyleSheet(
            f"background: {c.warning_bg}; color: {c.warning_text}; padding: 6px;"
        )
        # A thin bar with its words beside it: text drawn over the bar reads badly on
        # the filled part in one theme or the other.
        self.progress = named(QProgressBar(textVisible=False), "progress")
        self.progress.setFixedHeight(8)
        self.progress.setStyleSheet(
            f"QProgressBar {{ border: none; border-radius: 4px; background: {c.border}; }}"
            f"QProgressBar::chunk {{ background: {c.accent}; border-radius: 4px; }}"
        )
        self.progress_text = named(plain_label(), "progressText")
        self.progress_text.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1, Qt.AlignmentFlag.AlignVCenter)
        progress_row.addWidget(self.progress_text)
        self.browser = named(QTextBrowser(openLinks=False), "body")
        self.browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser.document().setDefaultStyleSheet(card_css())
        self.browser.document().setDocumentMargin(10)
        self.browser.setStyleSheet(
            f"QTextBrowser {{ border: 1px solid {c.border};border-radius: 6px; font-size: 14px; }}"
        )
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self.footer_label = named(plain_label(word_wrap=True), "footer")
        self.footer_label.setStyleSheet(f"color: {c.muted}; font-size: 12px;")
        self.video_button = named(QPushButton("▶  Watch the video"), "video")
        self.video_button.clicked.connect(self._open_video)
        close_button = QPushButton("Close")
        close_button.clicked.connect(self.close)
        self.done_button = named(QPushButton("✓  Done"), "done")
        self.done_button.setToolTip(tooltip("Mark the card as finished"))
        self.done_button.clicked.connect(self.mark_done)
        self.done_state = named(plain_label("✓  Completed"), "doneState")
        self.done_state.setStyleSheet(
            f"background: {c.accent}; color: {c.on_accent}; border-radius: 11px;"
            " padding: 3px 12px; font-weight: 600;"
        )
        self.done_state.setVisible(False)
        self.helpful_label = plain_label("Helpful?")
        self.thanks_label = named(plain_label("Thanks!"), "thanks")
        self.thanks_label.setStyleSheet(f"color: {c.muted};")
        self.thanks_label.setVisible(False)
        self.up_button = named(QPushButton("Yes"), "helpfulYes")
        self.down_button = named(QPushButton("No"), "helpfulNo")
        self.helpful = QButtonGroup(self)
        self.helpful.setExclusive(True)
        for button, rating in ((self.up_button, "up"), (self.down_button, "down")):
            button.setCheckable(True)
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {c.accent}; color: {c.on_accent};"
                f" border: 1px solid {c.accent}; border-radius: 4px; font-weight: 600;"
                " padding: 4px 10px; }"
            )
            self.helpful.addButton(button)
            button.clicked.connect(lambda _=False, r=rating: self.rate(r))
        self.outdated_button = named(QPushButton("Report outdated…"), "reportOutdated")
        self.outdated_button.setFlat(True)
        self.outdated_button.clicked.connect(self._ask_outdated)
        self.outdated_state = named(plain_label("✓ Reported as outdated"), "outdatedState")
        self.outdated_state.setStyleSheet(f"color: {c.muted};")
        self.outdated_state.setVisible(False)
        self.email_button = named(QPushButton("Email the owner…"), "emailOwner")
        self.email_button.setVisible(False)
        self.email_button.clicked.connect(self._open_mailto)
        self._mailto = ""
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addWidget(self.done_state)
        actions.addSpacing(12)
        actions.addWidget(self.helpful_label)
        actions.addWidget(self.up_button)
        actions.addWidget(self.down_button)
        actions.addWidget(self.thanks_label)
        actions.addStretch(1)
        actions.addWidget(self.outdated_button)
        actions.addWidget(self.outdated_state)
        actions.addWidget(self.email_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.footer_label, 1)
        buttons.addWidget(self.video_button)
        buttons.addWidget(close_button)
        layout.addWidget(self.title_label)
        layout.addLayout(meta_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problem_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.browser)
        layout.addLayout(actions)
        layout.addLayout(buttons)

    def set_card(self, card: Card, problems: tuple[Problem, ...] = ()) -> None:
        """Show `card` (again); ticked steps are kept when the card and its steps are the same."""
        same_card = card.id == self.card.id
        self.card = card
        self.setWindowTitle(window_title(f"{card.title} — Cuecard"))
        self.title_label.setText(card.title)
        self.meta_label.setText(meta_text(card))
        self.stale_badge.setVisible(card.is_stale(self._clock.today()))
        self.stale_badge.setToolTip(
            tooltip(f"Due for review since {card.review_due}; it may no longer match the app.")
        )
        self.summary_label.setText(card.summary)
        self.summary_label.setVisible(bool(card.summary))
        self.problem_label.setText("\n".join(p.format() for p in problems))
        self.problem_label.setVisible(bool(problems))
        self.video_button.setVisible(card.video is not None)
        self.footer_label.setText(footer_text(card))
        # Imported on first use: Markdown and its extensions are about 12 MB of an idle
        # tray app that may never open a card (measured).
        from cuecard.content.render import render_card

        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(card.path.parent) + "/"))
        self._render_generation += 1
        old_steps = [step.title for step in self._rendered.steps] if self._rendered else []
        if card.size <= BACKGROUND_RENDER_BYTES:
            self._show_rendered(render_card(card), old_steps, same_card)
            return
        self._rendered = None
        self.progress.setVisible(False)
        self.progress_text.setVisible(False)
        self.browser.setHtml(f"<p style='color: {colors().muted}'>Rendering the card…</p>")
        threading.Thread(
            target=self._render_in_background,
            args=(self._render_generation, card, old_steps, same_card),
            daemon=True,
        ).start()

    def _render_in_background(
        self, generation: int, card: Card, old_steps: list[str], same_card: bool
    ) -> None:
        from cuecard.content.render import render_card

        try:
            result = render_card(card)
        except Exception as exc:  # never leave the window saying "Rendering…"
            text = html.escape(f"This card could not be shown: {exc}")
            result = RenderedCard(f"<p>{text}</p>", (), "", card.path.parent)
        try:
            self._render_done.emit(generation, (result, old_steps, same_card))
        except RuntimeError:
            pass  # the window was closed and deleted meanwhile

    def _install_render(
        self, generation: int, outcome: tuple[RenderedCard, list[str], bool]
    ) -> None:
        if generation == self._render_generation:  # not overtaken by a newer set_card
            self._show_rendered(*outcome)

    def _show_rendered(self, rendered: RenderedCard, old_steps: list[str], same: bool) -> None:
        self._rendered = rendered
        if not same or old_steps != [step.title for step in rendered.steps]:
            self._done.clear()
        self._refresh()
        if not self._sized:
            self.size_to_card()
        self.rendered.emit()

    def _refresh(self) -> None:
        rendered = self._rendered
        if rendered is None:
            return
        total = len(rendered.steps)
        self.progress.setVisible(total > 0)
        self.progress_text.setVisible(total > 0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(len(self._done))
        if self.completed_state:
            done = "Completed" if total == 1 else f"Completed: all {plural(total, 'step')}"
            self.progress.setFormat(done)
            self.progress_text.setText(done)
        else:
            self.progress.setFormat(f"{len(self._done)} of {plural(total, 'step')} done")
            self.progress_text.setText(self.progress.format())
        scroll = self.browser.verticalScrollBar().value()
        body = card_body(rendered, frozenset(self._done), self._copied, colors())
        self._code = body.code
        self.browser.setHtml(body.html)
        self.browser.verticalScrollBar().setValue(scroll)

    @property
    def done_steps(self) -> frozenset[int]:
        return frozenset(self._done)

    def toggle_step(self, index: int) -> None:
        if self._rendered is None or not 0 <= index < len(self._rendered.steps):
            return
        now_done = index not in self._done
        if now_done:
            self._done.add(index)
        else:
            self._done.discard(index)
        self._refresh()
        self.step_toggled.emit(index, now_done)
        self.progress_changed.emit(len(self._done), len(self._rendered.steps))

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == STEP_SCHEME:
            try:
                self.toggle_step(int(url.path()))
            except ValueError:
                pass
        elif url.scheme() == COPY_SCHEME:
            try:
                self.copy_code(int(url.path()))
            except ValueError:
                pass
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _open_video(self) -> None:
        if self.card.video:
            QDesktopServices.openUrl(QUrl(self.card.video))
            self.video_opened.emit(self.card.id)

    def copy_code(self, number: int) -> str:
        """Put code block `number` on the clipboard; its link says "Copied" a moment."""
        if not 0 <= number < len(self._code):
            return ""
        QGuiApplication.clipboard().setText(self._code[number])
        self._copied = number
        self._copied_timer.start()
        self._refresh()
        return self._code[number]

    def _forget_copied(self) -> None:
        self._copied = None
        self._refresh()

    def mark_done(self) -> None:
        """Finished: the card says so and its bar is full (steps not ticked are shown
        ticked; only the completion is recorded)."""
        if self.completed_state:
            return
        self.completed_state = True
        if self._rendered is not None:
            self._done = set(range(len(self._rendered.steps)))
        self.done_button.setVisible(False)
        self.done_state.setVisible(True)
        self._refresh()
        self.completed.emit(self.card.id)

    def rate(self, rating: str) -> None:
        """Record the answer; the chosen button stays marked, and can still be changed."""
        if rating == self.rating:
            return
        self.rating = rating
        (self.up_button if rating == "up" else self.down_button).setChecked(True)
        self.thanks_label.setVisible(True)
        self.rated.emit(self.card.id, rating)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._state is not None:
            self._state.setValue("card_window/width", self.width())
            self._state.sync()
        self.closed.emit()
        super().closeEvent(event)
