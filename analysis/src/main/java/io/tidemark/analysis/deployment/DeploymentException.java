package io.tidemark.analysis.deployment;

import io.tidemark.common.TidemarkException;

/** A deployment that cannot be read or used as asked: it names the problem and the remedy. */
public class DeploymentException extends TidemarkException {

    public DeploymentException(String problem, String remedy) {
        super(problem, remedy);
    }

    public DeploymentException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
