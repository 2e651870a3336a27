package dev.modelrouter.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.testing.NodeJs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** ccr-format transformer files run under the real node, with ccr's shapes; skipped without node. */
class ScriptTransformersTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    // in ccr's format: a class constructed with its options, a name, and transformRequestIn returning
    // {body, config} with a url and headers
    static final String REWRITER = """
            class Rewriter {
              constructor(options) { this.options = options; this.name = 'rewriter'; }
              async transformRequestIn(request, provider) {
                request.max_tokens = this.options.max;
                request.messages.push({ role: 'user', content: 'seen by ' + provider.name });
                return { body: request, config: { url: new URL(provider.baseUrl + '/extra'), headers: { 'x-tag': 'v1' } } };
              }
            }
            module.exports = Rewriter;
            """;

    // rewrites a streamed answer: reads the fetch Response's body stream, returns a new Response
    static final String SHOUTER = """
            module.exports = class Shouter {
              name = 'shouter';
              async transformResponseOut(response) {
                const decoder = new TextDecoder();
                const encoder = new TextEncoder();
                const body = response.body.pipeThrough(new TransformStream({
                  transform(chunk, controller) {
                    controller.enqueue(encoder.encode(decoder.decode(chunk, { stream: true }).toUpperCase()));
                  },
                }));
                return new Response(body, { status: response.status, headers: { 'content-type': 'text/event-stream', 'x-shout': 'yes' } });
              }
            };
            """;

    @TempDir
    Path dir;

    ScriptTransformers host;

    @BeforeAll
    static void nodeIsInstalled() {
        NodeJs.assumeInstalled();
    }

    @BeforeEach
    void start() throws IOException {
        host = ScriptTransformers.create(Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        host.close();
    }

    private Path write(String name, String source) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, source);
        return file;
    }

    private static ObjectNode provider() {
        return JSON.createObjectNode()
                .put("name", "prov")
                .put("baseUrl", "http://127.0.0.1:9/v1")
                .put("apiKey", "k");
    }

    private static ObjectNode request() {
        return (ObjectNode) JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    }

    @Test
    void aClassIsConstructedWithItsOptionsAndRewritesTheRequestUrlAndHeaders() throws IOException {
        Path file = write("rewriter.js", REWRITER);
        ScriptTransformers.Loaded loaded =
                host.load("a", file, JSON.createObjectNode().put("max", 77)).block(WAIT);
        assertThat(loaded.name()).isEqualTo("rewriter");
        assertThat(loaded.hooks()).containsExactly("transformRequestIn");

        ScriptTransformers.Request out =
                host.requestIn("a", request(), provider()).block(WAIT);

        assertThat(out.body().path("max_tokens").asInt()).isEqualTo(77);
        assertThat(out.body().path("messages").get(1).path("content").asString())
                .isEqualTo("seen by prov");
        assertThat(out.url()).isEqualTo("http://127.0.0.1:9/v1/extra");
        assertThat(out.headers()).containsEntry("x-tag", "v1");
    }

    @Test
    void aStreamedAnswerIsRewrittenChunkByChunk() throws IOException {
        host.load("s", write("shouter.js", SHOUTER), JSON.createObjectNode()).block(WAIT);
        Flux<byte[]> upstream = Flux.just("data: {\"text\":\"hé", "llo\"}\n\n", "data: [done]\n\n")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));

        ScriptTransformers.Reply reply = host.responseOut(
                        List.of("s"), 200, Map.of("content-type", "text/event-stream"), upstream)
                .block(WAIT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers()).containsEntry("x-shout", "yes");
        String text = reply.body()
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .collect(Collectors.joining())
                .block(WAIT);
        assertThat(text).isEqualTo("DATA: {\"TEXT\":\"HÉLLO\"}\n\nDATA: [DONE]\n\n");
    }

    @Test
    void bodiesWhoseChunksReachNodeWithTheirHeadAreWholeEveryTime() throws IOException {
        host.load("s", write("shouter.js", SHOUTER), JSON.createObjectNode()).block(WAIT);

        List<String> texts = Flux.range(0, 40)
                .flatMap(i -> host.responseOut(
                                List.of("s"),
                                200,
                                Map.of(),
                                Flux.just("a" + i, "b", "c").map(s -> s.getBytes(StandardCharsets.UTF_8)))
                        .flatMap(reply -> reply.body()
                                .map(b -> new String(b, StandardCharsets.UTF_8))
                                .collect(Collectors.joining())))
                .collectList()
                .block(WAIT);

        assertThat(texts).hasSize(40).allSatisfy(t -> assertThat(t).matches("A\\d+BC"));
    }

    @Test
    void aWholeAnswerIsReadWithJsonAndReplacedAsGeminiCliDoes() throws IOException {
        // gemini-cli's shape: read the provider's JSON, answer a new Response in the unified (OpenAI) shape
        host.load("g", write("unwrap.js", """
                module.exports = class { name = 'unwrap';
                  async transformResponseOut(response) {
                    const data = await response.json();
                    const text = data.response.candidates[0].content.parts[0].text;
                    return new Response(JSON.stringify({ choices: [{ message: { role: 'assistant', content: text } }] }),
                      { status: response.status, headers: { 'content-type': 'application/json' } });
                  } };
                """), JSON.createObjectNode()).block(WAIT);
        Flux<byte[]> upstream = Flux.just(
                        "{\"response\":{\"candidates\":[{\"content\":", "{\"parts\":[{\"text\":\"Hi!\"}]}}]}}")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));

        ScriptTransformers.Reply reply = host.responseOut(
                        List.of("g"), 200, Map.of("content-type", "application/json"), upstream)
                .block(WAIT);

        assertThat(reply.headers()).containsEntry("content-type", "application/json");
        assertThat(reply.body()
                        .map(b -> new String(b, StandardCharsets.UTF_8))
                        .collect(Collectors.joining())
                        .block(WAIT))
                .isEqualTo("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"}}]}");
    }

    @Test
    void aHookThatThrowsIsAnErrorNamingItsFile() throws IOException {
        Path file = write("broken.js", """
                module.exports = class { name = 'broken'; transformRequestIn() { throw new Error('no token file'); } };
                """);
        host.load("b", file, JSON.createObjectNode()).block(WAIT);

        assertThatThrownBy(() -> host.requestIn("b", request(), provider()).block(WAIT))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no token file");
    }

    @Test
    void aHookThatNeverAnswersTimesOutNamingItsFile() throws IOException {
        Path file = write("stuck.js", """
                module.exports = class { name = 'stuck'; transformRequestIn() { return new Promise(() => {}); } };
                """);
        host.load("s", file, JSON.createObjectNode()).block(WAIT);

        assertThatThrownBy(() -> host.requestIn("s", request(), provider()).block(WAIT))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("no answer within 3000 ms");
    }

    @Test
    void aFileThatFailsToLoadIsAnErrorNamingIt() throws IOException {
        Path file = write("nameless.js", "module.exports = class { transformRequestIn(r) { return r; } };");

        assertThatThrownBy(() -> host.load("n", file, JSON.createObjectNode()).block(WAIT))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has no name");
    }

    @Test
    void anEditedFileIsLoadedAgainBeforeItsNextCall() throws IOException {
        Path file = write("tag.js", """
                module.exports = class { name = 'tag'; transformRequestIn(r) { r.tag = 'one'; return r; } };
                """);
        host.load("t", file, JSON.createObjectNode()).block(WAIT);
        assertThat(host.requestIn("t", request(), provider())
                        .block(WAIT)
                        .body()
                        .path("tag")
                        .asString())
                .isEqualTo("one");

        Files.writeString(file, """
                module.exports = class { name = 'tag'; transformRequestIn(r) { r.tag = 'two'; return r; } };
                """);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(host.requestIn("t", request(), provider())
                        .block(WAIT)
                        .body()
                        .path("tag")
                        .asString())
                .isEqualTo("two");
    }
}
