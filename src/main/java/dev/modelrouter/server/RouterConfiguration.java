package dev.modelrouter.server;

import dev.modelrouter.cluster.Cluster;
import dev.modelrouter.cluster.ClusterSettings;
import dev.modelrouter.cluster.ClusterSwitch;
import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.ConfigProblem;
import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.config.ConfigWatcher;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Tokenizers;
import dev.modelrouter.observe.LiveFeed;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.observe.RequestLog;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.pipeline.Protocols;
import dev.modelrouter.plugin.LoadedPlugins;
import dev.modelrouter.plugin.LoadedScripts;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.plugin.PluginLoader;
import dev.modelrouter.plugin.PluginTransformerFactory;
import dev.modelrouter.plugin.ScriptTransformers;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import dev.modelrouter.routing.HubTokenizers;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.transform.TransformerRegistry;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ModelListing;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamClient;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Hooks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/** Explicit wiring of the daemon; no domain class is found by classpath scanning. */
@Configuration(proxyBeanMethods = false)
@Import({StatusConfiguration.class, SecurityConfiguration.class})
public class RouterConfiguration {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RouterConfiguration.class);

    /** Property naming the config file; without it the daemon starts on the bundled example. */
    public static final String CONFIG_PROPERTY = "router.config";

    /**
     * Property that turns on the after-start warm-up of the upstream client and the tokenizer;
     * {@code router serve} sets it, the integration tests do not.
     */
    public static final String WARMUP_PROPERTY = "router.warmup";

    /**
     * Property that turns on learning models' windows from providers' models endpoints after the start;
     * {@code router serve} sets it, the integration tests do not (a scripted provider would see a request
     * it did not expect).
     */
    public static final String MODEL_LISTING_PROPERTY = "router.model-listing";

    /** Property naming the home folder; default {@code $ROUTER_HOME}, else {@code ~/.router}. */
    public static final String HOME_PROPERTY = "router.home";

    /** How long one hook of a JavaScript transformer may take (a {@link Duration}, default 60 s). */
    public static final String SCRIPT_TIMEOUT_PROPERTY = "router.script-transformer-timeout";

    /** Property naming Claude Code's projects folder; default {@code $CLAUDE_CONFIG_DIR/projects}, else {@code ~/.claude/projects}. */
    public static final String CLAUDE_PROJECTS_PROPERTY = "router.claude-projects";

    @Bean
    LiveConfig liveConfig(Environment env) throws ConfigException {
        String file = env.getProperty(CONFIG_PROPERTY);
        RouterConfig config = file == null || file.isBlank()
                ? ConfigLoader.bundledExample(System.getenv())
                : ConfigLoader.load(Path.of(file), System.getenv());
        return new LiveConfig(config);
    }

    @Bean
    Protocols protocols() {
        return new Protocols(
                new AnthropicProtocol(), new OpenAiProtocol(), new ResponsesProtocol(), new GeminiProtocol());
    }

    @Bean(destroyMethod = "close")
    UpstreamClient upstreamClient() {
        return new UpstreamClient(Duration.ofSeconds(10));
    }

    @Bean
    Guards guards() {
        return new Guards();
    }

    @Bean
    ProviderEndpoint providerEndpoint() {
        return new ProviderEndpoint();
    }

    /**
     * Cluster mode while config.json's {@code cluster.redis} or {@code $ROUTER_REDIS_URL} is set, following
     * reloads; else nothing.
     */
    @Bean(destroyMethod = "close")
    ClusterMode clusterMode(
            ConfigReloader reloader,
            Guards guards,
            ProviderEndpoint endpoint,
            Observer observer,
            Pipeline pipeline,
            MeterRegistry meters) {
        return new ClusterMode(new ClusterSwitch(
                new Cluster.Local(reloader, guards, endpoint, observer, pipeline.sessions(), pipeline.clients()),
                meters,
                System.getenv()));
    }

    /** Plugin jars from {@code $ROUTER_HOME/plugins} and config.json's {@code transformers}, never from the working directory. */
    @Bean
    LoadedPlugins plugins(LiveConfig live, Environment env) {
        LoadedPlugins loaded = new PluginLoader().load(live.current(), home(env));
        if (!loaded.fatalProblems().isEmpty()) {
            throw new IllegalStateException("plugins: " + loaded.fatalProblems());
        }
        return loaded;
    }

    /**
     * The daemon's one Node.js process, which hosts the custom router script and ccr's JavaScript
     * transformers together; node starts on the first use, so a config with neither runs none.
     */
    @Bean(destroyMethod = "close")
    NodeHost nodeHost() {
        return NodeHost.create();
    }

    /** ccr's JavaScript transformers, in the daemon's node. */
    @Bean
    ScriptTransformers scriptTransformers(NodeHost node, Environment env) {
        // a hook may refresh an OAuth token over the network, so the bound is generous
        return ScriptTransformers.on(
                node, env.getProperty(SCRIPT_TIMEOUT_PROPERTY, Duration.class, Duration.ofSeconds(60)));
    }

    /**
     * Built-in transformers plus the plugins', and each config snapshot's JS transformers; every name a
     * provider uses must be known.
     */
    @Bean
    TransformerSnapshots transformerSnapshots(
            LoadedPlugins plugins, LiveConfig live, ScriptTransformers scripts, Environment env) {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();
        for (PluginTransformerFactory factory : plugins.factories()) {
            registry.register(factory, factory.jar());
        }
        return new TransformerSnapshots(registry, new LoadedScripts(scripts), home(env), live.current());
    }

    /** Models' windows: config.json, what providers reported (kept in the home), the built-in table. */
    @Bean
    ModelWindows modelWindows(Environment env) {
        return ModelWindows.of(home(env));
    }

    /**
     * With {@link #MODEL_LISTING_PROPERTY}, learns models' windows from providers that report them once
     * the daemon answers: in the background,
     * each call within {@link #MODEL_LISTING_TIMEOUT}, so neither the start nor any request waits for it.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> modelListing(Environment env, LiveConfig live, ModelWindows windows) {
        return ready -> {
            if (env.getProperty(MODEL_LISTING_PROPERTY, Boolean.class, false)) {
                new ModelListing(MODEL_LISTING_TIMEOUT).learn(live.current(), windows.learned());
            }
        };
    }

    /** How long a provider's models endpoint may take to answer. */
    static final Duration MODEL_LISTING_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    Pipeline pipeline(
            LiveConfig live,
            UpstreamClient upstream,
            Protocols protocols,
            Guards guards,
            JsonMapper json,
            TransformerSnapshots transformers,
            LoadedPlugins plugins,
            Observer observer,
            ModelWindows windows,
            ProviderEndpoint endpoint,
            NodeHost node,
            Environment env) {
        String claude = env.getProperty(CLAUDE_PROJECTS_PROPERTY);
        ProjectRouters projects = new ProjectRouters(
                home(env).dir(),
                claude != null && !claude.isBlank() ? Path.of(claude) : ProjectRouters.claudeProjects(System.getenv()),
                System.getenv(),
                task -> Schedulers.boundedElastic().schedule(task));
        return new Pipeline(
                live,
                new Pipeline.Routing(
                        new ScenarioRouter(windows),
                        List.copyOf(plugins.routeRules()),
                        new TokenCounter(live::current, hubTokenizers(live, env)),
                        projects,
                        node),
                new Pipeline.Upstream(upstream, endpoint, guards),
                new Pipeline.Codecs(protocols, transformers::registry, json, DefaultDataBufferFactory.sharedInstance),
                observer);
    }

    /** How long the Hub may take to connect and to answer, per request. */
    static final Duration HUB_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Tokenizers given by Hub model name: {@code HF_ENDPOINT} and {@code HF_TOKEN} from the environment (or
     * properties of those names), fetched in the background at start and after each reload.
     */
    private static HubTokenizers hubTokenizers(LiveConfig live, Environment env) {
        HubTokenizers hub = new HubTokenizers(
                propertyOrVariable(env, "HF_ENDPOINT"),
                propertyOrVariable(env, "HF_TOKEN"),
                home(env).tokenizerCacheDir(),
                HUB_TIMEOUT);
        hub.prefetch(Tokenizers.hubModels(live.current()));
        live.onChange(config -> hub.prefetch(Tokenizers.hubModels(config)));
        return hub;
    }

    /** Meters, the JSON-lines request log in {@code $ROUTER_HOME/logs}, and usage since start. */
    @Bean(destroyMethod = "close")
    Observer observer(MeterRegistry registry, LiveConfig live, Environment env, Guards guards) {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guards.breakerRegistry())
                .bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(guards.bulkheadRegistry()).bindTo(registry);
        return new Observer(
                registry,
                RequestLog.in(home(env).logsDir(), live.secrets()),
                () -> live.current().log(),
                new LiveFeed(live.secrets()));
    }

    /** The web UI's login codes and sessions, in memory. */
    @Bean
    UiSessions uiSessions() {
        return new UiSessions(Clock.systemUTC());
    }

    /**
     * The property {@code name}, else the environment variable of that name: the daemon's Spring environment
     * holds only {@code ROUTER_SPRING_*} variables (see {@code ServeCommand}).
     */
    private static @Nullable String propertyOrVariable(Environment env, String name) {
        String value = env.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    static RouterHome home(Environment env) {
        String home = env.getProperty(HOME_PROPERTY);
        return home != null && !home.isBlank() ? new RouterHome(Path.of(home)) : RouterHome.resolve(System.getenv());
    }

    @Bean
    ClientErrors clientErrors(JsonMapper json) {
        Hooks.onErrorDropped(ClientGone::dropped);
        return new ClientErrors(json);
    }

    @Bean
    Refusals refusals(Protocols protocols, ClientErrors errors) {
        return new Refusals(protocols, errors);
    }

    @Bean
    ApiKeyFilter apiKeyFilter(LiveConfig live, Pipeline pipeline, Refusals refusals) {
        return new ApiKeyFilter(live, pipeline.clients(), refusals);
    }

    /** The inference endpoints on Reactor Netty, ahead of the {@link #routes} below; see {@link FrontDoor}. */
    @Bean
    FrontDoor frontDoor(
            Pipeline pipeline, LiveConfig live, Protocols protocols, ClientErrors errors, Observer observer) {
        return new FrontDoor(pipeline, live, protocols, errors, observer.bodies());
    }

    /**
     * No per-request server observation: Spring's {@code http.server.requests} timer cost about 7% of
     * the CPU of a proxied request, and the router keeps its own metrics.
     */
    @Bean
    WebHttpHandlerBuilderCustomizer noServerObservations() {
        return builder -> builder.observationRegistry(ObservationRegistry.NOOP);
    }

    @Bean
    ConfigReloader configReloader(LiveConfig live, Environment env, TransformerSnapshots transformers) {
        String file = env.getProperty(CONFIG_PROPERTY);
        String home = env.getProperty(HOME_PROPERTY);
        Path path = file != null && !file.isBlank()
                ? Path.of(file)
                : home != null && !home.isBlank()
                        ? new RouterHome(Path.of(home)).configFile()
                        : RouterHome.resolve(System.getenv()).configFile();
        ConfigReloader reloader = new ConfigReloader(live, path, System.getenv());
        reloader.setCheck(config -> Stream.concat(
                        transformers.check(config, live.current()).stream(), clusterProblems(config))
                .toList());
        return reloader;
    }

    /** A {@code cluster.redis} that is no Redis URL, refused at a reload as cluster mode follows reloads. */
    private static Stream<ConfigProblem> clusterProblems(RouterConfig config) {
        try {
            ClusterSettings.from(config.raw(), System.getenv());
            return Stream.empty();
        } catch (IllegalArgumentException e) {
            return Stream.of(new ConfigProblem("cluster.redis", e.getMessage()));
        }
    }

    /** With {@link #WARMUP_PROPERTY}, {@link Warmup} once the daemon answers. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> warmup(Environment env, LiveConfig live, UpstreamClient upstream) {
        return ready -> {
            if (env.getProperty(WARMUP_PROPERTY, Boolean.class, false)) {
                Warmup.start(live, upstream);
            }
        };
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    ConfigWatcher configWatcher(ConfigReloader reloader) {
        return new ConfigWatcher(reloader);
    }

    /** config.json's {@code server} timeouts, read once: the server is built once. */
    @Bean
    ServerTimeoutsCustomizer serverTimeouts(LiveConfig live) {
        return new ServerTimeoutsCustomizer(live.current().serverTimeouts());
    }

    @Bean
    RouterFunction<ServerResponse> routes(
            Pipeline pipeline,
            LiveConfig live,
            Protocols protocols,
            JsonMapper json,
            ClientErrors errors,
            ConfigReloader reloader,
            ObjectProvider<StatusContributor> statusContributors,
            Observer observer,
            ObjectProvider<PrometheusMeterRegistry> prometheus,
            UiSessions sessions,
            ClusterMode cluster) {
        InferenceHandlers h = new InferenceHandlers(pipeline, live, protocols.anthropic(), errors, json);
        RouterFunctions.Builder routes = RouterFunctions.route();
        prometheus.ifAvailable(registry -> {
            MetricsScrape metrics = new MetricsScrape(registry);
            routes.GET("/actuator/prometheus", metrics::scrape).HEAD("/actuator/prometheus", metrics::scrape);
        });
        return routes
                // POST /v1/messages, /v1/chat/completions and /v1beta/models/{model}:... are the FrontDoor's
                .POST("/v1/messages/count_tokens", h::countTokens)
                .GET("/v1/models", h::models)
                .GET("/health", cluster::health)
                .route(RequestPredicates.method(HttpMethod.HEAD).and(RequestPredicates.path("/api/hello")), h::hello)
                .GET("/api/hello", h::hello)
                .POST(
                        "/api/explain",
                        new ExplainHandler(pipeline, protocols.anthropic(), errors, json, live.secrets())::explain)
                .add(new AdminHandlers(
                                reloader,
                                observer,
                                Stream.concat(
                                                statusContributors.orderedStream(),
                                                Stream.of(new RedactedStatus(live.secrets())))
                                        .toList(),
                                protocols.anthropic(),
                                errors,
                                json)
                        .routes())
                .add(new ConfigEditHandlers(reloader, protocols.anthropic(), json).routes())
                .add(new TryHandlers(pipeline, live, json).routes())
                .add(new UiHandlers(sessions, observer.feed(), json).routes())
                .add(new HealthHandlers(pipeline, observer, live, json).routes())
                .add(new BodyHandlers(observer.bodies(), live, protocols.anthropic(), errors, json).routes())
                .route(RequestPredicates.all(), h::notFound)
                .build();
    }
}
