package dev.wharf.runtime.internal.guest;

import dev.wharf.runtime.internal.engine.GuestInstance;

/**
 * What every kind of guest made of one core module says the same way: its hash, how it runs,
 * whether it uses WASI, all from the blueprint its instances are made from.
 */
public abstract class CoreModule implements GuestModule {

    private final GuestInstance.Blueprint blueprint;

    protected CoreModule(GuestInstance.Blueprint blueprint) {
        this.blueprint = blueprint;
    }

    /** What its instances are made from. */
    public GuestInstance.Blueprint blueprint() {
        return blueprint;
    }

    @Override
    public String sha256() {
        return blueprint.code().sha256();
    }

    @Override
    public boolean compiled() {
        return blueprint.code().compiled();
    }

    @Override
    public boolean usesWasi() {
        return blueprint.usesWasi();
    }

    @Override
    public String engineLabel() {
        return blueprint.code().engineLabel();
    }
}
