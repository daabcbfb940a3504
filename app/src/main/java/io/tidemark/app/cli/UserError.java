package io.tidemark.app.cli;

import io.tidemark.common.TidemarkException;

/** A failure of the shell's own input (a flag, a config key) that the user can fix. */
public class UserError extends TidemarkException {

    public UserError(String cause, String remedy) {
        super(cause, remedy);
    }

    public UserError(String cause, String remedy, Throwable underlying) {
        super(cause, remedy, underlying);
    }
}
