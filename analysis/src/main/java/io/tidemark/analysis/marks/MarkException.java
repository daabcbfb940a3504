package io.tidemark.analysis.marks;

import io.tidemark.common.TidemarkException;

/** A reference channel in which the expected marks cannot be found: it says what was found instead. */
public class MarkException extends TidemarkException {

    public MarkException(String problem, String remedy) {
        super(problem, remedy);
    }
}
