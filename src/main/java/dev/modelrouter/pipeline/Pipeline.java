package dev.modelrouter.pipeline;

import dev.modelrouter.clients.ClientGate;
import dev.modelrouter.config.ClientKey;
import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.observe.BodyCapture;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.observe.RecentBodies;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.observe.UsageLedger;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.routing.ModelNames;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.Router;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.ScriptAnswer;
import dev.modelrouter.routing.SessionContexts;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.spi.RouteRule;
import dev.modelrouter.transform.TransformerRegistry;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exchange, end to end: {@code scan → plan → attempts(target → forward | translate) → observe}.
 * {@link Intake} reads the request into an {@link Exchange} on the config snapshot taken at its start;
 * the {@link Router} plans its targets; {@link Attempts} tries them in order, each by {@link Forward}
 * (Anthropic on both sides: bytes through, model rewritten) or {@link Translate} (through the canonical
 * model); {@link Observed} records what the client got.
 */
public final class Pipeline implements AutoCloseable {

    /**
     * How routing decides: the built-in rules, the plugins' rules, the token counter, the projects' routes,
     * and the node that runs the custom router script (shared with the JS transformers; its owner closes it).
     */
    public record Routing(
            ScenarioRouter scenarios,
            List<RouteRule> rules,
            TokenCounter tokens,
            ProjectRouters projects,
            NodeHost node) {}

    /** The way to providers: the HTTP client, endpoints and keys, circuit breakers and bulkheads. */
    public record Upstream(UpstreamClient client, ProviderEndpoint endpoints, Guards guards) {}

    /**
     * The codecs: wire protocols, transformers, JSON and buffers.
     *
     * @param registries the transformer names of each config snapshot (its JS transformers follow reloads)
     */
    public record Codecs(
            Protocols protocols,
            Function<RouterConfig, TransformerRegistry> registries,
            JsonMapper json,
            DataBufferFactory buffers) {

        /** Codecs whose transformer names are the same for every snapshot. */
        public Codecs(Protocols protocols, TransformerRegistry registry, JsonMapper json, DataBufferFactory buffers) {
            this(protocols, config -> registry, json, buffers);
        }
    }

    private final LiveConfig live;
    private final Intake intake;
    private final Router router;
    private final CustomRoutes customs;
    private final Attempts attempts;
    private final Egress egress;
    private final Forward forward;
    private final Translate translate;
    private final Explainer explainer;
    private final ImageAgent images;
    private final JsonMapper codecsJson;
    private final Observer observer;
    private final SessionContexts sessions = new SessionContexts();
    private final ClientGate clients = new ClientGate(Clock.systemUTC());
    private final ProjectRouters projects;
    private final Function<RouterConfig, TransformerRegistry> registries;
    private final Guards guards;
    private final ProviderEndpoint endpoints;
    private final ProviderTokenCounts providerCounts;
    private final AtomicReference<@Nullable TransformerChains> chains = new AtomicReference<>();
    private final RecentBodies<Inbound> recent =
            new RecentBodies<>(RecentBodies.DEFAULT_COUNT, RecentBodies.DEFAULT_BYTES);

    public Pipeline(LiveConfig live, Routing routing, Upstream upstream, Codecs codecs, Observer observer) {
        this.live = live;
        this.observer = observer;
        observer.onUsage((provider, model, client, usage, error) -> clients.recorded(client, usage));
        this.projects = routing.projects();
        this.registries = codecs.registries();
        this.guards = upstream.guards();
        this.endpoints = upstream.endpoints();
        this.providerCounts = new ProviderTokenCounts(
                upstream.client(),
                upstream.endpoints(),
                codecs.protocols(),
                routing.tokens(),
                Duration.ofSeconds(3),
                1024);
        this.intake = new Intake(
                live,
                new Intake.Readers(codecs.protocols(), routing.tokens(), codecs.json()),
                routing.projects(),
                sessions);
        this.router = new Router(routing.scenarios(), routing.rules());
        this.customs = new CustomRoutes(routing.node());
        this.attempts = new Attempts(upstream.guards());
        this.egress =
                new Egress(upstream.client(), upstream.endpoints(), codecs.buffers(), codecs.json(), live.secrets());
        this.forward = new Forward(egress);
        this.translate = new Translate(egress, codecs.protocols());
        this.codecsJson = codecs.json();
        this.images = new ImageAgent(codecs.protocols().anthropic(), codecs.json(), codecs.buffers());
        this.explainer = new Explainer(
                codecs.protocols(), upstream.endpoints(), upstream.guards(), codecs.json(), live.secrets());
    }

