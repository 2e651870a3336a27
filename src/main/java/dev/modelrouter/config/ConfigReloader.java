package dev.modelrouter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Puts a new config.json in force: re-reads or writes the file, validates it whole, and swaps the
 * {@link LiveConfig} snapshot in one step. A file that fails validation changes nothing; a file that
 * changes {@code HOST} or {@code PORT} changes nothing either and asks for a restart, since the
 * listener cannot move while it serves.
 */
public final class ConfigReloader {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final LiveConfig live;
    private final ConfigFile file;
    private final Map<String, String> env;
    private final String startHost;
    private final int startPort;
    private final AtomicReference<ReloadResult> last;
    private @Nullable String lastText;
    private volatile Function<RouterConfig, List<ConfigProblem>> check = c -> List.of();

    private volatile BiConsumer<String, String> replaced = (text, trigger) -> {};

    /**
     * @param live the snapshot holder, already holding the config the daemon started with
     * @param file the config file to watch and write; when the daemon runs on the bundled example this
     *     is where {@code $ROUTER_HOME/config.json} will be
     * @param env resolves {@code $VAR} references
     */
    public ConfigReloader(LiveConfig live, Path file, Map<String, String> env) {
        this.live = live;
        this.file = new ConfigFile(file);
        this.env = Map.copyOf(env);
        RouterConfig start = live.current();
        this.startHost = start.host();
        this.startPort = start.port();
        this.last = new AtomicReference<>(ReloadResult.applied(
                "start",
                start.bundled()
                        ? "running on the bundled example config; no file at " + this.file.path()
                        : "loaded " + this.file.path()));
    }

    /**
     * Adds checks that the config package cannot make itself (such as transformer names, known only
     * once plugins are loaded); a config that fails them is rejected whole, like any invalid one.
     */
    public void setCheck(Function<RouterConfig, List<ConfigProblem>> value) {
        check = value;
    }

    /** The config file. */
    public Path path() {
        return file.path();
    }

    /** The result of the last attempt to change the config. */
    public ReloadResult last() {
        return last.get();
    }

