# Risk ratios with their log (Katz) 95% interval from statsmodels, as an independent yardstick for
# @living-lab/stats riskRatio / compareProportions (used by klantbeleving and later uitval, issue 14).
# Tables: (negative events, negative complete, others events, others complete) — those of the
# wekelijkse-coaching cohort on 2026-11-15 (beleving-uitval-2026-11-15.json) and a few more.
#
#   apt-get install -y python3-statsmodels
#   /usr/bin/python3 libs/stats/reference/riskratio-statsmodels.py > libs/stats/reference/riskratio-statsmodels.json
import json
import statsmodels
from statsmodels.stats.contingency_tables import Table2x2

TABLES = [
    (51, 215, 23, 80), (21, 104, 12, 41), (30, 111, 11, 39), (21, 81, 57, 229), (11, 41, 27, 115),
    (10, 40, 30, 114), (67, 207, 7, 63), (28, 98, 6, 37), (39, 109, 1, 26), (7, 49, 10, 120),
    (4, 26, 4, 69), (3, 23, 6, 51), (20, 20, 5, 40), (1, 500, 1, 500),
]
out = []
for a, n1, c, n0 in TABLES:
    # shift_zeros=False: statsmodels would otherwise add 0.5 to every cell of a table with a 0 cell
    t = Table2x2([[a, n1 - a], [c, n0 - c]], shift_zeros=False)
    lo, hi = t.riskratio_confint(alpha=0.05, method="normal")
    out.append({"table": [a, n1, c, n0], "riskRatio": t.riskratio, "ci95": [lo, hi]})
print(json.dumps({"tool": "statsmodels " + statsmodels.__version__, "cases": out}, indent=1))
