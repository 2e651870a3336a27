package dev.modelrouter.pipeline;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.Resilience;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.WireProtocol;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.observe.UsageLedger;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.routing.ModelNames;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.RouteQuery;
import dev.modelrouter.routing.Router;
import dev.modelrouter.routing.ScriptAnswer;
import dev.modelrouter.routing.ScenarioRouter;
import dev.modelrouter.routing.SessionContexts;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.routing.TraitsOf;
import dev.modelrouter.upstream.ProviderEndpoint;
import dev.modelrouter.upstream.UpstreamCall;
import dev.modelrouter.observe.Ingress;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.spi.RouteRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import dev.modelrouter.transform.TransformerChain;
import dev.modelrouter.transform.TransformerRegistry;
import dev.modelrouter.upstream.Guards;
import dev.modelrouter.upstream.UpstreamClient;
import dev.modelrouter.upstream.UpstreamReply;
import java.net.URI;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One exchange, end to end: read the client's request, route it on the config snapshot taken at
 * its start, call the upstream, answer in the client's protocol. When client and provider both speak
 * Anthropic, the body goes through as bytes with only the model rewritten and the answer comes back
 * byte for byte; otherwise the request is decoded to the canonical model, encoded for the provider,
 * and the answer converted back event by event.
 */
public final class Pipeline implements AutoCloseable {

    private final LiveConfig live;
    private final Router router;
    private final TokenCounter tokens;
    private final UpstreamClient upstream;
    private final ProviderEndpoint endpoints;
    private final Protocols protocols;
    private final Replies replies;
    private final Attempts attempts;
    private final Guards guards;
    private final JsonMapper json;
    private final TransformerRegistry registry;
    private final Observer observer;
    private final CustomRoutes customs;
    private final Explainer explainer;
    private final SessionContexts sessions = new SessionContexts();
    private final ProjectRouters projects;
    /** OpenAI and Gemini clients carry no Claude Code session. */
    private static final Consumer<Usage> NO_SESSION = usage -> { };
    private final AtomicReference<TransformerChains> chains =
            new AtomicReference<>();

    public Pipeline(
            LiveConfig live,
            ScenarioRouter router,
            TokenCounter tokens,
            UpstreamClient upstream,
            ProviderEndpoint endpoints,
            Protocols protocols,
            Guards guards,
            DataBufferFactory buffers,
            JsonMapper json,
            TransformerRegistry registry,
            List<RouteRule> rules,
            Observer observer,
            ProjectRouters projects) {
        this.projects = projects;
        this.registry = registry;
        this.observer = observer;
        this.customs = new CustomRoutes(router, rules);
        this.live = live;
        this.router = new Router(router, rules);
        this.tokens = tokens;
        this.upstream = upstream;
        this.endpoints = endpoints;
        this.protocols = protocols;
        this.replies = new Replies(buffers, json, live.secrets());
        this.guards = guards;
        this.attempts = new Attempts(guards);
        this.explainer = new Explainer(protocols, endpoints, guards, json, live.secrets());
        this.json = json;
    }

    /**
     * {@code POST /v1/messages}: an Anthropic client's request; {@code sessionHeader} is Claude Code's
     * {@code x-claude-code-session-id}, or {@code null}.
     */
    public Mono<ProxyResponse> anthropicMessages(
            byte[] body, @Nullable String version, @Nullable String beta, @Nullable String sessionHeader) {
        RequestTrace trace = observer.start(Ingress.ANTHROPIC);
        return Observed.exchange(trace, true, usage -> sessions.record(trace.session(), usage), Mono.defer(() -> {
            AnthropicScan scan = AnthropicRequestScanner.scan(body);
            ModelNames.check(scan.model(), "model");
            String id = SessionContexts.sessionId(sessionHeader, scan.userId());
            trace.session(id);
            RouterConfig snapshot = live.current();
            return routesFor(snapshot, id).flatMap(config -> {
                Lazy<ChatRequest> canonical = new Lazy<>(
                        () -> TraitsOf.withoutSubagentTag(protocols.anthropic().readRequest(parse(body))));
                Lazy<Integer> tokenCount = new Lazy<>(() -> tokens.count(canonical.get()));
                // with REWRITE_SYSTEM_PROMPT, a request that has Claude Code's main system block is re-encoded
                ChatRequest rewritten = config.systemPrompt() == null ? null
                        : SystemRewrite.apply(canonical.get(), config.systemPrompt());
                // the script's process belongs to the snapshot, whatever routes the session's project has
                return customs.afterScript(snapshot,
                        () -> rewritten != null ? protocols.anthropic().writeRequest(rewritten) : parse(body),
                        tokenCount::get,
                        id,
                        script -> anthropicExchange(scan, version, beta, trace, config, canonical, rewritten,
                                router.plan(anthropicQuery(scan, id, snapshot, config, canonical, tokenCount, script))));
            });
        }));
    }

