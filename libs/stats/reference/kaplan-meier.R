# Reference for kaplanMeier (doorlooptijd, issue 14 item 6): survival::survfit with its default log
# interval, quantile(fit, 0.5) for the median and its interval, summary(fit, times) for S(t).
#   Rscript libs/stats/reference/kaplan-meier.R > libs/stats/reference/kaplan-meier.json
#   npx prettier --write libs/stats/reference/kaplan-meier.json
# (R 4.2.2, survival 3.5.3, jsonlite 1.8.4; Debian 12 packages.)
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
set.seed(20261129)
cases <- list(
  # S exactly 0.5 on a flat step: the median is the midpoint to the next event time
  list(time = c(2, 4, 4, 6, 8, 8), event = c(1, 1, 1, 0, 1, 0)),
  # the last record an event: S reaches 0, no interval there; upper limit not reached
  list(time = c(1, 2, 2, 3, 4), event = c(1, 1, 0, 1, 1)),
  # fewer than half with the event: median not reached
  list(time = c(5, 10, 15, 20, 25, 30, 35), event = c(1, 0, 1, 0, 0, 0, 0)),
  # S exactly 0.5 on the last step: the midpoint to the last observed time
  list(time = c(3, 5, 7, 9), event = c(1, 0, 1, 0)),
  # waiting times as days (aanmelding to intake): ties, censoring, 80 records
  { t <- round(rexp(80, 1 / 26)); list(time = t, event = as.numeric(runif(80) < 0.8)) },
  # the upper limit of S falls below 0.5 and rises again (few at risk): the median's upper limit is
  # where 1 - upper first reaches 0.5 in value order (approx sorts), 320 (the wekelijkse-coaching
  # demo cohort, lindewaard, controle, instroom to gereed on 2026-11-15)
  list(time = c(259, 113, 128, 229, 156, 87, 229, 245, 261, 223, 211, 333, 201, 57, 320, 353, 203, 330, 250,
                285, 272, 77, 238, 85, 24, 243, 144, 228, 166, 119, 196, 118, 206, 139, 54, 169, 173, 71, 145,
                119, 104, 118, 64, 80, 92, 17, 58, 9, 68, 48, 70, 44, 34, 27, 21),
       event = c(1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0,
                 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
  # a longer doorlooptijd (instroom to gereed), heavy censoring, 150 records
  { t <- round(rlnorm(150, log(250), 0.5)); e <- runif(150) < 0.55; list(time = t, event = as.numeric(e)) }
)
days <- c(0, 28, 90, 180, 365, 1000)
out <- lapply(cases, function(cs) {
  f <- survfit(Surv(cs$time, cs$event) ~ 1)
  q <- quantile(f, 0.5)
  known <- days[days <= max(cs$time)]
  s <- summary(f, times = known)
  list(time = I(cs$time), event = I(cs$event),
       median = unname(q$quantile), lower = unname(q$lower), upper = unname(q$upper),
       days = I(known), surv = I(s$surv), survLower = I(s$lower), survUpper = I(s$upper))
})
cat(toJSON(list(call = "survfit(Surv(time, event) ~ 1); quantile(fit, 0.5); summary(fit, times = days)",
  tool = paste(R.version.string, "survival", packageVersion("survival")), cases = out),
  auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null", null = "null"), "\n")
