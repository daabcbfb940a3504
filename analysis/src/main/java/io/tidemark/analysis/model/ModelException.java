package io.tidemark.analysis.model;

import io.tidemark.common.TidemarkException;

/** A session that cannot be fitted: it names the problem and the remedy. */
public class ModelException extends TidemarkException {

    public ModelException(String problem, String remedy) {
        super(problem, remedy);
    }

    public ModelException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
