package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.RouteRule;
import dev.modelrouter.spi.Transformer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Whatever a plugin throws at request time, the request goes on as if the plugin were not there. */
class GuardedPluginCallsTest {

    private static final Route ROUTE = new Route("p", "m", Scenario.DEFAULT);
    private static final ChatRequest REQUEST = ChatRequest.builder().model("m").build();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final PluginFaults faults = new PluginFaults("bad.jar");

    @Test
    void aThrowingRequestHookPassesTheRequestThroughAndIsCountedOnce() {
        Transformer guarded = guard(new Transformer() {
            @Override
            public ChatRequest transformRequest(ChatRequest request, Route route) {
                throw new IllegalStateException("plugin bug");
            }
        });

        assertThat(guarded.transformRequest(REQUEST, ROUTE)).isSameAs(REQUEST);
        assertThat(guarded.transformRequest(REQUEST, ROUTE)).isSameAs(REQUEST);
        assertThat(faults.count()).isEqualTo(2);
    }

    @Test
    void aBodyHookThatThrowsHalfwayLeavesTheBodyAsItWas() {
        ObjectNode body = JsonMapper.builder().build().createObjectNode().put("model", "m");
        Transformer guarded = guard(new Transformer() {
            @Override
            public ObjectNode transformBody(ObjectNode b, Route route) {
                b.put("model", "changed");
                throw new AssertionError("plugin bug");
            }
        });

        ObjectNode out = guarded.transformBody(body, ROUTE);

        assertThat(out).isSameAs(body);
        assertThat(out.get("model").asString()).isEqualTo("m");
    }

    @Test
    void nullAnswersCountAsFailures() {
        Transformer guarded = guard(new Transformer() {
            @Override
            @SuppressWarnings("NullAway")
            public ChatRequest transformRequest(ChatRequest request, Route route) {
                return null;
            }
        });

        assertThat(guarded.transformRequest(REQUEST, ROUTE)).isSameAs(REQUEST);
        assertThat(faults.count()).isEqualTo(1);
    }

    @Test
    void virtualMachineErrorsAreNotSwallowed() {
        Transformer guarded = guard(new Transformer() {
            @Override
            public ChatRequest transformRequest(ChatRequest request, Route route) {
                throw new OutOfMemoryError("test");
            }
        });

        assertThatThrownBy(() -> guarded.transformRequest(REQUEST, ROUTE)).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aResponseHookThatThrowsWhenCalledPassesTheEventsThrough() {
        Transformer guarded = guard(new Transformer() {
            @Override
            public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
                throw new IllegalStateException("plugin bug");
            }
        });

        StepVerifier.create(guarded.transformResponse(events("a", "b"), ROUTE))
                .expectNext(text("a"), text("b"))
                .expectComplete()
                .verify(WAIT);
        assertThat(faults.count()).isEqualTo(1);
    }

    @Test
    void aResponseHookThatFailsMidStreamPassesTheRestThroughUntransformed() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Transformer guarded = guard(upperCaseFailingOn("b"));