    /** The client keys' door and counts, which cluster mode shares between instances. */
    public ClientGate clients() {
        return clients;
    }

    /** The prompt sizes of recent Claude Code sessions, which cluster mode shares between instances. */
    public SessionContexts sessions() {
        return sessions;
    }

    /** An inference request, any endpoint: the answer in the client's protocol, its head once a target answered. */
    public Mono<ProxyResponse> serve(Inbound inbound) {
        return serve(inbound, null);
    }

    /** As {@link #serve(Inbound)}, keeping {@code capture} under the request's id ("show bodies" is on). */
    public Mono<ProxyResponse> serve(Inbound inbound, BodyCapture.@Nullable Captured capture) {
        return Mono.defer(() -> {
            ImagePlaceholders.Turn turn = ImagePlaceholders.turn(live.current(), inbound, codecsJson);
            return turn == null
                    ? exchange(inbound, capture)
                    : images.serve(inbound, turn, round -> exchange(round, capture));
        });
    }

    /** One exchange: scan, plan, attempts, observe. */
    private Mono<ProxyResponse> exchange(Inbound inbound, BodyCapture.@Nullable Captured capture) {
        return Mono.defer(() -> {
            RequestTrace trace = observer.start(inbound.protocol());
            recent.keep(trace.id(), inbound, inbound.body().length); // memory only, for `router explain --id`
            if (capture != null) {
                observer.bodies().keep(trace.id(), capture);
            }
            return Observed.exchange(
                    trace,
                    usage -> sessions.record(trace.session(), usage),
                    Mono.defer(() -> intake.exchange(inbound, trace))
                            .flatMap(exchange -> plan(exchange)
                                    .flatMap(plan -> admit(exchange, inbound, plan))
                                    .flatMap(plan -> attempts(exchange, plan))));
        });
    }

    /** The custom router script's answer (asked only when the config names one), then the router's plan. */
    private Mono<RoutePlan> plan(Exchange x) {
        // the script's process belongs to the snapshot, whatever routes the session's project has
        return customs.answer(
                        x.snapshot(),
                        () -> intake.scriptBody(x),
                        x.request().tokens()::get,
                        x.session().id())
                .map(script -> {
                    RoutePlan plan = router.plan(x.query(script));
                    x.trace()
                            .routed(
                                    plan.scenario(),
                                    x.request().traits().model(),
                                    route -> ModelNames.listed(x.config(), route),
                                    plan.brief());
                    return plan;
                });
    }

    /** With {@code ClientKeys}: the plan as the request's client key may use it, or why it may not. */
    private Mono<RoutePlan> admit(Exchange x, Inbound inbound, RoutePlan plan) {
        ClientKey client = clients.identify(x.snapshot(), inbound.key());
        if (client == null) {
            return Mono.just(plan);
        }
        x.trace().client(client.name());
        return clients.admit(client, plan);
    }

    /** The plan's targets in turn until one answers; each goes as bytes when it can, else translated. */
    private Mono<ProxyResponse> attempts(Exchange x, RoutePlan plan) {
        TransformerChains chains = chains(x.config());
        return attempts.run(
                plan,
                x.config(),
                (route, provider) -> {
                    Dispatch d = new Dispatch(
                            x, route, provider, chains.chain(route), translate.continuer(x, plan, route, chains));
                    return Forward.applies(d) ? forward.send(d) : translate.send(d);
                },
                (error, route) -> egress.render(error, route, x.request().protocol()),
                x.trace(),
                x.request().stream());
    }

