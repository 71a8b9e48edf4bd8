"""Submissions and verdicts, filled-in reviews, calibration and profiles live here."""
