package io.tidemark.common;

/**
 * A failure the user can do something about: bad input, a missing device, a full disk, a corrupt
 * file. It names the problem and the remedy. Each domain throws its own subclass; the shell alone
 * decides how it reaches the user (one line, never a stack trace).
 */
public class TidemarkException extends RuntimeException {

    private final String remedy;

    public TidemarkException(String problem, String remedy) {
        super(problem);
        this.remedy = remedy;
    }

    public TidemarkException(String problem, String remedy, Throwable underlying) {
        super(problem, underlying);
        this.remedy = remedy;
    }

    /** What the user can do about it; may be empty. */
    public String remedy() {
        return remedy;
    }

    /** "problem; remedy": the one line a user sees. */
    public String oneLine() {
        return remedy == null || remedy.isEmpty() ? getMessage() : getMessage() + "; " + remedy;
    }
}
