package dev.modelrouter.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The start-up floor for a proxy on Spring Boot WebFlux: the smallest one a user would write, auto-configured
 * on the same Spring Boot and Reactor Netty as the router, with one route ({@code POST /v1/messages}) that
 * sends the body with Reactor Netty's HTTP client to the upstream and answers with the upstream's status,
 * content type and body, as {@link StackFloor} does without Spring. {@code scripts/bench} times its start
 * beside the router's with what the router starts with: the daemon's JVM options, a class-data archive of
 * its own, the router's {@code application.properties} and bean definitions generated ahead of time. Usage:
 * {@code SpringFloor LISTEN_PORT UPSTREAM_PORT}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SpringFloor {

    private static final String UPSTREAM_PROPERTY = "floor.upstream";

    @Bean
    RouterFunction<ServerResponse> messages(Environment env) {
        HttpClient client = HttpClient.create().baseUrl(env.getRequiredProperty(UPSTREAM_PROPERTY));
        return RouterFunctions.route()
                .POST(
                        "/v1/messages",
                        request -> request.bodyToMono(byte[].class)
                                .flatMap(body -> client.headers(h -> h.set(
                                                        HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                                                .set("anthropic-version", "2023-06-01"))
                                        .post()
                                        .uri(request.path())
                                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                                        .responseSingle((answer, bytes) -> bytes.asByteArray()
                                                .defaultIfEmpty(new byte[0])
                                                .flatMap(answered -> ServerResponse.status(
                                                                answer.status().code())
                                                        .contentType(MediaType.APPLICATION_JSON)
                                                        .bodyValue(answered)))))
                .build();
    }

    public static void main(String[] args) {
        SpringApplication.run(
                SpringFloor.class,
                "--server.port=" + Integer.parseInt(args[0]),
                "--" + UPSTREAM_PROPERTY + "=http://127.0.0.1:" + Integer.parseInt(args[1]),
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--logging.level.root=warn");
    }
}
