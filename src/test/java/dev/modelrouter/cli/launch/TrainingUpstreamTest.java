package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrainingUpstreamTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String base(TrainingUpstream upstream) {
        Matcher m = Pattern.compile("\"api_base_url\": \"(http://[^/\"]+)/v1/messages\"")
                .matcher(upstream.config());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void configNamesOnlyTheLoopbackServer() throws Exception {
        try (TrainingUpstream upstream = TrainingUpstream.start()) {
            Matcher urls = Pattern.compile("\"api_base_url\": \"([^\"]*)\"").matcher(upstream.config());
            int providers = 0;
            while (urls.find()) {
                assertThat(urls.group(1)).startsWith(base(upstream) + "/").startsWith("http://127.0.0.1:");
                providers++;
            }
            assertThat(providers).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void answersEachProtocolWholeOrStreamedAndCountsOnlyTheMessages() throws Exception {
        try (TrainingUpstream upstream = TrainingUpstream.start()) {
            String base = base(upstream);

            HttpResponse<String> anthropic = post(base + "/v1/messages", "{\"model\":\"m\",\"stream\":false}");
            HttpResponse<String> anthropicStream = post(base + "/v1/messages", "{\"model\":\"m\", \"stream\": true}");
            HttpResponse<String> openai = post(base + "/v1/chat/completions", "{\"model\":\"m\"}");
            HttpResponse<String> openaiStream = post(base + "/v1/chat/completions", "{\"stream\":true}");
            HttpResponse<String> count = post(base + "/v1/messages/count_tokens", "{\"stream\":true}");

            assertThat(anthropic.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(anthropic.body()).contains("\"type\":\"message\"");
            assertThat(anthropicStream.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(anthropicStream.body())
                    .startsWith("event: message_start")
                    .contains("event: message_stop");
            assertThat(openai.body()).contains("\"object\":\"chat.completion\"");
            assertThat(openaiStream.body()).contains("chat.completion.chunk").endsWith("data: [DONE]\n\n");
            assertThat(count.body()).isEqualTo("{\"input_tokens\":5}");
            assertThat(upstream.answered())
                    .as("messages, the token count not among them")
                    .isEqualTo(4);
        }
    }
}
