# Reference values for libs/stats tests, computed with R (see README). Run:
#   Rscript libs/stats/reference/r-reference.R > libs/stats/reference/r-reference.json
#   node libs/stats/reference/generate-specs.js
# Needs: r-base-core r-cran-survival r-cran-cmprsk r-cran-jsonlite r-cran-epir r-cran-rpact (Debian 12).
suppressPackageStartupMessages({ library(survival); library(cmprsk); library(jsonlite); library(epiR); library(rpact) })
options(warn = -1)
out <- list()
ev <- function(call) eval(parse(text = call))
case <- function(call, ...) list(call = call, value = ev(call), ...)

# ---- proportions
wil <- list(c(0,1), c(1,1), c(0,10), c(10,10), c(1,2), c(3,7), c(58,100), c(1,1000), c(999,1000), c(5000,10000), c(37,41), c(2,3))
out$wilson <- lapply(wil, function(v) case(sprintf("unname(prop.test(%d, %d, correct = FALSE)$conf.int[1:2])", v[1], v[2]), x = v[1], n = v[2], level = 0.95))
out$wilson[[length(out$wilson) + 1]] <- case("unname(prop.test(7, 19, correct = FALSE, conf.level = 0.9)$conf.int[1:2])", x = 7, n = 19, level = 0.9)
out$wilson[[length(out$wilson) + 1]] <- case("unname(prop.test(1, 3, correct = FALSE, conf.level = 0.99)$conf.int[1:2])", x = 1, n = 3, level = 0.99)

tabs <- list(c(1,0,0,1), c(3,1,1,3), c(0,5,5,0), c(10,0,0,10), c(7,3,2,8), c(1,99,10,890), c(12,5,3,40), c(50,50,50,50),
             c(2500,2500,2400,2600), c(5200,4800,5000,5000), c(0,3,1,0), c(1,0,4,20), c(30,20,20,30), c(58,42,71,29), c(0,200,6,194), c(9,1,0,1))
fcall <- function(t) sprintf("fisher.test(matrix(c(%d, %d, %d, %d), 2, byrow = TRUE))$p.value", t[1], t[2], t[3], t[4])
out$fisher <- lapply(tabs, function(t) case(fcall(t), table = t))
chis <- Filter(function(t) all(c(t[1]+t[2], t[3]+t[4], t[1]+t[3], t[2]+t[4]) > 0), tabs)
out$chisq <- c(
  lapply(chis, function(t) case(sprintf("chisq.test(matrix(c(%d, %d, %d, %d), 2, byrow = TRUE), correct = FALSE)$p.value", t[1], t[2], t[3], t[4]), table = t, correct = FALSE)),
  lapply(chis, function(t) case(sprintf("chisq.test(matrix(c(%d, %d, %d, %d), 2, byrow = TRUE), correct = TRUE)$p.value", t[1], t[2], t[3], t[4]), table = t, correct = TRUE)))
out$ztest <- lapply(chis, function(t) case(sprintf("prop.test(c(%d, %d), c(%d, %d), correct = FALSE)$p.value", t[1], t[3], t[1]+t[2], t[3]+t[4]), table = t))
newcombe <- function(x1, n1, x0, n0) { a <- prop.test(x1, n1, correct = FALSE)$conf.int; b <- prop.test(x0, n0, correct = FALSE)$conf.int; p1 <- x1/n1; p0 <- x0/n0
  c(p1 - p0 - sqrt((p1 - a[1])^2 + (b[2] - p0)^2), p1 - p0 + sqrt((a[2] - p1)^2 + (p0 - b[1])^2)) }
arms <- list(c(30,50,20,50), c(0,10,0,10), c(10,10,0,10), c(1,1,0,1), c(5,56,8,48), c(56,70,48,80), c(9,10,3,10), c(0,20,5,20), c(580,1000,610,1000), c(1,400,3,30), c(3,4,1,1000), c(71,100,58,100))
out$newcombe <- lapply(arms, function(a) case(sprintf("newcombe(%d, %d, %d, %d)  # Newcombe 1998 method 10 from prop.test Wilson limits", a[1], a[2], a[3], a[4]), arm = a))
pb <- function(x1, n1, x0, n0) integrate(function(p) dbeta(p, x1 + 1, n1 - x1 + 1) * pbeta(p, x0 + 1, n0 - x0 + 1), 0, 1, rel.tol = 1e-12, subdivisions = 1000L)$value
pbsum <- function(x1, n1, x0, n0) { aT <- x1+1; bT <- n1-x1+1; aC <- x0+1; bC <- n0-x0+1; i <- 0:(aT-1)
  sum(exp(lbeta(aC + i, bC + bT) - log(bT + i) - lbeta(1 + i, bT) - lbeta(aC, bC))) }
