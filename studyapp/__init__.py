"""studyapp: review machine-learning material in the terminal, graded like a patient tutor."""

__version__ = "0.1.0"
