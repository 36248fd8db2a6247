package dev.wharf.lattice.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code dev.wharf.lattice}: without this configuration the container is alone. */
@ObjectClassDefinition(name = "Wharf lattice",
        description = "Joins this container to a lattice of Wharf containers through NATS")
public @interface LatticeConfig {

    String PID = "dev.wharf.lattice";

    @AttributeDefinition(description = "NATS server URLs, e.g. nats://10.0.0.5:4222 (tls:// for TLS); comma-separated in a .cfg")
    String[] servers() default {"nats://127.0.0.1:4222"};

    @AttributeDefinition(description = "the lattice's name: containers with the same name form one lattice ([A-Za-z0-9_-], at most 64)")
    String lattice() default "default";

    @AttributeDefinition(description = "this container's name in the lattice ([A-Za-z0-9_-], at most 64); empty = <host name>-<process id>")
    String node() default "";

    @AttributeDefinition(description = "user name for NATS user/password authentication")
    String user() default "";

    @AttributeDefinition(description = "password for NATS user/password authentication", type = AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "NATS authentication token", type = AttributeType.PASSWORD)
    String token() default "";

    @AttributeDefinition(description = "path of a NATS .creds file (JWT and NKey seed, as nsc writes them)")
    String credentials() default "";

    @AttributeDefinition(description = "path of a file holding an NKey user seed (SU...), for NKey authentication")
    String nkey() default "";

    @AttributeDefinition(description = "use TLS even when the server URLs say nats://")
    boolean tls() default false;

    @AttributeDefinition(name = "tls-truststore", description = "PKCS12 or JKS trust store of the server's CA; empty = the JVM's default trust")
    String tls$_$truststore() default "";

    @AttributeDefinition(name = "tls-truststore-password", type = AttributeType.PASSWORD)
    String tls$_$truststore$_$password() default "";

    @AttributeDefinition(name = "tls-keystore", description = "PKCS12 or JKS key store with this node's client certificate (mutual TLS)")
    String tls$_$keystore() default "";

    @AttributeDefinition(name = "tls-keystore-password", type = AttributeType.PASSWORD)
    String tls$_$keystore$_$password() default "";

    @AttributeDefinition(name = "heartbeat-ms", description = "how often this node announces itself and what it hosts")
    long heartbeat$_$ms() default 500;

    @AttributeDefinition(name = "node-timeout-ms", description = "a node not heard from for this long is dropped from the lattice")
    long node$_$timeout$_$ms() default 2000;

    @AttributeDefinition(name = "max-pending-asks", description = "asks to other nodes waiting for a reply at most; more are refused")
    int max$_$pending$_$asks() default 10000;

    @AttributeDefinition(name = "reconnect-wait-ms", description = "pause between attempts to reach NATS")
    long reconnect$_$wait$_$ms() default 250;
}