pbarms <- list(c(30,50,20,50), c(0,0,0,0), c(0,10,0,10), c(10,10,0,10), c(1,1,0,1), c(5,56,8,48), c(56,70,48,80), c(2,3,1,3), c(71,100,58,100), c(1,400,3,30), c(0,5,5,5), c(45,50,5,50))
out$pbetter <- c(
  lapply(pbarms, function(a) case(sprintf("integrate(function(p) dbeta(p, %d + 1, %d - %d + 1) * pbeta(p, %d + 1, %d - %d + 1), 0, 1, rel.tol = 1e-12, subdivisions = 1000L)$value", a[1], a[2], a[1], a[3], a[4], a[3]), arm = a)),
  lapply(list(c(580,1000,610,1000), c(5100,10000,5000,10000), c(300,900,200,1000)), function(a) case(sprintf("pbsum(%d, %d, %d, %d)  # sum(exp(lbeta(aC+i, bC+bT) - log(bT+i) - lbeta(1+i, bT) - lbeta(aC, bC))), i = 0..aT-1", a[1], a[2], a[3], a[4]), arm = a)))
rrarms <- list(c(30,50,20,50), c(5,56,8,48), c(56,70,48,80), c(9,10,3,10), c(580,1000,610,1000), c(1,400,3,30), c(71,100,58,100), c(2,3,1,3), c(12,17,5,43), c(100,1000,10,100))
rrcall <- function(a, what) sprintf("unlist(epi.2by2(as.table(matrix(c(%d, %d, %d, %d), 2, byrow = TRUE)), method = 'cohort.count', units = 1)$massoc.detail$%s)", a[1], a[2]-a[1], a[3], a[4]-a[3], what)
out$riskratio <- lapply(rrarms, function(a) case(rrcall(a, "RR.strata.wald"), arm = a))
out$oddsratio <- lapply(rrarms, function(a) case(rrcall(a, "OR.strata.wald"), arm = a))

# ---- stratified
set.seed(20270101)
mk <- function(K, nlo, nhi, p0, p1) { t <- array(0, c(2, 2, K)); for (k in 1:K) { n1 <- sample(nlo:nhi, 1); n0 <- sample(nlo:nhi, 1)
  x1 <- rbinom(1, n1, p1); x0 <- rbinom(1, n0, p0); t[, , k] <- matrix(c(x1, n1 - x1, x0, n0 - x0), 2, byrow = TRUE) }; t }
strat <- list(
  array(c(10,15,20,25, 5,8,30,40, 12,6,12,20), dim = c(2,2,3)),
  array(c(2,1,1,2, 3,0,1,2), dim = c(2,2,2)),
  array(c(1,0,0,1, 0,1,1,0, 1,1,1,1), dim = c(2,2,3)),
  mk(5, 10, 40, 0.4, 0.55), mk(12, 3, 15, 0.2, 0.2), mk(40, 5, 60, 0.6, 0.7), mk(342, 2, 30, 0.5, 0.5),
  mk(8, 50, 200, 0.1, 0.05), array(c(0,10,0,12, 3,7,1,9, 2,8,4,6), dim = c(2,2,3)), mk(3, 200, 400, 0.58, 0.71),
  array(c(5,5,5,5, 6,4,4,6), dim = c(2,2,2)), array(c(8,2,3,7, 9,1,4,6, 7,3,2,8, 10,0,5,5), dim = c(2,2,4)))
