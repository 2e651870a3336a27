package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LiveFeedTest {

    static final Duration PERIOD = Duration.ofMillis(10);

    // the feed's records one by one, whatever batches they came in
    static reactor.core.publisher.Flux<String> records(LiveFeed feed) {
        return feed.subscribe().concatMapIterable(batch -> batch);
    }

    static RequestRecord record(String requested) {
        return new RequestRecord(
                RequestTrace.newId(),
                Instant.parse("2025-01-01T00:00:00Z"),
                WireProtocol.ANTHROPIC,
                Scenario.DEFAULT,
                requested,
                List.of("p,m1"),
                1,
                "p,m1",
                200,
                Outcome.OK,
                2_500_000,
                1_000_000,
                new Usage(10, 5, 0, 0),
                List.of(),
                null,
                null);
    }

    @Test
    void offeringWithoutSubscribersKeepsNothing() {
        LiveFeed feed = new LiveFeed(s -> s, 4, PERIOD);
        for (int i = 0; i < 100; i++) {
            feed.offer(record("m"));
        }
        assertThat(feed.subscribers()).isZero();
        assertThat(feed.dropped()).isZero();
        assertThat(feed.built()).as("records turned into JSON with no UI open").isZero();

        StepVerifier.create(records(feed).take(1))
                .then(() -> feed.offer(record("after")))
                .assertNext(json -> assertThat(json).contains("\"requested_model\":\"after\""))
                .verifyComplete();
        assertThat(feed.built()).isOne();
    }

    @Test
    void recordsAreTurnedIntoJsonOnTheFeedsOwnThreadAndCloseEndsSubscribers() {
        LiveFeed feed = new LiveFeed(s -> s, 4, PERIOD);
        StepVerifier.create(feed.subscribe().map(batch -> Thread.currentThread().getName()))
                .then(() -> feed.offer(record("m")))
                .assertNext(thread -> assertThat(thread).startsWith(LiveFeed.THREAD))
                .then(feed::close)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aStreamedRequestReachesTheFeedOnceWhenItFinishesNotPerEvent() {
        Traces traces = new Traces(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null);
        LiveFeed feed = traces.observer.feed();
        RequestTrace trace = traces.observer.start(WireProtocol.ANTHROPIC);
        StepVerifier.create(feed.subscribe())
                .then(() -> {
                    trace.firstByte();
                    for (int i = 1; i <= 50; i++) {
                        trace.usage(new Usage(10, i, 0, 0));
                    }
                })
                .expectNoEvent(Duration.ofMillis(300))
                .then(() -> trace.finish(Outcome.OK, 200))
                .assertNext(batch -> assertThat(batch)
                        .singleElement()
                        .satisfies(json -> assertThat(json).contains("\"output\":50")))
                .expectNoEvent(Duration.ofMillis(100))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(feed.built()).isOne();
    }

    @Test
    void aSubscriberThatDoesNotReadLosesRecordsPastItsBufferAndIsToldHowMany() {
        LiveFeed feed = new LiveFeed(s -> s, 16, Duration.ofMillis(50)); // the rate admits 25 a period

        StepVerifier.create(feed.subscribe(), 0)
                .then(() -> {
                    for (int i = 0; i < 22; i++) {
                        feed.offer(record("m" + i));
                    }
                })
                // a paused reader: the periods pass, the records wait in the buffer and nothing is built
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> assertThat(feed.built()).isZero())
                .thenRequest(1)
                .assertNext(batch -> {
                    assertThat(batch).hasSize(16);
                    assertThat(batch.get(0)).startsWith("{\"dropped\":6,").contains("\"requested_model\":\"m0\"");
                })
                .then(() -> feed.offer(record("later")))
                .thenRequest(1)
                .assertNext(batch -> assertThat(batch)
                        .singleElement()
                        .satisfies(json -> assertThat(json).contains("\"requested_model\":\"later\"")))
                .thenCancel()
                .verify(Duration.ofSeconds(10));
        assertThat(feed.dropped()).isEqualTo(6);
        assertThat(feed.built()).as("only what the reader took became JSON").isEqualTo(17);
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void eachRecordCarriesItsRequestIdForExplainById() {
        LiveFeed feed = new LiveFeed(s -> s, 4, PERIOD);
        RequestRecord first = record("a");
        RequestRecord second = record("b");
        assertThat(first.id()).matches("[0-9a-f]{12}").isNotEqualTo(second.id());

        StepVerifier.create(records(feed).take(1))
                .then(() -> feed.offer(first))
                .assertNext(json -> assertThat(json).contains("\"request\":{\"id\":\"" + first.id() + "\","))
                .verifyComplete();
    }

    @Test
    void aClaudeCodeRequestCarriesItsSessionAndOthersLeaveItOut() {
        Traces traces = new Traces(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null);
        LiveFeed feed = traces.observer.feed();
        StepVerifier.create(records(feed).take(2))
                .then(() -> {
                    RequestTrace claude = traces.observer.start(WireProtocol.ANTHROPIC);
                    claude.session("6f1c2a9e-session");
                    claude.finish(Outcome.OK, 200);
                    traces.observer.start(WireProtocol.OPENAI).finish(Outcome.OK, 200);
                })
                .assertNext(json ->
                        assertThat(json).contains("\"ingress\":\"anthropic\",\"session\":\"6f1c2a9e-session\","))
                .assertNext(json ->
                        assertThat(json).contains("\"ingress\":\"openai\",").doesNotContain("session"))
                .verifyComplete();
    }

    @Test
    void textFieldsAreRedactedAndSubscribersAreCapped() {
        LiveFeed feed = new LiveFeed(s -> s.replace("sk-secret", "***"), 4, PERIOD);
        StepVerifier.create(records(feed).take(1))
                .then(() -> feed.offer(record("sk-secret")))
                .assertNext(json ->
                        assertThat(json).contains("\"requested_model\":\"***\"").doesNotContain("sk-secret"))
                .verifyComplete();

        List<reactor.core.Disposable> held = new java.util.ArrayList<>();
        for (int i = 0; i < LiveFeed.MAX_SUBSCRIBERS; i++) {
            held.add(feed.subscribe().subscribe());
        }
        StepVerifier.create(feed.subscribe())
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(10));
        held.forEach(reactor.core.Disposable::dispose);
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aSubscriberIsSentAtMostItsRatePerPeriodAndTheRestCountedAsNotShown() {
        // a period long enough that the offers below all fall inside the first one, even on a busy machine
        Duration period = Duration.ofSeconds(1);
        int perPeriod = LiveFeed.MAX_PER_SECOND;
        LiveFeed feed = new LiveFeed(s -> s, 1024, period);
        StepVerifier.create(feed.subscribe().take(1))
                .then(() -> {
                    for (int i = 0; i < 3 * perPeriod; i++) {
                        feed.offer(record("m" + i));
                    }
                })
                .assertNext(batch -> assertThat(batch).hasSize(perPeriod))
                .verifyComplete();
        assertThat(feed.dropped()).isEqualTo(2 * perPeriod);
        assertThat(feed.built()).as("no JSON for what is not shown").isEqualTo(perPeriod);
    }
}
