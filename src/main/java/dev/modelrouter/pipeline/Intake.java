package dev.modelrouter.pipeline;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.protocol.EscapedStrings;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.anthropic.AnthropicScan;
import dev.modelrouter.routing.ModelNames;
import dev.modelrouter.routing.RouteQuery;
import dev.modelrouter.routing.SessionContexts;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.routing.TraitsOf;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scan step: reads an {@link Inbound} into an {@link Exchange}. An Anthropic body is scanned for
 * its routing facts without being decoded; an OpenAI or Gemini body is decoded to the canonical model
 * at once (it is translated whatever the target). Claude Code's session (in cluster mode, from Redis
 * when this instance has not seen it) and its project's routes are looked up here, so routing itself
 * needs no I/O.
 */
final class Intake {

    /** What an {@link Intake} reads with. */
    record Readers(Protocols protocols, TokenCounter tokens, JsonMapper json) {}

    private final LiveConfig live;
    private final Readers readers;
    private final ProjectRouters projects;
    private final SessionContexts sessions;

    Intake(LiveConfig live, Readers readers, ProjectRouters projects, SessionContexts sessions) {
        this.live = live;
        this.readers = readers;
        this.projects = projects;
        this.sessions = sessions;
    }

    /** The exchange of {@code in}, on the config snapshot current now; a 400 for a body that cannot be read. */
    Mono<Exchange> exchange(Inbound in, RequestTrace trace) {
        RouterConfig snapshot = live.current();
        if (in.protocol() != WireProtocol.ANTHROPIC) {
            return Mono.just(new Exchange(in, decoded(in), RouteQuery.Session.NONE, snapshot, snapshot, trace));
        }
        AnthropicScan scan = AnthropicRequestScanner.scan(in.body());
        ModelNames.check(scan.model(), "model");
        String id = SessionContexts.sessionId(in.headers().session(), scan.userId());
        trace.session(id);
        Mono<RouterConfig> routes = routesFor(snapshot, id);
        if (sessions.unknown(id)) {
            // a session begun before this instance started: its last turn from the cluster, once
            routes = sessions.recall(id).publishOn(LoopTimers.current()).then(routes);
        }
        return routes.map(config -> {
            RouteQuery.Session session = new RouteQuery.Session(id, () -> sessions.lastPrompt(id), config != snapshot);
            return new Exchange(in, scanned(in, scan, config), session, snapshot, config, trace);
        });
    }

    private ClientRequest scanned(Inbound in, AnthropicScan scan, RouterConfig config) {
        Protocol anthropic = readers.protocols().anthropic();
        Lazy<ChatRequest> canonical =
                new Lazy<>(() -> TraitsOf.withoutSubagentTag(anthropic.readRequest(translated(in.body()))));
        // with REWRITE_SYSTEM_PROMPT, a request that has Claude Code's main system block is re-encoded
        ChatRequest rewritten =
                config.systemPrompt() == null ? null : SystemRewrite.apply(canonical.get(), config.systemPrompt());
        return new ClientRequest(
                anthropic,
                scan,
                rewritten != null,
                scan.traits(() -> countTokens(scan.body())),
                canonical,
                rewritten == null ? canonical : new Lazy<>(() -> rewritten),
                new Lazy<>(() -> readers.tokens().count(canonical.get())));
    }

    private ClientRequest decoded(Inbound in) {
        Protocol protocol = readers.protocols().of(in.protocol());
        if (protocol == null) {
            throw new IllegalStateException("no client codec for " + in.protocol());
        }
        ChatRequest read = protocol.readRequest(translated(in.body()));
        // a Gemini client names the model and streaming in the URL
        ChatRequest client = in.url() == null
                ? read
                : read.toBuilder().model(in.url().model()).stream(in.url().stream())
                        .build();
        ModelNames.check(client.model(), "model");
        return new ClientRequest(
                protocol,
                null,
                false,
                TraitsOf.of(client, readers.tokens()),
                new Lazy<>(() -> client),
                new Lazy<>(() -> TraitsOf.withoutSubagentTag(client)),
                new Lazy<>(() -> readers.tokens().count(client)));
    }

    /**
     * The body the custom router script is given: an Anthropic Messages body, as in ccr, whatever the
     * client spoke; the client's own when it is one and was not rewritten.
     */
    JsonNode scriptBody(Exchange x) {
        ClientRequest r = x.request();
        if (r.forwardable() != null) {
            return parse(x.inbound().body());
        }
        return readers.protocols()
                .anthropic()
                .writeRequest(r.rewritten() ? r.outbound().get() : r.routed().get());
    }

    /** {@code POST /v1/messages/count_tokens}, answered locally. */
    int countTokens(byte[] body) {
        return readers.tokens().count(countTokensRequest(body));
    }

    /** A count_tokens body as the request it counts. */
    ChatRequest countTokensRequest(byte[] body) {
        return readers.protocols().anthropic().readCountTokensRequest(parse(body));
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

    private JsonNode parse(byte[] body) {
        try {
            return readers.json().readTree(body);
        } catch (JacksonException e) {
            throw RouterException.invalid("malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }

    /** {@link #parse}, remembering the body's long strings for the translation's writer ({@link EscapedStrings}). */
    private JsonNode translated(byte[] body) {
        try {
            return EscapedStrings.read(readers.json(), body);
        } catch (JacksonException e) {
            throw RouterException.invalid("malformed JSON in the request body: " + e.getOriginalMessage());
        }
    }
}
