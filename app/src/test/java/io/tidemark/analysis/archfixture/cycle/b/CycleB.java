package io.tidemark.analysis.archfixture.cycle.b;

import io.tidemark.analysis.archfixture.cycle.a.CycleA;

/** A test fixture that breaks the rule on purpose: the other half of a package cycle. */
public final class CycleB {
    CycleA other;
}
