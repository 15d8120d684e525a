"""Audits of what a model and its training data have learned: does layout alone separate the classes
(:mod:`~fakeprofile.audit.layout`), does an unknown value move a score (:mod:`~fakeprofile.audit.missing`),
and does each clue the seeds name move the score the way they say (:mod:`~fakeprofile.audit.clues`)."""