        StepVerifier.create(guarded.transformResponse(
                        events("a", "b", "c", "d").doOnCancel(() -> cancelled.set(true)), ROUTE))
                .expectNext(text("A"), text("c"), text("d"))
                .expectComplete()
                .verify(WAIT);
        assertThat(faults.count()).isEqualTo(1);
        assertThat(cancelled).isFalse();
    }

    @Test
    void aResponseHookThatFailsOnTheLastEventEndsTheStream() {
        Transformer guarded = guard(upperCaseFailingOn("b"));

        StepVerifier.create(guarded.transformResponse(events("a", "b"), ROUTE))
                .expectNext(text("A"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void aResponseHookThatFailsOnAnAsynchronousStreamPassesTheRestThrough() {
        Transformer guarded = guard(upperCaseFailingOn("b"));
        Flux<StreamEvent> slow = events("a", "b", "c").delayElements(Duration.ofMillis(5));

        StepVerifier.create(guarded.transformResponse(slow, ROUTE))
                .expectNext(text("A"), text("c"))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void upstreamErrorsPassThroughAsTheyAreEvenWhenThePluginWrapsThem() {
        RouterException upstream = new RouterException(ErrorKind.OVERLOADED, "overloaded");
        Transformer guarded = guard(new Transformer() {
            @Override
            public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
                return events.onErrorMap(e -> new IllegalStateException("wrapped", e));
            }
        });

        StepVerifier.create(guarded.transformResponse(events("a").concatWith(Flux.error(upstream)), ROUTE))
                .expectNext(text("a"))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(upstream))
                .verify(WAIT);
        assertThat(faults.count()).isZero();
    }

    @Test
    void cancellingTheAnswerCancelsTheUpstream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Transformer guarded = guard(upperCaseFailingOn("never"));

        StepVerifier.create(guarded.transformResponse(
                        Flux.<StreamEvent>never().doOnCancel(() -> cancelled.set(true)), ROUTE))
                .thenCancel()
                .verify(WAIT);
        assertThat(cancelled).isTrue();
    }

    @Test
    void cancellingMidStreamCancelsTheUpstream() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<StreamEvent> upstream = events("a").concatWith(Flux.never()).doOnCancel(() -> cancelled.set(true));

        StepVerifier.create(guard(upperCaseFailingOn("never")).transformResponse(upstream, ROUTE))
                .expectNext(text("A"))
                .thenCancel()
                .verify(WAIT);
        assertThat(cancelled).isTrue();
    }

    @Test
    void theUpstreamIsSubscribedOnce() {
        int[] subscriptions = {0};
        Flux<StreamEvent> upstream = events("a", "b", "c").doOnSubscribe(s -> subscriptions[0]++);

        StepVerifier.create(guard(upperCaseFailingOn("b")).transformResponse(upstream, ROUTE))
                .expectNextCount(2)
                .expectComplete()
                .verify(WAIT);
        assertThat(subscriptions[0]).isEqualTo(1);
    }

    @Test
    void aThrowingRouteRuleLeavesTheDecisionToTheScenarios() {
        GuardedRouteRule guarded = new GuardedRouteRule(
                (request, context) -> {
                    throw new IllegalStateException("plugin bug");
                },
                faults);

        assertThat(guarded.route(REQUEST, new RouteRule.RouteContext(10, Optional.empty(), "anthropic")))
                .isEmpty();
        assertThat(faults.count()).isEqualTo(1);
        assertThat(guarded.jar()).isEqualTo("bad.jar");
    }

    @Test
    void aRouteRuleAnsweringNullCountsAsNoAnswer() {
        GuardedRouteRule guarded = new GuardedRouteRule((request, context) -> null, faults);

        assertThat(guarded.route(REQUEST, new RouteRule.RouteContext(10, Optional.empty(), "openai")))
                .isEmpty();
    }

    private Transformer guard(Transformer plugin) {
        return new GuardedTransformer(plugin, "test", faults);
    }

    private static Transformer upperCaseFailingOn(String failing) {
        Function<StreamEvent, StreamEvent> upper = e -> {
            String t = ((StreamEvent.Delta.Text) ((StreamEvent.BlockDelta) e).delta()).text();
            if (t.equals(failing)) {
                throw new IllegalStateException("plugin bug on " + t);
            }
            return text(t.toUpperCase(java.util.Locale.ROOT));
        };
        return new Transformer() {
            @Override
            public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
                return events.map(upper);
            }
        };
    }

    private static Flux<StreamEvent> events(String... texts) {
        return Flux.fromArray(texts).map(GuardedPluginCallsTest::text);
    }

    private static StreamEvent text(String t) {
        return new StreamEvent.BlockDelta(0, new StreamEvent.Delta.Text(t));
    }
}