    private RouteQuery anthropicQuery(AnthropicScan scan, @Nullable String session, RouterConfig snapshot,
            RouterConfig config, Lazy<ChatRequest> canonical, Lazy<Integer> tokenCount, ScriptAnswer script) {
        RouteQuery.Session facts = new RouteQuery.Session(session, () -> sessions.lastPrompt(session), config != snapshot);
        return new RouteQuery(scan.traits(() -> countTokens(scan.body())), canonical, tokenCount::get,
                Ingress.ANTHROPIC.tag(), facts, script, config);
    }

    /** The prompt sizes of recent Claude Code sessions, which cluster mode shares between instances. */
    public SessionContexts sessions() {
        return sessions;
    }

    /**
     * {@code POST /api/explain}: what the router would do with an Anthropic ({@code openAi} false) or
     * OpenAI Chat Completions request, the custom router script asked but no provider called.
     */
    public Mono<Explanation> explain(byte[] body, boolean openAi, @Nullable String sessionHeader) {
        return Mono.defer(() -> {
            RouterConfig snapshot = live.current();
            if (openAi) {
                ChatRequest client = protocols.openai().readRequest(parse(body));
                Lazy<Integer> tokenCount = new Lazy<>(() -> tokens.count(client));
                return customs.answer(snapshot, () -> protocols.anthropic().writeRequest(client), tokenCount::get, null)
                        .map(script -> explained(protocols.openai(), new RouteQuery(TraitsOf.of(client, tokens),
                                () -> client, tokenCount::get, Ingress.OPENAI.tag(), RouteQuery.Session.NONE, script,
                                snapshot), null));
            }
            AnthropicScan scan = AnthropicRequestScanner.scan(body);
            String id = SessionContexts.sessionId(sessionHeader, scan.userId());
            return routesFor(snapshot, id).flatMap(config -> {
                Lazy<ChatRequest> canonical = new Lazy<>(
                        () -> TraitsOf.withoutSubagentTag(protocols.anthropic().readRequest(parse(body))));
                Lazy<Integer> tokenCount = new Lazy<>(() -> tokens.count(canonical.get()));
                // REWRITE_SYSTEM_PROMPT re-encodes what it rewrites, so such a request is not forwarded as bytes
                Function<Route, byte[]> forward =
                        config.systemPrompt() == null ? route -> scan.rewrite(route.model()) : null;
                return customs.answer(snapshot, () -> parse(body), tokenCount::get, id).map(script -> explained(
                        protocols.anthropic(), anthropicQuery(scan, id, snapshot, config, canonical, tokenCount, script),
                        forward));
            });
        });
    }

    private Explanation explained(Protocol protocol, RouteQuery query,
            java.util.function.@Nullable Function<Route, byte[]> forward) {
        String model = query.traits().model();
        try {
            RoutePlan plan = router.plan(query);
            ChatRequest client = TraitsOf.withoutSubagentTag(query.request().get());
            return new Explanation(protocol.name(), model, plan, null,
                    explainer.targets(protocol, client, plan, chains(query.config()), forward));
        } catch (RouterException e) {
            return new Explanation(protocol.name(), model, null, live.secrets().redact(e.getMessage()), List.of());
        }
    }

    /**
     * The snapshot with the routes of the session's Claude Code project or of the session itself, as in
     * ccr: at once when they are known, else after a look at their files off the event loop (at most once
     * a second per session), and only while some project has routes.
     */
    private Mono<RouterConfig> routesFor(RouterConfig config, @Nullable String session) {
        if (session == null || !projects.active()) {
            return Mono.just(config);
        }
        RouterConfig known = projects.known(config, session);
        if (known != null) {
            return Mono.just(known);
        }
        return Mono.fromCallable(() -> projects.forSession(config, session))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(LoopTimers.current());
    }

