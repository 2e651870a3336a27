package dev.modelrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a Netty buffer unreleased: paranoid leak detection while the class runs,
 * then garbage collections until Netty has looked at every buffer that was collected. A buffer is only
 * reported once it is collected, so without the forced collections a leak shows (or not) at random,
 * in whichever later class the next collection happens to fall.
 */
public final class NettyLeaks implements BeforeAllCallback, AfterAllCallback {

    private static final int ROUNDS = 10;

    private final List<String> leaks = new CopyOnWriteArrayList<>();
    private ResourceLeakDetector.Level before = ResourceLeakDetector.Level.SIMPLE;

    @Override
    public void beforeAll(ExtensionContext context) {
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        // what earlier classes in this JVM dropped is reported now, to the log only, not blamed on this class
        collect();
        detector().setLeakListener((type, records) -> leaks.add(type + ": " + records));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            collect();
            assertThat(leaks).as("Netty buffers never released").isEmpty();
        } finally {
            detector().setLeakListener(null);
            ResourceLeakDetector.setLevel(before);
        }
    }

    private static void collect() {
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            // Netty reports the collected buffers when it tracks the next one
            ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(1);
            probe.release();
        }
    }

    @SuppressWarnings("unchecked")
    private static ResourceLeakDetector<ByteBuf> detector() {
        try {
            Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
            field.setAccessible(true);
            return (ResourceLeakDetector<ByteBuf>) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Netty's buffer leak detector is not where it was", e);
        }
    }
}