# R arrays here are [arm, outcome, stratum] after aperm: rows treatment/control, cols success/failure
bdt <- function(tab, psi) {  # as reference-analysis.R breslow_day_tarone
  a <- tab[1, 1, ]; n1 <- tab[1, 1, ] + tab[1, 2, ]; m1 <- tab[1, 1, ] + tab[2, 1, ]; N <- apply(tab, 3, sum)
  e <- sapply(seq_along(a), function(k) { lo <- max(0, m1[k] - (N[k] - n1[k])); hi <- min(n1[k], m1[k])
    if (psi == 1) return(n1[k] * m1[k] / N[k])
    f <- function(x) x * (N[k] - n1[k] - m1[k] + x) - psi * (n1[k] - x) * (m1[k] - x)
    uniroot(f, c(lo, hi), tol = 1e-12)$root })
  v <- 1 / (1 / e + 1 / (n1 - e) + 1 / (m1 - e) + 1 / (N - n1 - m1 + e))
  keep <- is.finite(v) & v > 0
  stat <- sum(((a - e)^2 / v)[keep]) - (sum(a[keep]) - sum(e[keep]))^2 / sum(v[keep])
  pchisq(stat, sum(keep) - 1, lower.tail = FALSE) }
out$strata <- lapply(seq_along(strat), function(i) { full <- strat[[i]]
  keep <- apply(full, 3, function(m) all(rowSums(m) > 0)); tab <- full[, , keep, drop = FALSE]  # as reference-analysis.R
  K <- dim(tab)[3]
  mh0 <- if (sum(sapply(1:K, function(k) { m <- tab[, , k]; prod(rowSums(m)) * prod(colSums(m)) })) > 0) mantelhaen.test(tab, correct = FALSE) else NULL
  mh1 <- if (!is.null(mh0)) mantelhaen.test(tab, correct = TRUE) else NULL
  psi <- if (!is.null(mh0)) unname(mh0$estimate) else NA
  list(table = lapply(1:dim(full)[3], function(k) c(full[1,1,k], full[1,1,k] + full[1,2,k], full[2,1,k], full[2,1,k] + full[2,2,k])), excluded = which(!keep) - 1,
       call = "mantelhaen.test(tab, correct = FALSE / TRUE); epiR:::zMHRD.GR(as.table(tab), conf.level = 0.95, units = 1) (the ARisk.mh.green of epi.2by2); breslow_day_tarone(tab, mh$estimate) of reference-analysis.R",
       cmh = if (is.null(mh0)) NULL else mh0$p.value, cmhCorrected = if (is.null(mh1)) NULL else mh1$p.value,
       or = psi, orCi = if (is.null(mh0)) NULL else unname(mh0$conf.int[1:2]),
       rd = if (K > 0) epiR:::zMHRD.GR(as.table(tab), conf.level = 0.95, units = 1) else NULL,
       bd = if (K >= 2 && is.finite(psi) && psi > 0) bdt(tab, psi) else NULL) })

# ---- competing risks
set.seed(1234)
gen <- function(n, rate1, rate2, cens, g = "a") { t1 <- rexp(n, rate1); t2 <- rexp(n, rate2); c <- rexp(n, cens)
  time <- pmin(t1, t2, c); cause <- ifelse(c <= pmin(t1, t2), 0, ifelse(t1 < t2, 1, 2)); data.frame(time = ceiling(time) - 1, cause = cause, group = g) }
crs <- list(
  data.frame(time = c(1, 2, 2, 3, 5), cause = c(1, 2, 0, 1, 0), group = c("a", "a", "b", "b", "b")),
  data.frame(time = c(0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 4, 6), cause = c(1, 0, 1, 0, 2, 1, 1, 0, 2, 0, 1, 1), group = rep(c("a", "b"), 6)),
  rbind(gen(30, 0.03, 0.01, 0.01, "controle"), gen(30, 0.05, 0.01, 0.01, "coaching")),
  rbind(gen(30, 0.03, 0.02, 0.02, "controle"), gen(170, 0.03, 0.02, 0.02, "coaching")),
  rbind(gen(60, 0.02, 0.01, 0.005, "a"), gen(60, 0.03, 0.01, 0.005, "b"), gen(60, 0.02, 0.02, 0.005, "c")),
  rbind(gen(100, 0.02, 0.01, 0.01, "x"), gen(80, 0.025, 0.005, 0.01, "y")),
  data.frame(time = c(3, 5, 7, 2, 4, 4, 9), cause = c(0, 0, 0, 1, 1, 0, 2), group = c("a", "a", "a", "b", "b", "b", "b")),
  data.frame(time = c(0, 0, 0, 1, 1, 2, 3, 3, 3, 3), cause = c(1, 1, 2, 1, 0, 1, 3, 1, 2, 0), group = c("a", "b", "a", "b", "a", "b", "a", "b", "a", "b")))
