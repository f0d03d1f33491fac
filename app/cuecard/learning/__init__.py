"""Learning that lasts: fading support, spaced review, paths, sprints, pulse.

Pure, no Qt, no I/O: every function takes the learner's record and the current time as
parameters. The policy asks this package what to offer; the store folds events into its
`LearningRecord`; the UI only shows what it computes.
"""
