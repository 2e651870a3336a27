package dev.modelrouter.clients;

import dev.modelrouter.config.ClientKey;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Usage;
import dev.modelrouter.routing.RoutePlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The door of a shared router: which {@code ClientKeys} entry a request's key is, whether that client
 * may use the routed model, and whether it is within its requests and tokens per minute and its tokens
 * per UTC day. Counting goes to {@link LocalCounts} until cluster mode {@linkplain #share shares} it.
 */
public final class ClientGate {

    /** Per client since start, for status. */
    private record Totals(LongAdder requests, LongAdder refused, LongAdder tokens) {
        Totals() {
            this(new LongAdder(), new LongAdder(), new LongAdder());
        }
    }

    /** The keys of one config snapshot, read once per snapshot. */
    private record Keys(RouterConfig config, List<ClientKey> keys) {}

    private final Clock clock;
    private final Map<String, Totals> totals = new ConcurrentHashMap<>();
    private volatile ClientCounts counts = new LocalCounts();
    private volatile @Nullable Keys keys;

    public ClientGate(Clock clock) {
        this.clock = clock;
    }

    /** Counts from now on in {@code shared} (cluster mode). */
    public void share(ClientCounts shared) {
        this.counts = shared;
    }

    /** Whether {@code config} has client keys, and so whether a request must present one of them. */
    public boolean guards(RouterConfig config) {
        return !keys(config).isEmpty();
    }

    /** The client key {@code presented} is, compared in constant time; {@code null} when none is. */
    public @Nullable ClientKey identify(RouterConfig config, @Nullable String presented) {
        if (presented == null) {
            return null;
        }
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        ClientKey found = null;
        for (ClientKey key : keys(config)) {
            if (MessageDigest.isEqual(key.key().getBytes(StandardCharsets.UTF_8), given) && found == null) {
                found = key;
            }
        }
        return found;
    }

    private List<ClientKey> keys(RouterConfig config) {
        Keys k = keys;
        if (k == null || k.config() != config) {
            k = new Keys(config, config.clientKeys());
            keys = k;
        }
        return k.keys();
    }

    /**
     * Lets {@code client}'s request through, counting it: {@code plan} without the fallbacks the client
     * may not use. Fails with a 403 when it may not use the primary target, or with a 429 and
     * {@code Retry-After} when it is over a limit.
     */
    public Mono<RoutePlan> admit(ClientKey client, RoutePlan plan) {
        return Mono.defer(() -> {
            Totals t = totals(client.name());
            t.requests().increment();
            Route route = plan.primary();
            if (!client.allows(route.provider(), route.model())) {
                t.refused().increment();
                return Mono.error(new RouterException(
                        ErrorKind.PERMISSION,
                        "client key '" + client.name()
                                + "' may not use " + route.provider() + "," + route.model() + " (its models: "
                                + String.join(", ", client.models()) + ")"));
            }
            List<Route> allowed = plan.routes().stream()
                    .filter(r -> client.allows(r.provider(), r.model()))
                    .toList();
            Instant now = clock.instant();
            long minute = now.getEpochSecond() / 60;
            String day = day(now);
            return Mono.zip(counts.dayTokens(client.name(), day), counts.minuteTokens(client.name(), minute))
                    .flatMap(used -> {
                        RouterException over = overTokens(client, used.getT1(), used.getT2(), now);
                        return over != null ? Mono.<Long>error(over) : counts.request(client.name(), minute);
                    })
                    .flatMap(n -> client.rpm() > 0 && n > client.rpm()
                            ? Mono.<RoutePlan>error(limited(
                                    client.name() + " is over its " + client.rpm() + " requests per minute",
                                    untilNextMinute(now)))
                            : Mono.just(new RoutePlan(plan.scenario(), allowed, plan.steps())))
                    .doOnError(e -> t.refused().increment());
        });
    }

    private @Nullable RouterException overTokens(ClientKey client, long today, long thisMinute, Instant now) {
        if (client.budgetTokensPerDay() > 0 && today >= client.budgetTokensPerDay()) {
            Instant midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            return limited(
                    client.name() + " has used its budget of " + client.budgetTokensPerDay()
                            + " tokens for today (UTC)",
                    Duration.between(now, midnight));
        }
        if (client.tpm() > 0 && thisMinute >= client.tpm()) {
            return limited(client.name() + " is over its " + client.tpm() + " tokens per minute", untilNextMinute(now));
        }
        return null;
    }

    private static Duration untilNextMinute(Instant now) {
        return Duration.ofSeconds(60 - now.getEpochSecond() % 60);
    }

    private static RouterException limited(String why, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toMillisPart() > 0 ? 1 : 0));
        return new RouterException(
                ErrorKind.RATE_LIMIT,
                ErrorKind.RATE_LIMIT.status(),
                "client key " + why + "; retry in " + seconds + " s",
                Long.toString(seconds),
                null);
    }

    /** Counts a finished request's tokens (input and output) against {@code client}; {@code -} is no client. */
    public void recorded(String client, Usage usage) {
        long tokens = (long) usage.input() + usage.output();
        if ("-".equals(client) || tokens <= 0) {
            return;
        }
        totals(client).tokens().add(tokens);
        Instant now = clock.instant();
        counts.tokens(client, now.getEpochSecond() / 60, day(now), tokens);
    }

    private Totals totals(String client) {
        return totals.computeIfAbsent(client, k -> new Totals());
    }

    private static String day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    }

    /** This instance's counts per client key of {@code config} since start, for {@code GET /api/status}. */
    public void describe(ObjectNode status, RouterConfig config) {
        ArrayNode clients = status.putArray("clientKeys");
        for (ClientKey key : keys(config)) {
            Totals t = totals.getOrDefault(key.name(), new Totals());
            clients.addObject()
                    .put("name", key.name())
                    .put("requests", t.requests().sum())
                    .put("refused", t.refused().sum())
                    .put("tokens", t.tokens().sum());
        }
    }
}
