# Reference for cumulativeIncidenceCurve (the whole step curve per cause, issue 14 leftover):
# cmprsk::cuminc gives each cause's curve as $time/$est (every jump twice: before and after it);
# survival::survfit gives the standard error and log interval at every event time and at the last
# follow-up time (where our curve ends).
#   Rscript libs/stats/reference/cuminc-curve.R > libs/stats/reference/cuminc-curve.json
#   npx prettier --write libs/stats/reference/cuminc-curve.json
# (R 4.2.2, cmprsk 2.2.11, survival 3.5.3, jsonlite 1.8.4; Debian 12 packages.)
suppressPackageStartupMessages({ library(cmprsk); library(survival); library(jsonlite) })
set.seed(20261129)
n <- 120
sim <- data.frame(
  # whole days with ties; gereed (1), uitval (2), another end (3), censored (0) after the last one
  time = pmin(round(rexp(n, 1 / 160)), 400),
  cause = sample(0:3, n, replace = TRUE, prob = c(0.3, 0.35, 0.3, 0.05)),
  group = rep(c("controle", "bon"), each = n / 2))
# censor at the end of follow-up, and a group whose last record is censored after the last event
sim$cause[sim$time == 400] <- 0
small <- data.frame(time = c(5, 10, 10, 20, 30, 40, 60, 60, 75), cause = c(1, 2, 0, 1, 0, 1, 0, 1, 0), group = "klein")
d <- rbind(sim, small)
curves <- lapply(unique(d$group), function(g) {
  s <- d[d$group == g, ]
  fit <- cuminc(s$time, s$cause, cencode = 0)
  causes <- sort(unique(s$cause[s$cause > 0]))
  at <- sort(unique(c(0, s$time[s$cause > 0], max(s$time))))
  sf <- summary(survfit(Surv(time, factor(cause, 0:3)) ~ 1, data = s), times = at)
  list(group = g, lastTime = max(s$time),
       cuminc = lapply(causes, function(k) list(cause = k, time = I(fit[[paste(1, k)]]$time), est = I(fit[[paste(1, k)]]$est))),
       survfit = list(times = I(sf$time),
         value = lapply(1:3, function(k) I(unname(sf$pstate[, k + 1]))),
         se = lapply(1:3, function(k) I(unname(sf$std.err[, k + 1]))),
         lower = lapply(1:3, function(k) I(unname(sf$lower[, k + 1]))),
         upper = lapply(1:3, function(k) I(unname(sf$upper[, k + 1])))))
})
cat(toJSON(list(
  call = "per group: cuminc(time, cause, cencode = 0)[['1 k']]$time/$est; summary(survfit(Surv(time, factor(cause, 0:3)) ~ 1), times = c(0, event times, last time))",
  tool = paste(R.version.string, "cmprsk", packageVersion("cmprsk"), "survival", packageVersion("survival")),
  data = d, curves = curves),
  auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"), "\n")
