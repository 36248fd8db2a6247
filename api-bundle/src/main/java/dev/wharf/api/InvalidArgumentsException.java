package dev.wharf.api;

/** Arguments that do not fit the function: wrong count, type or range. Never reach the guest. */
public final class InvalidArgumentsException extends WharfException {
    private static final long serialVersionUID = 1L;

    private final int parameter;

    /**
     * @param parameter index of the offending parameter, or -1 when the whole list is wrong
     *     (a wrong count, a malformed encoding)
     */
    public InvalidArgumentsException(int parameter, String message) {
        super(ErrorCode.INVALID_ARGUMENTS, message);
        this.parameter = parameter;
    }

    /** Index of the offending parameter, or -1 when the whole argument list is wrong. */
    public int parameter() {
        return parameter;
    }
}
