"""The card window: a readable view of one card with checkable steps and progress."""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cuecard.clock import SYSTEM_CLOCK, Clock
from cuecard.models import Card, Problem, RenderedCard
from cuecard.stewardship.mailto import outdated_mailto, owner_email
from cuecard.ui.plain import plain_label, tooltip, window_title
from cuecard.ui.style import EscapeClosable, card_css, colors, named

STEP_SCHEME = "cuecard-step"
DEFAULT_SIZE = (600, 720)
# Rendering takes time linear in the card whatever its markup (content/markdown_guard.py),
# so the size says how long it can take: bench/markup measures 5 to 11 ms per KB for
# ordinary cards and at most about 4 times that for the slowest odd markup (36 ms per KB
# on a busy machine). Cards up to this size (the sample pack's are 1 to 3 KB) render at
# once, ticks and all; bigger ones render on a worker thread so the GUI never waits for
# them (before, cards up to 16 KB rendered here, and 8 KB of odd markup took 12.6 s).
BACKGROUND_RENDER_BYTES = 4 * 1024


class CardWindow(EscapeClosable):
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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CardWindow")
        self._state = state
        self._clock = clock
        self._done: set[int] = set()
        self.card = card
        self._rendered: RenderedCard | None = None
        self._render_generation = 0
        self._render_done.connect(self._install_render, Qt.ConnectionType.QueuedConnection)
        self._build()
        self.set_card(card)
        self.resize(*DEFAULT_SIZE)
        if state is not None:
            geometry = state.value("card_window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)

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
        self.progress = named(QProgressBar(textVisible=True), "progress")
        self.progress.setFixedHeight(18)
        self.progress.setStyleSheet(
            f"QProgressBar {{ border: 1px solid {c.border}; border-radius: 9px;"
            f" background: {c.surface}; text-align: center; font-size: 11px; }}"
            f"QProgressBar::chunk {{ background: {c.accent}; border-radius: 8px; }}"
        )
        self.browser = named(QTextBrowser(openLinks=False), "body")
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
        self.done_button.clicked.connect(self.mark_done)
        self.helpful_label = plain_label("Helpful?")
        self.up_button = named(QPushButton("Yes"), "helpfulYes")
        self.down_button = named(QPushButton("No"), "helpfulNo")
        self.up_button.clicked.connect(lambda: self.rate("up"))
        self.down_button.clicked.connect(lambda: self.rate("down"))
        self.outdated_button = named(QPushButton("Report outdated…"), "reportOutdated")
        self.outdated_button.setFlat(True)
        self.outdated_button.clicked.connect(self._ask_outdated)
        self.email_button = named(QPushButton("Email the owner…"), "emailOwner")
        self.email_button.setVisible(False)
        self.email_button.clicked.connect(self._open_mailto)
        self._mailto = ""
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addSpacing(12)
        actions.addWidget(self.helpful_label)
        actions.addWidget(self.up_button)
        actions.addWidget(self.down_button)
        actions.addStretch(1)
        actions.addWidget(self.outdated_button)
        actions.addWidget(self.email_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.footer_label, 1)
        buttons.addWidget(self.video_button)
        buttons.addWidget(close_button)
        layout.addWidget(self.title_label)
        layout.addLayout(meta_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.browser)
        layout.addLayout(actions)
        layout.addLayout(buttons)

    def set_card(self, card: Card, problems: tuple[Problem, ...] = ()) -> None:
        """Show `card` (again); ticked steps are kept when the card and its steps are the same."""
        same_card = card.id == self.card.id
        self.card = card
        self.setWindowTitle(window_title(f"{card.title} — Cuecard"))
        self.title_label.setText(card.title)
        self.meta_label.setText(self._meta_text(card))
        self.stale_badge.setVisible(card.is_stale(self._clock.today()))
        self.stale_badge.setToolTip(
            tooltip(f"Due for review since {card.review_due}; it may no longer match the app.")
        )
        self.summary_label.setText(card.summary)
        self.summary_label.setVisible(bool(card.summary))
        self.problem_label.setText("\n".join(p.format() for p in problems))
        self.problem_label.setVisible(bool(problems))
        self.video_button.setVisible(card.video is not None)
        self.footer_label.setText(self._footer_text(card))
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
        self.rendered.emit()

    @staticmethod
    def _meta_text(card: Card) -> str:
        parts = [f"{card.minutes} min" if card.minutes else "", card.kind.capitalize()]
        if card.required:
            parts.insert(0, f"Required, due {card.due.isoformat()}" if card.due else "Required")
        if card.step_count:
            parts.append(f"{card.step_count} step{'' if card.step_count == 1 else 's'}")
        if card.tags:
            parts.append(", ".join(card.tags[:4]))
        return "  ·  ".join(part for part in parts if part)

    @staticmethod
    def _footer_text(card: Card) -> str:
        owner = f"Owner: {card.owner}" if card.owner else "No owner"
        reviewed = (
            f"last reviewed {card.reviewed.isoformat()}" if card.reviewed else "never reviewed"
        )
        return f"{owner} · {reviewed}"

    def _refresh(self) -> None:
        rendered = self._rendered
        if rendered is None:
            return
        total = len(rendered.steps)
        self.progress.setVisible(total > 0)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(len(self._done))
        self.progress.setFormat(f"{len(self._done)} of {total} steps done")
        scroll = self.browser.verticalScrollBar().value()
        parts = [rendered.intro_html]
        for index, step in enumerate(rendered.steps):
            done = index in self._done
            box = "☑" if done else "☐"
            heading = "step-done" if done else "step"
            parts.append(
                "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
                f"<td class='stepbox' valign='top' width='30'><a class='check' "
                f"href='{STEP_SCHEME}:{index}'>{box}</a></td><td>"
                f"<h3 class='{heading}'>{index + 1}. {html.escape(step.title)}</h3>"
                f"{step.html}</td></tr></table>"
            )
        parts.append(rendered.outro_html)
        self.browser.setHtml("\n".join(parts))
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
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)

    def _open_video(self) -> None:
        if self.card.video:
            QDesktopServices.openUrl(QUrl(self.card.video))
            self.video_opened.emit(self.card.id)

    def mark_done(self) -> None:
        self.done_button.setText("✓  Done — well done!")
        self.done_button.setEnabled(False)
        self.completed.emit(self.card.id)

    def rate(self, rating: str) -> None:
        self.helpful_label.setText("Thanks!")
        self.up_button.setEnabled(False)
        self.down_button.setEnabled(False)
        self.rated.emit(self.card.id, rating)

    def report_outdated(self, comment: str) -> None:
        """Record the report; when the owner has an email address, offer a prefilled
        email to them (it is only sent if the learner sends it)."""
        self.outdated_button.setText("Reported — thank you")
        self.outdated_button.setEnabled(False)
        self.reported_outdated.emit(self.card.id, comment)
        link = outdated_mailto(self.card, comment)
        if link is not None:
            self._mailto = link
            address = owner_email(self.card.owner) or ""
            self.email_button.setToolTip(tooltip(f"Write to {address} about this card"))
            self.email_button.setVisible(True)
            self.mailto_offered.emit(link)

    def _open_mailto(self) -> None:
        if self._mailto:
            QDesktopServices.openUrl(QUrl(self._mailto, QUrl.ParsingMode.StrictMode))

    def _ask_outdated(self) -> None:
        comment, ok = QInputDialog.getText(
            self, "Report outdated", "What no longer matches? (optional)"
        )
        if ok:
            self.report_outdated(comment.strip())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._state is not None:
            self._state.setValue("card_window/geometry", self.saveGeometry())
            self._state.sync()
        self.closed.emit()
        super().closeEvent(event)
