package dev.modelrouter.plugin;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;

/**
 * One plugin jar's class loader: the SPI, the model, Reactor and Jackson come from the router, so
 * plugin objects and router objects share those types; everything else resolves against the JDK and
 * the jar alone, so the router's other classes and libraries stay invisible and a plugin's own
 * libraries cannot clash with them (Trino's {@code PluginClassLoader} in miniature).
 */
final class PluginClassLoader extends URLClassLoader {

    /** Class-name prefixes loaded by the router's class loader. */
    static final List<String> HOST_PACKAGES = List.of(
            "dev.modelrouter.model.",
            "dev.modelrouter.spi.",
            "reactor.",
            "org.reactivestreams.",
            "tools.jackson.",
            "com.fasterxml.jackson.annotation.");

    private static final String SERVICES = "META-INF/services/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;

    PluginClassLoader(Path jar, ClassLoader host) throws MalformedURLException {
        super(String.valueOf(jar.getFileName()), new URL[] {jar.toUri().toURL()}, getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!fromHost(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = host.loadClass(name);
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(SERVICES)) {
            return findResource(name);
        }
        if (fromHost(asClassName(name))) {
            return host.getResource(name);
        }
        return super.getResource(name);
    }

    // ServiceLoader reads its provider lists through here: only this jar's lists count, so the
    // router's built-ins (and other plugins) are never found, and never registered twice.
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (name.startsWith(SERVICES)) {
            return findResources(name);
        }
        if (fromHost(asClassName(name))) {
            return host.getResources(name);
        }
        return super.getResources(name);
    }

    static boolean fromHost(String className) {
        for (String prefix : HOST_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String asClassName(String resource) {
        return resource.replace('/', '.');
    }
}
