package io.tidemark.analysis.archfixture.cycle.a;

import io.tidemark.analysis.archfixture.cycle.b.CycleB;

/** A test fixture that breaks the rule on purpose: half of a package cycle. */
public final class CycleA {
    CycleB other;
}
