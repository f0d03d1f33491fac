"""*My learning*: the user's own progress, encouraging and never a comparison.

What was completed each week (a chart with an axis, or a "nothing yet" line), cards in
progress (a step ticked) and recently completed, the learning log, and what the learning
features add: required cards, reviews due, paths, sprints and the pulse. Every card
named is a link that opens it.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cuecard.learning.overview import Overview, RequiredItem
from cuecard.store.summary import LearnerSummary
from cuecard.ui.plain import plain_label, rich_label
from cuecard.ui.style import EscapeClosable, colors, named
from cuecard.wording import plural

CARD_LINK = "cuecard-card:"
LOG_LINK = "cuecard-log:"
EMPTY_CHART = "Nothing completed yet. Finish a card and it shows up here."
SHOWN_PER_LIST = 8


class WeeklyChart(QWidget):
    """Completions per week as bars on an axis, the current week highlighted; a sentence
    instead when nothing was completed in the weeks shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[tuple[object, int], ...] = ()
        self.setMinimumHeight(150)

    @property
    def empty(self) -> bool:
        return not any(count for _, count in self.weeks)

    def set_weeks(self, weeks: tuple[tuple[object, int], ...]) -> None:
        self.weeks = weeks
        self.setAccessibleDescription(
            EMPTY_CHART
            if self.empty
            else "; ".join(f"{plural(count, 'card')} in week {week}" for week, count in weeks)
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        del event
        c = colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() - 2))
        painter.setFont(small)
        left, base = 28.0, self.height() - 22.0
        axis = QPen(QColor(c.border))
        painter.setPen(axis)
        painter.drawLine(int(left), int(base), self.width(), int(base))
        if not self.weeks or self.empty:
            painter.setPen(QColor(c.muted))
            painter.drawText(
                QRectF(left, 0, self.width() - left, base),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                EMPTY_CHART,
            )
            return
        top = max(count for _, count in self.weeks)
        plot = base - 18
        # The y axis: 0 and the highest week, with a faint line at the top.
        painter.setPen(QColor(c.muted))
        painter.drawText(QRectF(0, base - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, "0")
        painter.drawText(
            QRectF(0, base - plot - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, str(top)
        )
        grid = QPen(QColor(c.border))
        grid.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(grid)
        painter.drawLine(int(left), int(base - plot), self.width(), int(base - plot))
        width = (self.width() - left) / len(self.weeks)
        every = 1 if width >= 44 else 2  # week labels that fit
        for index, (week, count) in enumerate(self.weeks):
            x = left + index * width
            height = plot * count / top
            current = index == len(self.weeks) - 1
            if count:
                bar = QRectF(x + 5, base - height, width - 10, height)
                painter.fillRect(bar, QColor(c.accent if current else c.muted))
            painter.setPen(QColor(c.text if current else c.muted))
            if (len(self.weeks) - 1 - index) % every == 0:
                label = f"{week:%d %b}" if hasattr(week, "strftime") else str(week)
                painter.drawText(
                    QRectF(x - 6, base + 4, width + 12, 16), Qt.AlignmentFlag.AlignCenter, label
                )
            if count:
                painter.drawText(
                    QRectF(x, base - height - 16, width, 14),
                    Qt.AlignmentFlag.AlignCenter,
                    str(count),
                )


def _required_text(item: RequiredItem, today: date) -> str:
    if item.done:
        return "done"
    if item.due is None:
        return "to do"
    word = "overdue since" if item.overdue(today) else "due"
    return f"{word} {item.due.isoformat()}"


class MyLearningWindow(EscapeClosable):
    """Your own progress; card names open the card (`card_requested`)."""

    review_requested = Signal()
    today_requested = Signal()
    pulse_requested = Signal()
    card_requested = Signal(str)
    log_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MyLearningWindow")
        self.setWindowTitle("My learning — Cuecard")
        self.resize(600, 620)
        self._links: list[str] = []  # card ids, by link number
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        page = QWidget()
        scroll.setWidget(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        c = colors()
        self.headline = named(plain_label(word_wrap=True), "headline")
        self.headline.setStyleSheet("font-size: 18px; font-weight: 600;")
        self.subline = named(plain_label(word_wrap=True), "subline")
        self.subline.setStyleSheet(f"color: {c.muted};")
        row = QHBoxLayout()
        self.review_button = named(QPushButton("Review now"), "reviewNow")
        self.review_button.clicked.connect(self.review_requested.emit)
        self.today_button = named(QPushButton("Today on your path…"), "todayOnPath")
        self.today_button.clicked.connect(self.today_requested.emit)
        self.pulse_button = named(QPushButton("Pulse…"), "pulse")
        self.pulse_button.clicked.connect(self.pulse_requested.emit)
        self.pulse_button.setVisible(False)
        for button in (self.review_button, self.today_button, self.pulse_button):
            row.addWidget(button)
        row.addStretch(1)
        self.chart = named(WeeklyChart(), "chart")
        self.details = named(rich_label(word_wrap=True), "details")  # outside text escaped
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.details.linkActivated.connect(self._link)
        layout.addWidget(self.headline)
        layout.addWidget(self.subline)
        layout.addLayout(row)
        layout.addSpacing(6)
        layout.addWidget(self._heading("Cards completed per week"))
        layout.addWidget(self.chart)
        layout.addWidget(self.details)
        layout.addStretch(1)

    @staticmethod
    def _heading(text: str) -> QWidget:
        heading = plain_label(text)
        heading.setStyleSheet("font-weight: 600; font-size: 14px;")
        return heading

    def _link(self, href: str) -> None:
        if href.startswith(CARD_LINK):
            number = href[len(CARD_LINK) :]
            if number.isdigit() and int(number) < len(self._links):
                self.card_requested.emit(self._links[int(number)])
        elif href.startswith(LOG_LINK):
            self.log_requested.emit()

    def _card(self, card_id: str, title: str, extra: str = "") -> str:
        """A link to the card; outside text escaped, the id never put in the markup."""
        self._links.append(card_id)
        suffix = f" <span style='color:{colors().muted}'>{html.escape(extra)}</span>"
        return (
            f"<a href='{CARD_LINK}{len(self._links) - 1}' style='color:{colors().accent};"
            f" text-decoration:none'>{html.escape(title)}</a>{suffix if extra else ''}"
        )

    @staticmethod
    def _section(title: str, items: Sequence[str], empty: str) -> str:
        """A heading and a list of markup items (already escaped), or the empty line."""
        muted = colors().muted
        body = (
            "<ul style='margin-top:2px'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
            if items
            else f"<p style='color:{muted}; margin-top:2px'>{html.escape(empty)}</p>"
        )
        heading = html.escape(title)
        return f"<p style='font-weight:600; font-size:14px; margin-top:12px'>{heading}</p>{body}"

    def set_summary(
        self,
        summary: LearnerSummary,
        titles: Mapping[str, str],
        view: Overview | None = None,
        today: date | None = None,
        pulse: bool = False,
        steps: Mapping[str, int] | None = None,
    ) -> None:
        """Show the summary; `steps` gives each card's number of steps, for "2 of 5"."""
        week, total = summary.completed_this_week, summary.completed_total
        self.headline.setText(
            f"{plural(week, 'card')} completed this week. Nice work!"
            if week
            else "A fresh week: one short card is a good start."
        )
        going = len(summary.in_progress)
        self.subline.setText(
            f"{plural(total, 'card')} completed in all · {going} in progress"
            if total or going
            else "Open a card from the tray or the search to begin."
        )
        self.chart.set_weeks(summary.weekly)
        view = view or Overview()
        due_count = len(view.reviews_due)
        # Shown only with something to review: "Reviews due" below says when the next is.
        self.review_button.setText(f"Review now ({due_count})")
        self.review_button.setVisible(bool(due_count))
        self.pulse_button.setVisible(pulse)
        self._links = []
        steps = steps or {}
        parts = []
        if view.required:
            day = today or date.min
            required = [
                self._card(item.card_id, item.title, _required_text(item, day))
                for item in view.required
            ]
            parts.append(self._section("Required", required, ""))
        later = view.next_review
        parts.append(
            self._section(
                "Reviews due",
                [self._card(r.card_id, r.title) for r in view.reviews_due],
                f"None due; next: {later.title}, {later.due.astimezone():%d %b}."
                if later
                else "None due.",
            )
        )
        paths = [
            html.escape(
                f"{p.path.name}: day {p.day} of {p.days}, {p.done} of {plural(p.total, 'card')}"
                " done"
            )
            for p in view.paths
        ]
        sprints = [
            html.escape(
                f"{s.sprint.name}: {len(s.done)} of {plural(len(s.cards), 'card')} done"
                f" ({s.status.value})"
            )
            for s in view.sprints
            if s.joined
        ]
        if paths or sprints:
            parts.append(self._section("Paths and sprints", paths + sprints, ""))
        progress = []
        for card_id, done in list(zip(summary.in_progress, summary.steps_done, strict=False))[
            :SHOWN_PER_LIST
        ]:
            count = steps.get(card_id, 0)
            extra = f"{done} of {plural(count, 'step')} done" if count else ""
            progress.append(self._card(card_id, titles.get(card_id, card_id), extra))
        parts.append(
            self._section("In progress", progress, "Nothing half-done: tick a step to begin.")
        )
        completed = [
            self._card(card_id, titles.get(card_id, card_id), f"{day:%d %b}")
            for card_id, day in summary.recently_completed[:SHOWN_PER_LIST]
        ]
        parts.append(self._section("Completed", completed, "Nothing completed yet."))
        log = [html.escape(f"{e.ts.astimezone():%d %b}: {e.text}") for e in summary.recent_log]
        parts.append(self._section("Recently logged", log, "Your learning log is empty."))
        parts.append(
            f"<p><a href='{LOG_LINK}' style='color:{colors().accent}; text-decoration:none'>"
            "Open the learning log…</a></p>"
        )
        if view.pulse:
            last = view.pulse[0]
            answers = [
                html.escape(f"Learning: {last.learning or '–'}"),
                html.escape(f"Would help: {last.helps or '–'}"),
            ]
            parts.append(
                self._section(f"Your pulse of {last.ts.astimezone():%d %b %Y}", answers, "")
            )
        self.details.setText("".join(parts))
