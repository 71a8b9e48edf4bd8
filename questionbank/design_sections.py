"""The sections of a system-design answer: plain data with no Django import, so the answer analysis engine
(scoring/feedback/) reads the same list as the bank and the pages."""

# The sections of a system-design answer, in the order a candidate writes them, with the share of the
# round's time each one suggests.
DESIGN_SECTIONS: list[tuple[str, str, float]] = [
    ("framing", "Problem framing", 0.10),
    ("metrics", "Metrics (offline and online)", 0.10),
    ("architecture", "Architecture", 0.15),
    ("data", "Data and labels", 0.12),
    ("features", "Features", 0.10),
    ("model", "Model and offline evaluation", 0.13),
    ("serving", "Serving", 0.10),
    ("online_testing", "Online testing and deployment", 0.10),
    ("monitoring", "Monitoring and updates", 0.10),
]
