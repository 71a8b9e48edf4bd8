"""Grading candidate code: the sandbox (``sandbox.py``) and the judge built on it. Plain Python, no Django."""
