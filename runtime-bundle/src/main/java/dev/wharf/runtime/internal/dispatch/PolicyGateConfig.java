package dev.wharf.runtime.internal.dispatch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of PID {@code dev.wharf.policygate}: how messages wait while no security policy is present. */
@ObjectClassDefinition(name = "Wharf policy gate", description = "Fail closed: while no security policy is present, "
        + "messages between components wait, in order and bounded, for one.")
public @interface PolicyGateConfig {

    @AttributeDefinition(name = "policy-wait-ms", description = "How long a message waits for a security policy before it fails with NO_POLICY.")
    long policy$_$wait$_$ms() default 5000;

    @AttributeDefinition(name = "policy-wait-max", description = "How many messages may wait for a security policy; beyond it they are refused at once.")
    int policy$_$wait$_$max() default 10_000;
}
