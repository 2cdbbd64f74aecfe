"""The recall lesson's offered seeds, computed once before anyone asks (core/recall_lesson.py).

Ten students asking the lesson for new seeds at once would wait for ten trainings of seconds
each on a 2-core machine. `rnnscope serve` therefore computes the runs the lesson offers in
the background when it starts (`RNNSCOPE_WARM_RECALL`), one at a time (so one core at most),
through the recall lane like any request: computed once across workers, and kept under the data
directory with the recall runs' priority (server/shared.py), so that a later start, or the next
lecture, finds them there. A code change computes them again (answers are keyed by the code).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from rnnscope.core import recall_lesson

from .lessons import LessonService
from .params import RecallQuery

log = logging.getLogger("rnnscope.warm")


@dataclass
class Warm:
    """The lesson's runs ready in this worker (`kept` of `of`), computed in one thread."""

    of: int = field(default_factory=lambda: len(recall_lesson.queries()))
    kept: int = 0
    started: bool = False
    stop: threading.Event = field(default_factory=threading.Event)

    def start(self, lessons: LessonService) -> threading.Thread:
        self.started = True
        thread = threading.Thread(target=self.run, args=(lessons,), name="warm", daemon=True)
        thread.start()
        return thread

    def run(self, lessons: LessonService) -> None:
        for params in recall_lesson.queries():
            if self.stop.is_set():
                return
            try:  # read from disk when kept, else computed (waiting for a slot like others)
                lessons.recall(RecallQuery.model_validate(params), gone=self.stop.is_set)
            except Exception as exc:  # a stop (ClientGone) or a failed run: the next one
                if self.stop.is_set():
                    return
                log.warning("recall lesson run %s not kept: %r", params, exc)
                continue
            self.kept += 1