    /**
     * {@code POST /api/explain}: what the router would do with {@code inbound}. Neither the custom router
     * script nor any provider is called, no key's turn in its pool moves, and the trace is never finished,
     * so nothing is logged or metered.
     */
    public Mono<Explanation> explain(Inbound inbound) {
        return Mono.defer(() -> intake.exchange(inbound, observer.start(inbound.protocol())))
                .map(x -> {
                    String model = x.request().traits().model();
                    String protocol = inbound.protocol().key();
                    try {
                        RoutePlan plan = router.plan(x.query(notRun(x.snapshot())));
                        return new Explanation(
                                protocol, model, plan, null, explainer.targets(x, plan, chains(x.config())));
                    } catch (RouterException e) {
                        return new Explanation(
                                protocol, model, null, live.secrets().redact(e.getMessage()), List.of());
                    }
                });
    }

    /**
     * {@code POST /api/explain?id=}: {@link #explain(Inbound)} for the recent request whose request-log
     * line has {@code id}; a 404 when that request is no longer kept.
     */
    public Mono<Explanation> explain(String id) {
        return Mono.defer(() -> recent.get(id)
                .map(this::explain)
                .orElseGet(() -> Mono.error(new RouterException(ErrorKind.NOT_FOUND, recent.missing(id)))));
    }

    /** What explain puts in the script's place: it never starts or asks the user's script. */
    private static ScriptAnswer notRun(RouterConfig config) {
        return config.customRouter()
                .<ScriptAnswer>map(path -> new ScriptAnswer.NotRun(path.toString()))
                .orElseGet(ScriptAnswer.None::new);
    }

    /** {@code POST /v1/messages/count_tokens}, answered locally. */
    public int countTokens(byte[] body) {
        return intake.countTokens(body);
    }

    /** {@code POST /v1/messages/count_tokens}: the routed provider's own count where it has one, else local. */
    public Mono<Integer> countTokens(byte[] body, @Nullable String version, @Nullable String beta) {
        return Mono.defer(() -> providerCounts.count(intake.countTokensRequest(body), live.current(), version, beta));
    }

    /** The transformer chains of this config snapshot, built once per snapshot. */
    private TransformerChains chains(RouterConfig config) {
        TransformerChains current = chains.get();
        if (current != null && current.isFor(config)) {
            return current;
        }
        TransformerChains fresh = new TransformerChains(config, registries.apply(config));
        chains.set(fresh);
        return fresh;
    }

    /** The custom router script's path and state ({@code running}, or why not), or null without one. */
    public @Nullable ScriptState customRouter(RouterConfig config) {
        return customs.scriptStatus(config);
    }

    /** The Claude Code projects that have routes of their own in {@code $ROUTER_HOME}. */
    public List<String> projectRoutes() {
        projects.active(); // a look that is due starts now, in the background
        return projects.projects();
    }

    /** Requests, errors and tokens per provider and model since start. */
    public List<UsageLedger.Line> usage() {
        return observer.usage();
    }

    /** The keys of {@code provider}'s pool resting after a 429 or 401, by index, with when each wakes. */
    public Map<Integer, Instant> restingKeys(ProviderConfig provider) {
        return endpoints.resting(provider);
    }

    /** The last upstream failure of {@code provider}, redacted, or null. */
    public @Nullable String lastError(String provider) {
        return guards.lastError(provider);
    }

    /**
     * A Claude Code session's project and the route files that apply to it; looks at files, so call
     * it off the event loop.
     */
    public ProjectRouters.SessionRoutes sessionRoutes(String session) {
        return projects.describe(session);
    }

    /** Circuit breaker states, for status. */
    public Map<String, String> circuits() {
        return guards.states();
    }

    /** Stops the custom router script's process, if one runs. */
    @Override
    public void close() {
        customs.close();
    }
}