crs[[3]]$cause[crs[[3]]$cause == 2 & seq_len(nrow(crs[[3]])) %% 5 == 0] <- 3
out$cr <- lapply(seq_along(crs), function(i) { d <- crs[[i]]; d$g2 <- d$group
  K <- max(d$cause); days <- sort(unique(c(0, 1, 2, 5, 10, 20, 30, 50, 90, 180, quantile(d$time, c(0.25, 0.5, 0.9), type = 1))))
  per <- lapply(sort(unique(d$group)), function(g) { s <- d[d$group == g, ]
    fit <- survfit(Surv(time, factor(cause, 0:K)) ~ 1, data = s); sm <- summary(fit, times = days[days <= max(s$time)])
    list(group = g, states = fit$states, points = lapply(seq_along(sm$time), function(j) list(day = sm$time[j],
      value = unname(sm$pstate[j, -1]), lower = unname(sm$lower[j, -1]), upper = unname(sm$upper[j, -1]), se = unname(sm$std.err[j, -1])))) })
  gray <- if (length(unique(d$group)) > 1) { ci <- cuminc(d$time, d$cause, d$group, cencode = 0)$Tests; lapply(rownames(ci), function(r) list(cause = as.numeric(r), stat = ci[r, "stat"], pv = ci[r, "pv"], df = ci[r, "df"])) } else NULL
  lr <- lapply(1:K, function(k) if (sum(d$cause == k) > 0) { s <- survdiff(Surv(time, cause == k) ~ group, data = d); list(cause = k, stat = s$chisq, pv = pchisq(s$chisq, length(unique(d$group[d$group %in% d$group])) - 1, lower.tail = FALSE)) } else NULL)
  list(data = d[, c("time", "cause", "group")], calls = c("survfit(Surv(time, factor(cause, 0:K)) ~ 1, data = arm); summary(fit, times = days)$pstate/lower/upper/std.err [, -1]",
    "cuminc(time, cause, group, cencode = 0)$Tests", "survdiff(Surv(time, cause == k) ~ group)$chisq"), arms = per, gray = gray, logrank = Filter(Negate(is.null), lr)) })

# ---- scores
set.seed(77)
sc <- list(list(c(7, 8, 6, 9, 7), c(6, 5, 7, 6)), list(c(1, 2), c(3, 4, 5)), list(round(rnorm(40, 7, 1.5)), round(rnorm(35, 6.5, 1.4))),
  list(sample(1:5, 60, TRUE), sample(1:5, 20, TRUE)), list(c(5, 5, 5, 6), c(5, 5, 5, 5, 4)), list(rnorm(200, 0.2), rnorm(15)),
  list(c(10, 10, 9), c(1, 2, 1, 2, 3, 1)), list(sample(1:10, 300, TRUE), sample(2:10, 250, TRUE)), list(c(3.5, 2.25, 8, 1), c(4, 4.5)),
  list(c(1, 1, 1, 2, 2), c(1, 2, 2, 2, 2, 2)), list(c(7, 7, 8), c(6, 6, 7, 9, 9, 9, 10)))
out$scores <- lapply(sc, function(s) { x <- s[[1]]; y <- s[[2]]; w <- t.test(x, y); m <- wilcox.test(x, y, exact = FALSE, correct = TRUE)
  list(x = x, y = y, call = "t.test(x, y); wilcox.test(x, y, exact = FALSE, correct = TRUE)", diff = mean(x) - mean(y), ci = unname(w$conf.int[1:2]), p = w$p.value,
       W = unname(m$statistic), mwp = m$p.value, sdx = sd(x), medx = median(x)) })

# ---- multiplicity
pv <- list(c(0.01, 0.02, 0.03, 0.04, 0.05), c(0.5), c(0.001, 0.3, 0.02, 0.02, 0.9, 0.04), c(1e-10, 0.5, 0.5, 1), c(0.04, 0.01), c(0.2, 0.2, 0.2),
  c(0.011, 0.049, 0.012, 0.8, 0.03, 0.0001, 0.6, 0.045, 0.02, 0.33), c(0, 0.05), c(0.9, 0.8, 0.7, 0.6), c(1e-300, 1e-12, 0.07), runif(25)^3)
