package io.tidemark.recorder.cli;

/**
 * A failure the user can fix: bad input, a missing device, a full disk. It prints as one line that
 * names the cause and the remedy, never as a stack trace.
 */
public class UserError extends RuntimeException {

    private final String remedy;

    public UserError(String cause, String remedy) {
        super(cause);
        this.remedy = remedy;
    }

    public UserError(String cause, String remedy, Throwable underlying) {
        super(cause, underlying);
        this.remedy = remedy;
    }

    public String remedy() {
        return remedy;
    }

    /** "cause: remedy", the one line printed to the user. */
    public String oneLine() {
        return remedy == null || remedy.isEmpty() ? getMessage() : getMessage() + "; " + remedy;
    }
}
