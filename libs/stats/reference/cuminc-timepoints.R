# Reference for cumulativeIncidence's "every requested day for every cause" (issue 14 item 10):
# cmprsk::cuminc + timepoints give the estimate of every cause present in the data per group, 0
# where a group has no event of a cause, and NA after the group's last follow-up time;
# survival::survfit gives the standard error and log interval at the days within follow-up.
#   Rscript libs/stats/reference/cuminc-timepoints.R > libs/stats/reference/cuminc-timepoints.json
#   npx prettier --write libs/stats/reference/cuminc-timepoints.json
# (R 4.2.2, cmprsk 2.2.11, survival 3.5.3, jsonlite 1.8.4; Debian 12 packages.)
suppressPackageStartupMessages({ library(cmprsk); library(survival); library(jsonlite) })
d <- data.frame(
  time  = c(5, 10, 10, 20, 30, 40, 60, 60,   3, 8, 15, 25, 90, 120, 120),
  cause = c(1, 2, 0, 1, 0, 1, 0, 1,          3, 3, 1, 0, 2, 0, 0),
  group = c(rep("a", 8), rep("b", 7)))
days <- c(0, 4, 10, 45, 60, 61, 120, 365)
fit <- cuminc(d$time, d$cause, d$group, cencode = 0)
tp <- timepoints(fit, days)
groups <- lapply(c("a", "b"), function(g) {
  s <- d[d$group == g, ]
  sf <- summary(survfit(Surv(time, factor(cause, 0:3)) ~ 1, data = s), times = days[days <= max(s$time)])
  list(group = g,
       cuminc = lapply(1:3, function(k) list(cause = k, est = unname(tp$est[paste(g, k), ]))),
       survfit = lapply(seq_along(sf$time), function(j) list(day = sf$time[j],
         value = unname(sf$pstate[j, 2:4]), se = unname(sf$std.err[j, 2:4]),
         lower = unname(sf$lower[j, 2:4]), upper = unname(sf$upper[j, 2:4]))))
})
# A second data set without any uitval (cause 2): cuminc makes no curve for it at all.
e <- data.frame(time = c(2, 4, 6, 8), cause = c(1, 0, 3, 0))
fe <- cuminc(e$time, e$cause, cencode = 0)
cat(toJSON(list(call = "cuminc(time, cause, group, cencode = 0); timepoints(fit, days)",
  tool = paste(R.version.string, "cmprsk", packageVersion("cmprsk"), "survival", packageVersion("survival")),
  data = d, days = days, groups = groups,
  noUitval = list(data = e, curves = setdiff(names(fe), "Tests"), est = lapply(setdiff(names(fe), "Tests"), function(n) unname(timepoints(fe, c(1, 8, 9))$est[n, ])))),
  auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"), "\n")