out$padjust <- c(lapply(pv, function(p) list(p = p, call = "p.adjust(p, 'holm')", method = "holm", value = p.adjust(p, "holm"))),
                 lapply(pv, function(p) list(p = p, call = "p.adjust(p, 'BH')", method = "bh", value = p.adjust(p, "BH"))))

# ---- power
pw <- list(c(0.6, 0.1), c(0.5, 0.05), c(0.2, 0.1), c(0.1, -0.05), c(0.9, 0.05), c(0.3, 0.3), c(0.01, 0.01), c(0.58, 0.13), c(0.4, 0.15), c(0.75, -0.2))
out$power <- c(lapply(pw, function(v) case(sprintf("power.prop.test(p1 = %s, p2 = %s, sig.level = 0.05, power = 0.8, tol = 1e-12)$n", v[1], v[1] + v[2]), baseline = v[1], effect = v[2], alpha = 0.05, power = 0.8, ratio = 1)),
  list(case("power.prop.test(p1 = 0.6, p2 = 0.7, sig.level = 0.01, power = 0.9, tol = 1e-12)$n", baseline = 0.6, effect = 0.1, alpha = 0.01, power = 0.9, ratio = 1)))
pu <- function(p0, p1, r, a, b) uniroot(function(nc) pnorm((abs(p1 - p0) * sqrt(nc) - qnorm(a/2, lower.tail = FALSE) * sqrt(((p0 + r*p1)/(1+r)) * (1 - (p0 + r*p1)/(1+r)) * (1 + 1/r))) / sqrt(p0*(1-p0) + p1*(1-p1)/r)) - b, c(1, 1e9), tol = 1e-12)$root
uneq <- list(c(0.6, 0.1, 2), c(0.6, 0.1, 0.5), c(0.2, 0.05, 3), c(0.5, -0.1, 1.5), c(0.1, 0.1, 4))
out$powerUnequal <- lapply(uneq, function(v) case(sprintf("pu(%s, %s, %s, 0.05, 0.8)  # uniroot of Phi((|d| sqrt(nc) - z_a sqrt(pbar qbar (1+1/r)))/sqrt(p0q0 + p1q1/r)) = power", v[1], v[1] + v[2], v[3]), baseline = v[1], effect = v[2], ratio = v[3]))
mde <- list(c(0.6, 100), c(0.6, 1000), c(0.2, 50), c(0.5, 20), c(0.05, 5000), c(0.9, 300), c(0.58, 120), c(0.3, 10), c(0.75, 400), c(0.4, 2500))
out$mde <- lapply(mde, function(v) case(sprintf("power.prop.test(n = %s, p1 = %s, power = 0.8, sig.level = 0.05, tol = 1e-13)$p2 - %s", v[2], v[1], v[1]), baseline = v[1], n = v[2]))

# ---- srm
srm <- list(list(c(50, 50), c(1, 1)), list(c(520, 480), c(1, 1)), list(c(5000, 5400), c(1, 1)), list(c(10, 25), c(1, 2)), list(c(100, 210, 90), c(1, 2, 1)),
  list(c(1, 0), c(1, 1)), list(c(3, 3, 3, 3), c(1, 1, 1, 1)), list(c(300, 700), c(0.3, 0.7)), list(c(1000, 1100, 900), c(1, 1, 1)), list(c(7, 30), c(1, 3)), list(c(40000, 40600), c(1, 1)))
out$srm <- lapply(srm, function(s) { r <- chisq.test(s[[1]], p = s[[2]], rescale.p = TRUE); list(observed = s[[1]], weights = s[[2]], call = "chisq.test(observed, p = weights, rescale.p = TRUE)", chi = unname(r$statistic), p = r$p.value) })

# ---- sequential
seqs <- list(c(0.25, 0.5, 0.75, 1), c(0.2, 0.4, 0.6, 0.8, 1), c(1/3, 2/3, 1), c(0.5, 1), c(1), c(0.1, 0.35, 0.6, 1), c(0.3, 0.5), c(0.25, 0.5, 0.75, 1), c(0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1), c(0.1, 1), c(0.6, 0.8, 0.95, 1))
alphas <- c(0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.01, 0.05, 0.1, 0.05)
out$obf <- lapply(seq_along(seqs), function(i) { t <- seqs[[i]]; a <- alphas[i]
  d <- if (length(t) == 1) list(criticalValues = qnorm(1 - a/2)) else getDesignGroupSequential(typeOfDesign = "asOF", informationRates = t, alpha = a, sided = 2)
  list(t = t, alpha = a, call = sprintf("getDesignGroupSequential(typeOfDesign = 'asOF', informationRates = c(%s), alpha = %s, sided = 2)$criticalValues", paste(t, collapse = ", "), a), value = d$criticalValues) })
