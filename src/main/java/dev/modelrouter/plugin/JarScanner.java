package dev.modelrouter.plugin;

import dev.modelrouter.spi.RouteRule;
import dev.modelrouter.spi.TransformerFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/** Opens one plugin jar in its own class loader and instantiates the services it declares. */
final class JarScanner {

    static final String FACTORIES = "META-INF/services/" + TransformerFactory.class.getName();
    static final String RULES = "META-INF/services/" + RouteRule.class.getName();

    // ServiceLoader moves past a broken entry after reporting it; the cap only guards against a
    // provider list that keeps failing in place.
    private static final int MAX_ATTEMPTS = 1_000;

    /**
     * The services of one jar.
     *
     * @param factories factories with their names read
     * @param rules route rules
     * @param problems what failed; the rest of the jar still loads
     */
    record Found(List<Named> factories, List<RouteRule> rules, List<PluginProblem> problems) {}

    /** A factory and the name it gave. */
    record Named(String name, TransformerFactory factory) {}

    private JarScanner() {}

    static Found scan(PluginSource source, ClassLoader host) {
        String jar = source.name();
        List<PluginProblem> problems = new ArrayList<>();
        try (JarFile file = new JarFile(source.jar().toFile())) {
            if (file.getEntry(FACTORIES) == null && file.getEntry(RULES) == null) {
                problems.add(PluginProblem.skipped(
                        jar,
                        "declares no plugin services (" + FACTORIES + " or " + RULES + "); see plugins/README.md"));
                return new Found(List.of(), List.of(), problems);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(PluginProblem.skipped(jar, "not a readable jar: " + e.getMessage()));
            return new Found(List.of(), List.of(), problems);
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(source.jar(), host);
        } catch (IOException e) {
            problems.add(PluginProblem.skipped(jar, "cannot open: " + e.getMessage()));
            return new Found(List.of(), List.of(), problems);
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            List<Named> factories = new ArrayList<>();
            for (TransformerFactory factory : instances(TransformerFactory.class, loader, jar, problems)) {
                named(factory, jar, problems, factories);
            }
            List<RouteRule> rules = instances(RouteRule.class, loader, jar, problems);
            if (factories.isEmpty() && rules.isEmpty()) {
                close(loader);
            }
            return new Found(factories, rules, problems);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <S> List<S> instances(Class<S> type, ClassLoader loader, String jar, List<PluginProblem> problems) {
        List<S> found = new ArrayList<>();
        Iterator<S> providers = ServiceLoader.load(type, loader).iterator();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError e) {
                problems.add(PluginProblem.skipped(jar, describe(e)));
            } catch (Throwable t) {
                rethrowFatal(t);
                problems.add(PluginProblem.skipped(jar, type.getSimpleName() + ": " + t));
            }
        }
        return found;
    }

    private static void named(TransformerFactory factory, String jar, List<PluginProblem> problems, List<Named> out) {
        String className = factory.getClass().getName();
        String name;
        try {
            name = factory.name();
        } catch (Throwable t) {
            rethrowFatal(t);
            problems.add(PluginProblem.skipped(jar, className + ".name() failed: " + t));
            return;
        }
        if (name == null || name.isBlank()) {
            problems.add(PluginProblem.skipped(jar, className + ".name() gave no name"));
            return;
        }
        out.add(new Named(name.trim(), factory));
    }

    private static String describe(ServiceConfigurationError e) {
        Throwable cause = e.getCause();
        return cause == null ? e.getMessage() : e.getMessage() + ": " + cause;
    }

    private static void rethrowFatal(Throwable t) {
        if (t instanceof VirtualMachineError) {
            throw (VirtualMachineError) t;
        }
    }

    private static void close(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // nothing of it is in use
        }
    }
}
