package dev.modelrouter.cli.launch;

import io.netty.util.internal.PlatformDependent;

/** Run in a JVM of its own by {@code ChildJvmTest}: prints whether Netty uses {@code sun.misc.Unsafe} there. */
public final class NettyUnsafeProbe {

    private NettyUnsafeProbe() {}

    public static void main(String[] args) {
        System.out.println("unsafe=" + PlatformDependent.hasUnsafe());
    }
}
