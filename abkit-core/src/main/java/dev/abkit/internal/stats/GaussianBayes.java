package dev.abkit.internal.stats;

/**
 * Gaussian Bayesian engine: a normal posterior on the effect, chance to win and risk.
 *
 * <p>Sources: GrowthBook {@code EffectBayesianABTest} ({@code gbstats/bayesian/tests.py}) and
 * {@code docs/statistics/details.mdx}; Eppo's Bayesian docs (STATS.md 5.1). With an estimate {@code
 * θ̂ ± se} and a prior {@code N(μ0, σ0²)} the posterior has precision {@code 1/se² + 1/σ0²} and
 * mean {@code (θ̂/se² + μ0/σ0²)/precision}; a flat (improper) prior leaves {@code N(θ̂, se²)}, so
 * chance to win is {@code Φ(θ̂/se)} = 1 − one-sided p. Risk uses truncated-normal means and, like
 * GrowthBook, short-circuits when {@code |μ/σ| > 37}.
 */
public final class GaussianBayes {
  private GaussianBayes() {}

  /**
   * A posterior summary.
   *
   * @param mean posterior mean of the effect
   * @param sd posterior standard deviation
   * @param chanceToWin {@code P(effect > 0)} ({@code P(effect < 0)} when lower is better)
   * @param lower posterior {@code α/2} quantile
   * @param upper posterior {@code 1 − α/2} quantile
   * @param riskControl expected loss of keeping control
   * @param riskTreatment expected loss of shipping the treatment
   */
  public record Posterior(
      double mean,
      double sd,
      double chanceToWin,
      double lower,
      double upper,
      double riskControl,
      double riskTreatment) {}

  /**
   * The posterior of {@code e} under a flat prior ({@code priorVariance} NaN or infinite) or a
   * proper normal prior.
   *
   * @param inverse {@code true} when lower is better: chance to win and the risks swap
   */
  public static Posterior posterior(
      Estimate e, double priorMean, double priorVariance, double alpha, boolean inverse) {
    double mean = e.estimate();
    double var = e.stdError() * e.stdError();
    if (priorVariance > 0 && Double.isFinite(priorVariance)) {
      double precision = 1 / var + 1 / priorVariance;
      mean = (e.estimate() / var + priorMean / priorVariance) / precision;
      var = 1 / precision;
    }
    double sd = Math.sqrt(var);
    double ctw = Distributions.phi(mean / sd);
    double q = Distributions.normalQuantile(1 - alpha / 2);
    double[] risk = risk(mean, sd);
    return inverse
        ? new Posterior(mean, sd, 1 - ctw, mean - q * sd, mean + q * sd, risk[1], risk[0])
        : new Posterior(mean, sd, ctw, mean - q * sd, mean + q * sd, risk[0], risk[1]);
  }

  /**
   * {@code [P(d>0)E(d|d>0), −P(d<0)E(d|d<0)]} for {@code d ~ N(mu, sigma²)}: the expected loss of
   * keeping control and of shipping the treatment.
   */
  public static double[] risk(double mu, double sigma) {
    double z = mu / sigma;
    if (Math.abs(z) > 37) {
      return new double[] {Math.max(mu, 0), Math.max(-mu, 0)};
    }
    double pdf = sigma * Distributions.density(z);
    double positive = mu * Distributions.phi(z) + pdf;
    double negative = -mu * Distributions.phi(-z) + pdf;
    return new double[] {positive, negative};
  }
}
