package io.tidemark.sync.fit;

import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LowerEnvelopeFitTest {

    @Test
    void matchesTheLinearProgrammeSolvedBySimplex() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 40; trial++) {
            int n = 5 + rnd.nextInt(60);
            double[] x = new double[n];
            double[] y = new double[n];
            double slope = 21_000 + rnd.nextDouble() * 10;
            for (int i = 0; i < n; i++) {
                x[i] = i * 1024 + rnd.nextInt(3);
                y[i] = slope * x[i] - Math.log(1 - rnd.nextDouble()) * 1e6;
            }
            WindowFit.Line hull = new LowerEnvelopeFit().fit(x, y, n);
            // The LP: maximise sum(a + b x_i) subject to a + b x_i <= y_i.
            double sx = 0;
            List<LinearConstraint> cs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sx += x[i];
                cs.add(new LinearConstraint(new double[]{1, x[i]}, Relationship.LEQ, y[i]));
            }
            PointValuePair lp = new SimplexSolver(1e-9, 10, 1e-12).optimize(new MaxIter(10_000),
                    new LinearObjectiveFunction(new double[]{n, sx}, 0), new LinearConstraintSet(cs), GoalType.MAXIMIZE);
            double meanX = sx / n;
            double lpAtMean = lp.getPoint()[0] + lp.getPoint()[1] * meanX;
            assertEquals(lpAtMean, hull.at(meanX), 1e-3 * Math.max(1, Math.abs(lpAtMean)) * 1e-6 + 0.05,
                    "trial " + trial);
            for (int i = 0; i < n; i++) {
                assertTrue(hull.at(x[i]) <= y[i] + 1e-6, "the envelope lies below every point");
            }
        }
    }

    @Test
    void ignoresUpwardOutliersThatPullLeastSquares() {
        int n = 1000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 1000;
            y[i] = 2 * x[i] + 500 + (i % 97 == 0 ? 5e7 : (i % 3) * 100);
        }
        WindowFit.Line le = new LowerEnvelopeFit().fit(x, y, n);
        WindowFit.Line ls = new LeastSquaresFit().fit(x, y, n);
        assertEquals(2.0, le.slope(), 1e-9);
        assertEquals(500, le.intercept(), 1e-6);
        assertTrue(Math.abs(ls.intercept() - 500) > 1e4, "least squares is pulled by the outliers");
    }

    @Test
    void onePointGivesNoSlope() {
        WindowFit.Line l = new LowerEnvelopeFit().fit(new double[]{0}, new double[]{7}, 1);
        assertTrue(Double.isNaN(l.slope()));
        assertEquals(7, l.intercept());
    }
}
