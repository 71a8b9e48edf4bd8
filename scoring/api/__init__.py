"""Grading, reviewing and results over the API (docs/api.md), one module per area: `submissions` (code
runs and verdicts), `results` (a round's results and the reviews a candidate received), `readiness`
(profile, debriefs, practice plan), `reviews` (queue, review form, live reviews, calibration) and
`curators` (escalations, flags, gold rounds, agreement). Each view: input serializer -> access /
selector / service -> output serializer.
"""