    private Mono<ProxyResponse> anthropicExchange(AnthropicScan scan, @Nullable String version, @Nullable String beta,
            RequestTrace trace, RouterConfig config, Lazy<ChatRequest> canonical, @Nullable ChatRequest rewritten,
            RoutePlan plan) {
        trace.routed(plan.scenario(), scan.model(), route -> ModelNames.listed(config, route), plan.brief());
        TransformerChains chains = chains(config);
        ChatRequest stub = ChatRequest.builder().model(scan.model()).stream(scan.stream()).build();
        return attempts.run(plan, config, (route, provider) -> {
            Continuer continuer = continuer(plan, route, config, protocols.anthropic(), scan.stream(), version, beta);
            if (rewritten != null || provider.protocol() != WireProtocol.ANTHROPIC || chains.chain(route).rewrites()) {
                return translated(protocols.anthropic(), rewritten != null ? rewritten : canonical.get(), route, provider,
                        config, version, beta, continuer);
            }
            URI uri = endpoints.uri(provider, route.model(), scan.stream());
            ProviderEndpoint.Prepared prepared = endpoints.prepare(provider, version, beta, scan.stream());
            UpstreamCall call = new UpstreamCall(
                    uri, prepared.headers(), scan.rewrite(route.model()), ProviderEndpoint.describe(provider, uri));
            return send(call, config, provider, prepared)
                    .flatMap(reply -> replies.relay(
                            reply, route, protocols.anthropic(), stub, provider.resilience(), continuer, canonical));
        }, (error, route) -> replies.render(error, route, protocols.anthropic()), trace);
    }

    /** {@code POST /v1/chat/completions}: an OpenAI client's request. */
    public Mono<ProxyResponse> openAiChat(byte[] body) {
        RequestTrace trace = observer.start(Ingress.OPENAI);
        return Observed.exchange(trace, false, NO_SESSION, Mono.defer(() -> {
            RouterConfig config = live.current();
            ChatRequest client = protocols.openai().readRequest(parse(body));
            return decoded(protocols.openai(), "openai", client, config, trace);
        }));
    }

    /** An exchange whose request was decoded to the canonical form (OpenAI and Gemini clients). */
    private Mono<ProxyResponse> decoded(Protocol protocol, String ingress, ChatRequest client,
            RouterConfig config, RequestTrace trace) {
        ModelNames.check(client.model(), "model");
        Lazy<Integer> tokenCount = new Lazy<>(() -> tokens.count(client));
        // the script sees an Anthropic Messages body, as in ccr, whatever the client spoke
        return customs.afterScript(config, () -> protocols.anthropic().writeRequest(client), tokenCount::get, null,
                script -> {
                    RoutePlan plan = router.plan(new RouteQuery(TraitsOf.of(client, tokens), () -> client,
                            tokenCount::get, ingress, RouteQuery.Session.NONE, script, config));
                    trace.routed(plan.scenario(), client.model(), route -> ModelNames.listed(config, route), plan.brief());
                    ChatRequest untagged = TraitsOf.withoutSubagentTag(client);
                    return attempts.run(
                            plan,
                            config,
                            (route, provider) -> translated(protocol, untagged, route, provider, config, null, null,
                                    continuer(plan, route, config, protocol, client.stream(), null, null)),
                            (error, route) -> replies.render(error, route, protocol),
                            trace);
                });
    }

