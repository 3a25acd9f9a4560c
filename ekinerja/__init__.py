"""ekinerja: SAKIP cascades and Balanced Scorecard scoring for Indonesian regional governments."""

__version__ = "0.1.0"
