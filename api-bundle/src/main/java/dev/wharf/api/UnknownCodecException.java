package dev.wharf.api;

/** A payload whose multicodec prefix is not CBOR, JSON or Borsh. */
public final class UnknownCodecException extends WharfException {
    private static final long serialVersionUID = 1L;

    public UnknownCodecException(String what) {
        super(ErrorCode.UNKNOWN_CODEC, "unknown codec: " + what + " (expected the multicodec prefix of CBOR 0x51, JSON 0x0200 or Borsh 0x0701)");
    }
}