    /** Stops the custom router script's process, if one runs. */
    @Override
    public void close() {
        customs.close();
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

    /**
     * {@code POST /v1beta/models/{model}:generateContent} or {@code :streamGenerateContent}: a Gemini
     * client's request; the model comes from the URL.
     */
    public Mono<ProxyResponse> geminiGenerate(byte[] body, String model, boolean stream) {
        RequestTrace trace = observer.start(Ingress.GEMINI);
        return Observed.exchange(trace, false, NO_SESSION, Mono.defer(() -> {
            RouterConfig config = live.current();
            ChatRequest client = protocols.gemini().readRequest(parse(body)).toBuilder()
                    .model(model)
                    .stream(stream)
                    .build();
            return decoded(protocols.gemini(), "gemini", client, config, trace);
        }));
    }

    /** {@code POST /v1/messages/count_tokens}, answered locally. */
    public int countTokens(byte[] body) {
        return tokens.count(protocols.anthropic().readCountTokensRequest(parse(body)));
    }

    /** Circuit breaker states, for status. */
    public Map<String, String> circuits() {
        return guards.states();
    }

    private Mono<ProxyResponse> translated(
            Protocol clientProtocol,
            ChatRequest client,
            Route route,
            ProviderConfig provider,
            RouterConfig config,
            @Nullable String version,
            @Nullable String beta,
            @Nullable Continuer continuer) {
        Protocol upstreamProtocol = protocols.of(provider);
        TransformerChain chain = chains(config).chain(route);
        ChatRequest sent = chain.request(UpstreamRequests.forUpstream(client, route, clientProtocol, upstreamProtocol), route);
        URI uri = endpoints.uri(provider, route.model(), client.stream());
        ProviderEndpoint.Prepared prepared = endpoints.prepare(provider, version, beta, client.stream());
        UpstreamCall call = new UpstreamCall(
                uri,
                prepared.headers(),
                json.writeValueAsBytes(chain.body(upstreamProtocol.writeRequest(sent), route)),
                ProviderEndpoint.describe(provider, uri));
        return send(call, config, provider, prepared).flatMap(reply -> replies.translate(
                reply, route, upstreamProtocol, clientProtocol, sent, client, provider.resilience(), continuer,
                chain.isEmpty() ? null : events -> chain.response(events, route)));
    }

    /**
     * For a streaming request served by {@code serving}: how to continue its stream from the plan's
     * later targets if it breaks. A continuation that must carry the partial answer goes only to a
     * provider that accepts an assistant prefill (the Anthropic protocol).
     */
    private @Nullable Continuer continuer(
            RoutePlan plan,
            Route serving,
            RouterConfig config,
            Protocol clientProtocol,
            boolean stream,
            @Nullable String version,
            @Nullable String beta) {
        if (!stream) {
            return null;
        }
        List<Route> rest = new ArrayList<>();
        boolean after = !plan.routes().contains(serving);
        for (Route r : plan.routes()) {
            if (after && !r.equals(serving)) {
                rest.add(r);
            }
            after |= r.equals(serving);
        }
        if (rest.isEmpty()) {
            return null;
        }
        return (request, prefill) -> {
            for (Route r : rest) {
                ProviderConfig provider = config.provider(r.provider()).orElse(null);
                if (provider == null || (prefill && provider.protocol() != WireProtocol.ANTHROPIC)) {
                    continue;
                }
                return events(clientProtocol, request, r, provider, config, version, beta);
            }
            return Mono.error(new RouterException(ErrorKind.BAD_GATEWAY,
                    "no fallback target can continue a partial answer (that needs an Anthropic-protocol provider"
                            + " that accepts an assistant prefill)"));
        };
    }

    /** One target's streamed answer to {@code request} as canonical events, once its headers are in. */
    private Mono<Flux<StreamEvent>> events(
            Protocol clientProtocol,
            ChatRequest request,
            Route route,
            ProviderConfig provider,
            RouterConfig config,
            @Nullable String version,
            @Nullable String beta) {
        return Mono.defer(() -> {
            Protocol upstreamProtocol = protocols.of(provider);
            TransformerChain chain = chains(config).chain(route);
            ChatRequest sent = chain.request(
                    UpstreamRequests.forUpstream(request.toBuilder().stream(true).build(), route, clientProtocol, upstreamProtocol), route);
            URI uri = endpoints.uri(provider, route.model(), true);
            ProviderEndpoint.Prepared prepared = endpoints.prepare(provider, version, beta, true);
            UpstreamCall call = new UpstreamCall(uri, prepared.headers(),
                    json.writeValueAsBytes(chain.body(upstreamProtocol.writeRequest(sent), route)),
                    ProviderEndpoint.describe(provider, uri));
            Resilience r = provider.resilience();
            return send(call, config, provider, prepared).flatMap(reply -> reply.ok()
                    ? Mono.just(chain.response(StreamTranslation.decode(
                            StreamGuards.deadlines(reply.body(), r.firstEventTimeout(), r.idleTimeout(), Replies.what(route)),
                            upstreamProtocol, sent), route))
                    : replies.failure(reply, route, upstreamProtocol)
                            .map(p -> Flux.<StreamEvent>empty()));
        });
    }

    /** The transformer chains of this config snapshot, built once per snapshot. */
    private TransformerChains chains(RouterConfig config) {
        TransformerChains current = chains.get();
        if (current != null && current.isFor(config)) {
            return current;
        }
        TransformerChains fresh = new TransformerChains(config, registry);
        chains.set(fresh);
        return fresh;
    }

    /** Sends a call; a key that was refused or rate-limited rests while the pool's others serve. */
    private Mono<UpstreamReply> send(
            UpstreamCall call, RouterConfig config, ProviderConfig provider, ProviderEndpoint.Prepared prepared) {
        return upstream.send(call, config.proxyUrl(), provider.resilience().connectTimeout()).doOnNext(reply -> {
            if (reply.status() == 429 || reply.status() == 401) {
                Duration rest = Duration.ofSeconds(reply.status() == 401 ? 300 : 30);
                String after = reply.header("retry-after");
                if (after != null && after.chars().allMatch(Character::isDigit) && !after.isEmpty()) {
                    rest = Duration.ofSeconds(Long.parseLong(after));
                }
                endpoints.coolDown(provider, prepared.keyIndex(), rest);
            }
        });
    }

    private JsonNode parse(byte[] body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw RouterException.invalid("malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }
}
