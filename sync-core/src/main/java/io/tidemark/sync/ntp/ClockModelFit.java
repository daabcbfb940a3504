package io.tidemark.sync.ntp;

import java.util.List;

/**
 * Fits a {@link ClockModel} to phase measurements by weighted least squares (weights 1/σ²), with a
 * weak prior on the frequency so that one point, or points close together in time, still give a
 * model whose uncertainty grows honestly with the distance from them.
 *
 * <p>When the residuals scatter more than the stated σ allow (reduced χ² above 1), the covariance
 * is scaled up by χ²: the stated σ were optimistic.
 */
public final class ClockModelFit {

    private ClockModelFit() {
    }

    /**
     * @param points           the measurements (at least one)
     * @param priorFrequencyPpm the frequency to assume where the data say little
     * @param priorSigmaPpm     how far from the prior the frequency may plausibly be
     */
    public static ClockModel fit(List<PhasePoint> points, double priorFrequencyPpm, double priorSigmaPpm) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to fit");
        }
        PhasePoint first = points.get(0);
        long x0 = first.monoRawNs();
        long y0 = first.phaseNs();
        // Weighted centre, so that phase and frequency come out nearly uncorrelated.
        double sw = 0, swx = 0;
        long minX = Long.MAX_VALUE, maxX = Long.MIN_VALUE;
        for (PhasePoint p : points) {
            double w = 1.0 / (p.sigmaNs() * p.sigmaNs());
            sw += w;
            swx += w * (p.monoRawNs() - x0);
            minX = Math.min(minX, p.monoRawNs());
            maxX = Math.max(maxX, p.monoRawNs());
        }
        long xc = x0 + Math.round(swx / sw);
        double swy = 0, sxx = 0, sxy = 0, sx = 0;
        for (PhasePoint p : points) {
            double w = 1.0 / (p.sigmaNs() * p.sigmaNs());
            double x = p.monoRawNs() - xc;
            double y = p.phaseNs() - y0;
            sx += w * x;
            swy += w * y;
            sxx += w * x * x;
            sxy += w * x * y;
        }
        // Normal equations for [a, b] (y = a + b·x), plus the prior b ~ N(b0, σb²).
        double b0 = priorFrequencyPpm * 1e-6;
        double pb = 1.0 / Math.pow(priorSigmaPpm * 1e-6, 2);
        double m00 = sw, m01 = sx, m11 = sxx + pb;
        double r0 = swy, r1 = sxy + pb * b0;
        double det = m00 * m11 - m01 * m01;
        double a = (m11 * r0 - m01 * r1) / det;
        double b = (m00 * r1 - m01 * r0) / det;
        // Covariance = M⁻¹, scaled by the reduced χ² when the scatter exceeds the stated σ.
        double chi2 = 0;
        for (PhasePoint p : points) {
            double r = (p.phaseNs() - y0) - (a + b * (p.monoRawNs() - xc));
            chi2 += r * r / (p.sigmaNs() * p.sigmaNs());
        }
        int dof = points.size() - 2;
        double scale = dof > 0 ? Math.max(1.0, chi2 / dof) : 1.0;
        double varA = scale * m11 / det;
        double varB = scale * m00 / det;
        double cov = -scale * m01 / det;
        return new ClockModel(xc, y0 + Math.round(a), b * 1e6, varA, varB, cov, points.size(), maxX - minX);
    }
}
