package io.tidemark.analysis.export;

import io.tidemark.common.TidemarkException;

/** An export that cannot be made as asked: it names the problem and the remedy. */
public class ExportException extends TidemarkException {

    public ExportException(String problem, String remedy) {
        super(problem, remedy);
    }

    public ExportException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
