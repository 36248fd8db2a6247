package dev.wharf.capabilities.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.capability.http}; a change applies to the next request. */
@ObjectClassDefinition(name = "Wharf http capability",
        description = "Outgoing HTTP requests of components (wharf:http), to the hosts their http-allow admits.")
public @interface HttpConfig {

    String PID = "dev.wharf.capability.http";

    @AttributeDefinition(name = "timeout-ms",
            description = "Longest a request may take, connection and whole response included; never beyond the guest call's own deadline.")
    long timeout$_$ms() default 5000;

    @AttributeDefinition(name = "max-response-bytes", description = "Largest response body; a larger one answers TOO_LARGE.")
    int max$_$response$_$bytes() default 1_048_576;

    @AttributeDefinition(name = "max-request-bytes", description = "Largest request body; a larger one answers TOO_LARGE.")
    int max$_$request$_$bytes() default 1_048_576;
}
