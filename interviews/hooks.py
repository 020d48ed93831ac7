"""Hooks the interviews app calls (core.hooks); the apps above it register in their AppConfig.ready()."""

from core.hooks import Hook

feedback_changed = Hook(
    "interviews.feedback_changed",
    "A scorecard was submitted or amended: called with loop=, scorecard= and revision= (1 for the submission) "
    "inside the transaction that saved it. The decisions app recomputes and keeps the loop's recommendation.",
)
