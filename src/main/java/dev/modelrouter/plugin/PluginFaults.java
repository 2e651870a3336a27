package dev.modelrouter.plugin;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failures of one plugin jar at request time: the first is logged as a warning with its stack
 * trace, later ones only at debug level, so a plugin that throws on every request does not flood the
 * log.
 */
public final class PluginFaults {

    private static final Logger LOG = LoggerFactory.getLogger(PluginFaults.class);

    private final String jar;
    private final AtomicLong count = new AtomicLong();

    /** @param jar the jar's file name */
    public PluginFaults(String jar) {
        this.jar = Objects.requireNonNull(jar, "jar");
    }

    /** The jar's file name. */
    public String jar() {
        return jar;
    }

    /** How many calls into this plugin failed so far. */
    public long count() {
        return count.get();
    }

    /**
     * Records a failure; rethrows {@link VirtualMachineError}s, which no fallback can survive.
     *
     * @param what the call that failed, e.g. {@code transformer example-prefix: transformRequest}
     * @param failure what the plugin threw
     */
    void report(String what, Throwable failure) {
        if (failure instanceof VirtualMachineError) {
            throw (VirtualMachineError) failure;
        }
        if (count.getAndIncrement() == 0) {
            LOG.warn(
                    "plugin {} failed in {}; falling back (later failures of this plugin are logged at debug)",
                    jar,
                    what,
                    failure);
        } else {
            LOG.debug("plugin {} failed in {}", jar, what, failure);
        }
    }
}
