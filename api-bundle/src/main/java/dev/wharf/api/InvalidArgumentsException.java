package dev.wharf.api;

/** Arguments that do not fit the function: wrong count, type or range. Never reach the guest. */
public final class InvalidArgumentsException extends WharfException {
    private static final long serialVersionUID = 1L;

    private final int parameter;

    /**
     * @param parameter position of the offending parameter, counted from 1, or 0 when the whole
     *     list is wrong (a wrong count, a malformed encoding)
     */
    public InvalidArgumentsException(int parameter, String message) {
        super(ErrorCode.INVALID_ARGUMENTS, message);
        this.parameter = parameter;
    }

    /** Position of the offending parameter, counted from 1, or 0 when the whole argument list is wrong. */
    public int parameter() {
        return parameter;
    }
}