# rpact returns Inf when the first look spends less than ~1e-16 (it computes 1 - pnorm); the first
# boundary is then the closed form below (one look: P(|Z| >= c) = spent alpha).
for (tt in c(0.05, 0.02)) out$obf[[length(out$obf) + 1]] <- list(t = tt, alpha = 0.1, call = sprintf("qnorm(2 * pnorm(qnorm(1 - 0.1/4)/sqrt(%s), lower.tail = FALSE), lower.tail = FALSE)  # per side: P(Z >= c) = 2 - 2 Phi(z_{1-alpha/4}/sqrt(t))", tt),
  value = qnorm(2 * pnorm(qnorm(1 - 0.1/4)/sqrt(tt), lower.tail = FALSE), lower.tail = FALSE))

# ---- cluster
perm <- function(x, y) { all <- c(x, y); nt <- length(x); obs <- mean(x) - mean(y); cb <- combn(length(all), nt)
  d <- apply(cb, 2, function(i) mean(all[i]) - mean(all[-i])); mean(abs(d) >= abs(obs) - 1e-12) }
pc <- list(list(c(0.5, 0.6, 0.7), c(0.3, 0.4, 0.45)), list(c(0.61, 0.55, 0.72, 0.66, 0.58), c(0.52, 0.49, 0.6, 0.57, 0.5)), list(c(0.2), c(0.1, 0.3)),
  list(c(0.4, 0.4), c(0.4, 0.4)), list(c(0.9, 0.8, 0.85, 0.7), c(0.1, 0.2, 0.3, 0.25, 0.15, 0.05)), list(c(0.5, 0.52, 0.48), c(0.51, 0.49, 0.5, 0.53)),
  list(c(1, 2, 3, 4), c(2, 3, 4, 5)), list(c(0.33, 0.41), c(0.29, 0.35, 0.38)), list(c(0.7, 0.1, 0.6), c(0.2, 0.5, 0.3, 0.4)), list(c(0.12, 0.18, 0.22, 0.15, 0.2), c(0.1, 0.11, 0.14, 0.13)))
out$perm <- lapply(pc, function(p) list(x = p[[1]], y = p[[2]], call = "mean over combn of |mean(x*) - mean(y*)| >= |obs| - 1e-12", value = perm(p[[1]], p[[2]])))
icc <- function(s, n) { g <- factor(rep(seq_along(n), n)); y <- unlist(mapply(function(a, b) c(rep(1, a), rep(0, b - a)), s, n, SIMPLIFY = FALSE)); a <- anova(lm(y ~ g))
  msb <- a[1, "Mean Sq"]; msw <- a[2, "Mean Sq"]; k <- length(n); N <- sum(n); n0 <- (N - sum(n^2)/N)/(k - 1); (msb - msw)/(msb + (n0 - 1) * msw) }
ic <- list(list(c(5, 8, 12), c(20, 20, 25)), list(c(10, 10), c(30, 30)), list(c(1, 9, 4, 6), c(10, 12, 8, 10)), list(c(30, 42, 25, 51, 38), c(60, 70, 55, 80, 65)),
  list(c(2, 3), c(5, 40)), list(c(0, 5, 10), c(10, 10, 10)), list(c(12, 14, 13, 15, 11, 16), c(25, 25, 25, 25, 25, 25)), list(c(3, 1, 4, 1, 5), c(9, 2, 6, 5, 8)),
  list(c(40, 60), c(100, 100)), list(c(7, 9, 30), c(20, 21, 50)))
out$icc <- lapply(ic, function(v) list(successes = v[[1]], totals = v[[2]], call = "(MSB - MSW)/(MSB + (n0 - 1) MSW) from anova(lm(y ~ cluster))", value = icc(v[[1]], v[[2]])))

out$tool <- paste(R.version.string, "| survival", packageVersion("survival"), "| cmprsk", packageVersion("cmprsk"), "| epiR", packageVersion("epiR"), "| rpact", packageVersion("rpact"))
cat(toJSON(out, auto_unbox = TRUE, digits = I(17), null = "null", na = "null"))