    /**
     * Whether each {@code $VAR} that {@code text} mentions is set (empty counts as unset, as when the config
     * is read), so the UI can say "set / not set" beside a key reference without ever seeing a value.
     */
    public Map<String, Boolean> variables(String text) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String name : EnvInterpolator.references(text)) {
            String value = env.get(name);
            out.put(name, value != null && !value.isEmpty());
        }
        return out;
    }

    /** The snapshot holder. */
    public LiveConfig live() {
        return live;
    }

    /**
     * Re-reads the file and puts it in force when valid.
     *
     * @param trigger {@code watch} skips a file whose text has not changed since the last attempt;
     *     anything else always re-reads
     */
    public synchronized ReloadResult reload(String trigger) {
        String text;
        try {
            text = Files.readString(file.path(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (live.current().bundled()) {
                return record(
                        ReloadResult.applied(
                                trigger,
                                "no config file at " + file.path() + "; the bundled example config stays in force"),
                        false);
            }
            return record(
                    ReloadResult.rejected(
                            trigger,
                            problem("file not found: " + file.path()
                                    + "; the previous config stays in force until the file is back")),
                    true);
        } catch (IOException e) {
            return record(
                    ReloadResult.rejected(trigger, problem("cannot read " + file.path() + ": " + e.getMessage())),
                    true);
        }
        if (trigger.equals("watch") && text.equals(lastText)) {
            return last.get();
        }
        lastText = text;
        try {
            return apply(trigger, checked(ConfigLoader.parse(text, file.path(), env)), "reloaded " + file.path());
        } catch (ConfigException e) {
            return record(ReloadResult.rejected(trigger, e), true);
        }
    }

    /**
     * Validates {@code text}, writes it to the file atomically (keeping a backup), and puts it in force.
     * This is how the admin API changes the config, so {@code text} may name only files that the file on
     * disk names already (see {@link FileReferences}). Keys masked by {@link ConfigText#masked()} are put
     * back from the file first.
     *
     * @throws ConfigException when the text is not a valid config or names a new file; nothing is written then
     */
    public synchronized ReloadResult replace(String edited, String trigger) throws ConfigException, IOException {
        ReloadResult result = write(edited, trigger);
        if (result.ok()) {
            replaced.accept(lastText, trigger);
        }
        return result;
    }

    /**
     * {@link #replace} for a change another instance made (cluster mode): this instance's own validator
     * decides, and a refusal is recorded, shown by status and returned, never thrown.
     */
    public synchronized ReloadResult adopt(String text, String trigger) {
        try {
            return write(text, trigger);
        } catch (ConfigException e) {
            return record(ReloadResult.rejected(trigger, e), true);
        } catch (IOException e) {
            return record(
                    ReloadResult.rejected(trigger, problem("cannot write " + file.path() + ": " + e.getMessage())),
                    true);
        }
    }

    /**
     * {@link #adopt} while {@code wanted} still holds, asked under the same lock that puts every change
     * in force: a change another instance sent is dropped, not adopted, when a change put in force
     * meanwhile withdrew the wish (cluster mode turned off while the change was on its way).
     *
     * @return the result, or empty when {@code wanted} no longer held
     */
    public synchronized Optional<ReloadResult> adoptIf(BooleanSupplier wanted, String text, String trigger) {
        return wanted.getAsBoolean() ? Optional.of(adopt(text, trigger)) : Optional.empty();
    }

    /**
     * Returns once the change being put in force, if any, is done: all its listeners, {@link #onReplaced}'s
     * included, have been told. For a listener of {@link LiveConfig#onChange} that hands its work to
     * another thread, which must not act before the change's last listener has.
     */
    public void awaitSettled() {
        synchronized (this) {
            // holding the lock once is the point: reload, replace and adopt tell their listeners under it
            last.get();
        }
    }

    /** Sets who is told of each config text {@link #replace} put in force, with its trigger (cluster mode). */
    public void onReplaced(BiConsumer<String, String> listener) {
        replaced = listener;
    }

    private ReloadResult write(String edited, String trigger) throws ConfigException, IOException {
        String text = ConfigText.unmask(edited, file.read().orElse(""));
        RouterConfig parsed = ConfigLoader.parse(text, file.path(), env);
        // before the late checks, which load the JS transformers a config names: a file the admin API
        // adds must never run
        List<ConfigProblem> newFiles = newFiles(parsed);
        if (!newFiles.isEmpty()) {
            throw new ConfigException(name(), newFiles, parsed.warnings());
        }
        RouterConfig next = checked(parsed);
        Optional<Path> backup = file.write(text);
        lastText = text;
        String saved = "wrote " + file.path()
                + backup.map(b -> " (previous version kept as " + b.getFileName() + ")")
                        .orElse("");
        return apply(trigger, next, saved);
    }

    /**
     * What {@link #replace} would refuse in {@code text}, without writing or applying anything: the
     * validator's problems, the late checks' and any file named that the file on disk does not name.
     */
    public List<ConfigProblem> problems(String edited) throws IOException {
        String text = ConfigText.unmask(edited, file.read().orElse(""));
        try {
            RouterConfig parsed = ConfigLoader.parse(text, file.path(), env);
            List<ConfigProblem> newFiles = newFiles(parsed);
            if (!newFiles.isEmpty()) {
                return newFiles;
            }
            checked(parsed);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /** The files {@code next} names that the file on disk does not: the admin API may not add any. */
    private List<ConfigProblem> newFiles(RouterConfig next) throws IOException {
        JsonNode onDisk = file.read()
                .map(disk -> ConfigLoader.interpolatedTree(disk, env))
                .orElseGet(MissingNode::getInstance);
        return new FileReferences(file.path()).added(next.raw(), onDisk);
    }

    /**
     * Sets one scenario's target in the file, changing only that value's text, and puts the result in force.
     *
     * @throws IllegalArgumentException for an unknown scenario, a malformed target, an unknown provider or model
     * @throws ConfigException when the file on disk does not validate, before or after the edit
     */
    public synchronized ReloadResult setRoute(String scenarioKey, String targetText, String trigger)
            throws ConfigException, IOException {
        String text = file.read().orElseGet(ConfigLoader::bundledExampleText);
        return replace(RouteEdit.setRoute(text, scenarioKey, targetText, file.path(), env), trigger);
    }

    private ReloadResult apply(String trigger, RouterConfig next, String what) {
        List<String> moved = new ArrayList<>();
        if (!next.host().equals(startHost)) {
            moved.add("HOST " + startHost + " -> " + next.host());
        }
        if (next.port() != startPort) {
            moved.add("PORT " + startPort + " -> " + next.port());
        }
        if (!moved.isEmpty()) {
            return record(
                    ReloadResult.needsRestart(
                            trigger,
                            what + "; it changes " + String.join(" and ", moved)
                                    + ", which needs a restart (`router restart`); until then the previous config stays in force"),
                    true);
        }
        live.replace(next);
        return record(ReloadResult.applied(trigger, what + "; in force now"), false);
    }

    private ReloadResult record(ReloadResult result, boolean warn) {
        last.set(result);
        if (warn) {
            LOG.warn("config: {}", result.message());
        } else {
            LOG.info("config: {}", result.message());
        }
        return result;
    }

    private RouterConfig checked(RouterConfig next) throws ConfigException {
        List<ConfigProblem> problems = check.apply(next);
        if (!problems.isEmpty()) {
            throw new ConfigException(name(), problems, next.warnings());
        }
        return next;
    }

    private ConfigException problem(String message) {
        return new ConfigException(name(), List.of(new ConfigProblem("$", message)), List.of());
    }

    private String name() {
        return Objects.toString(file.path().getFileName(), file.path().toString());
    }
}
